/** Shared by the simulated k6-operator's specs: a simulator running the k6 test double, clients, probes. */
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { RunningSim } from '../../sim/index.ts';
import { DOUBLE_K6 } from '../k6-double/pick-k6.ts';

export const TESTRUNS = { group: 'k6.io', version: 'v1alpha1', plural: 'testruns' } as const;

export interface Clients {
  kc: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
}

export function clientsFor(sim: RunningSim): Clients {
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  return { kc, custom: kc.makeApiClient(CustomObjectsApi), core: kc.makeApiClient(CoreV1Api) };
}

/**
 * A k6 for the runners: the test double, with runner 1 of 2 (segment 0:1/2) slow to start by
 * `delayS` seconds, so that a starter that does not wait for every runner is caught.
 */
export function slowFirstRunnerK6(dir: string, delayS: number): string {
  const path = join(dir, 'k6-slow-first-runner');
  writeFileSync(
    path,
    `#!/bin/sh\ncase "$*" in *--execution-segment=0:1/2*) sleep ${delayS} ;; esac\nexec "${DOUBLE_K6}" "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The status of a TestRun, or undefined once it is gone. */
export async function testRun(c: Clients, ns: string, name: string): Promise<any | undefined> {
  try {
    return await c.custom.getNamespacedCustomObject({ ...TESTRUNS, namespace: ns, name });
  } catch (e) {
    if ((e as { code?: number }).code === 404) return undefined;
    throw e;
  }
}

/** Pids of live processes whose command line contains `needle` (Linux /proc), for orphan checks. */
export function pidsWith(needle: string): number[] {
  if (!existsSync('/proc')) return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(needle) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** `k6 run ...` of a runner pod, from its spec. */
export function commandOf(pod: any): string {
  const c = pod.spec.containers[0];
  return [...(c.command ?? []), ...(c.args ?? [])].join(' ');
}
