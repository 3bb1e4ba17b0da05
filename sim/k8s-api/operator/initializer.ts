// The initializer's part of a TestRun (what `k6 inspect` checks in a cluster): is there a k6 to run,
// is the script where spec.script says (a ConfigMap's file, or a local file), are the arguments ones
// a runner can take. Plus a small helper of the runners' start: a Secret's (or binaryData's) base64
// values decoded.
import { existsSync, readFileSync } from 'node:fs';
import type { ObjectStore } from '../store.ts';
import { type TestRunSpec, checkArgs, userArgs } from './runner-command.ts';

export const NO_K6_BINARY =
  'this simulator was started without a k6 binary (npm run sim -- --k6-bin <path>), so it cannot run TestRuns';

/** The most runner processes one TestRun may start on this machine. */
export const MAX_LOCAL_RUNNERS = 16;

/** The script's bytes, or why the TestRun cannot run. */
export function inspectTestRun(
  spec: TestRunSpec,
  store: ObjectStore,
  namespace: string,
  k6Binary: string | undefined,
): { script?: Buffer; problem?: string } {
  if (!k6Binary) return { problem: NO_K6_BINARY };
  if (spec.parallelism < 1 || spec.parallelism > MAX_LOCAL_RUNNERS)
    return {
      problem: `spec.parallelism ${spec.parallelism}: the simulator runs 1 to ${MAX_LOCAL_RUNNERS} runners, all on this machine`,
    };
  const { configMap, volumeClaim, localFile } = spec.script;
  let script: Buffer | undefined;
  if (configMap?.name) {
    const cm = store.get('configmaps', namespace, configMap.name);
    if (!cm) return { problem: `ConfigMap "${configMap.name}" not found in namespace "${namespace}"` };
    const f = configMap.file ?? 'test.js';
    const text = (cm.data as Record<string, string> | undefined)?.[f];
    const binary = (cm.binaryData as Record<string, string> | undefined)?.[f];
    if (text === undefined && binary === undefined)
      return { problem: `ConfigMap "${configMap.name}" has no file "${f}"` };
    script = text !== undefined ? Buffer.from(text, 'utf8') : Buffer.from(binary!, 'base64');
  } else if (volumeClaim) {
    return { problem: 'spec.script.volumeClaim is not supported by the simulator: use spec.script.configMap' };
  } else if (localFile) {
    if (!existsSync(localFile))
      return { problem: `spec.script.localFile "${localFile}" does not exist on this machine` };
    script = readFileSync(localFile);
  } else {
    return { problem: 'spec.script: one of configMap, volumeClaim or localFile is required' };
  }
  const bad = checkArgs(userArgs(spec));
  return bad ? { problem: bad } : { script };
}

/** base64 values decoded (a Secret's data, a ConfigMap's binaryData). */
export function decodedData(data: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((data ?? {}) as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );
}
