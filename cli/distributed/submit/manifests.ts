// The three objects a distributed run creates, built pure from the run's config:
//   ConfigMap <testrun>-script  the scenario bundle (dist/<scenario>.js), at most 1 MiB
//   Secret    <testrun>-env     every secret value the runners need (the internal API secret, the
//                               rate-limit bypass, K6_PROMETHEUS_RW_* credentials), read through envFrom
//   TestRun   <testrun>         k6.io/v1alpha1: parallelism, the script, `args` with what today's local
//                               k6 command line carries (-e variables that are not secret,
//                               -o experimental-prometheus-rw, --tag testid=<run id>) and runner.env with
//                               the output's non-secret settings. Never a secret value.
// spec.cleanup stays unset on purpose: the operator would delete the runner pods before the CLI has
// read their exit codes; the CLI deletes the three objects itself (unless `cleanup: keep`).
import type { RunnerSpec } from '../env/schema.ts';
import { runObjectNames, type RunObjectNames } from './names.ts';

/** The most a ConfigMap holds (the API server's limit on its data). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

export const MANAGED_BY = 'aurora-load';

export interface SubmissionInput {
  runId: string;
  namespace: string;
  runners: number;
  runner: RunnerSpec;
  separate: boolean;
  /** The bundle: its file name in the ConfigMap (e.g. rest.js) and its text. */
  script: { file: string; content: string };
  /** k6 `-e NAME=value` variables: never secrets. */
  k6Env: Record<string, string>;
  /** Further k6 arguments: the remote-write output and the testid tag. */
  k6Args: string[];
  /** Non-secret environment of the runners (the output's settings). */
  runnerEnv: Record<string, string>;
  /** Secret environment of the runners: only ever in the Secret. */
  secretEnv: Record<string, string>;
}

export interface Submission {
  names: RunObjectNames;
  configMap: KubeObject;
  secret: KubeObject;
  testRun: KubeObject;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  [field: string]: unknown;
}

export class ScriptTooLarge extends Error {}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Refuses a bundle a ConfigMap cannot hold, with its size and what to do. */
export function checkScriptSize(file: string, content: string): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > CONFIGMAP_MAX_BYTES)
    throw new ScriptTooLarge(
      `${file} is ${mib(bytes)} (${bytes} bytes): a ConfigMap holds at most 1 MiB. ` +
        'Hint: run a single scenario (--scenario rest|chatbot|rca) rather than mixed, or put the script on a ' +
        'volume the runners mount (spec.script.volumeClaim) and keep the ConfigMap for smaller bundles',
    );
}

function labels(runId: string, names: RunObjectNames): Record<string, string> {
  return {
    'app.kubernetes.io/managed-by': MANAGED_BY,
    'aurora-load/testrun': names.testRun,
    // label values: at most 63 characters of [A-Za-z0-9._-]
    'aurora-load/run-id': runId
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 63)
      .replace(/[^A-Za-z0-9]+$/, ''),
  };
}

/** Sorted `NAME=value` arguments, so the same run config always yields the same TestRun. */
function envArgs(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .flatMap((k) => ['-e', `${k}=${env[k]}`]);
}

function runnerPod(i: SubmissionInput, names: RunObjectNames): Record<string, unknown> {
  const r = i.runner;
  return {
    image: r.image,
    env: Object.keys(i.runnerEnv)
      .sort()
      .map((name) => ({ name, value: i.runnerEnv[name] })),
    envFrom: [{ secretRef: { name: names.secret } }],
    ...(r.resources ? { resources: r.resources } : {}),
    ...(r.nodeSelector ? { nodeSelector: r.nodeSelector } : {}),
    ...(r.tolerations ? { tolerations: r.tolerations } : {}),
    ...(r.serviceAccountName ? { serviceAccountName: r.serviceAccountName } : {}),
    metadata: { labels: { 'app.kubernetes.io/managed-by': MANAGED_BY, 'aurora-load/testrun': names.testRun } },
  };
}

export function buildSubmission(i: SubmissionInput): Submission {
  checkScriptSize(i.script.file, i.script.content);
  const names = runObjectNames(i.runId);
  const meta = (name: string) => ({ name, namespace: i.namespace, labels: labels(i.runId, names) });
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(names.configMap),
    data: { [i.script.file]: i.script.content },
  };
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(names.secret),
    type: 'Opaque',
    stringData: { ...i.secretEnv },
  };
  const testRun: KubeObject = {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: meta(names.testRun),
    spec: {
      parallelism: i.runners,
      script: { configMap: { name: names.configMap, file: i.script.file } },
      args: [...envArgs(i.k6Env), ...i.k6Args],
      separate: i.separate,
      runner: runnerPod(i, names),
    },
  };
  return { names, configMap, secret, testRun };
}
