// What the runners get, split by who may see it. Today's local k6 gets the run config, the target
// URL and the secrets through its environment, and the remote-write output's settings and credentials
// through its environment too (cli/cluster/k6-output.ts). On k6-operator the non-secret part goes
// into the TestRun (`-e` arguments, runner.env) and every secret into the Secret. Pure.
import { RUN_ENV, type RunConfig } from '../../../lib/core/run-config.ts';
import type { K6Output } from '../../cluster/index.ts';

/** The remote-write settings that are not credentials; any other K6_PROMETHEUS_RW_* is treated as secret. */
const RW_PUBLIC = new Set([
  'K6_PROMETHEUS_RW_SERVER_URL',
  'K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM',
  'K6_PROMETHEUS_RW_PUSH_INTERVAL',
  'K6_PROMETHEUS_RW_TREND_STATS',
  'K6_PROMETHEUS_RW_INSECURE_SKIP_TLS_VERIFY',
  'K6_PROMETHEUS_RW_STALE_MARKERS',
]);

export interface RunnerEnvInput {
  /** The run config with the target's URLs filled in. */
  runConfig: RunConfig;
  secret: string;
  rateLimitBypass?: string;
  /** The remote-write output (its --tag testid and -o flags, and its environment). */
  remoteWrite: K6Output;
}

export interface RunnerEnv {
  k6Env: Record<string, string>;
  k6Args: string[];
  runnerEnv: Record<string, string>;
  secretEnv: Record<string, string>;
}

export function runnerEnv(i: RunnerEnvInput): RunnerEnv {
  const runnerEnv: Record<string, string> = {};
  const secretEnv: Record<string, string> = { [RUN_ENV.secret]: i.secret };
  if (i.rateLimitBypass) secretEnv[RUN_ENV.rateLimitBypass] = i.rateLimitBypass;
  for (const [k, v] of Object.entries(i.remoteWrite.env)) {
    if (RW_PUBLIC.has(k)) runnerEnv[k] = v;
    else secretEnv[k] = v;
  }
  return {
    k6Env: { [RUN_ENV.config]: JSON.stringify(i.runConfig), AURORA_API_URL: i.runConfig.apiUrl },
    k6Args: [...i.remoteWrite.args],
    runnerEnv,
    secretEnv,
  };
}
