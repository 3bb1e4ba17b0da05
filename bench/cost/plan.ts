// What the cost benchmark runs, pure: the suite's run config per workload (rest at 200 iterations/s
// for 30 s; chatbot with its VU pool capped at 200 and an arrival rate above what 200 VUs can serve,
// so all 200 stay busy), and the environment of the bare scripts, built from the same config so the
// executor, rate, VU pool and REST weights are the suite's own.
import { REST_ACTIONS } from '../../lib/core/aurora/routes.ts';
import { LOCAL_RUN_CONFIG, RUN_ENV, type RunConfig } from '../../lib/core/run-config.ts';
import { buildScenarioOptions } from '../../lib/k6/scenario-options.ts';
import type { Workload } from './measure.ts';

export const REST_RATE = 200;
export const CHATBOT_VUS = 200;
export const HOLD_SECONDS = 30;

export interface Target {
  apiUrl: string;
  wsUrl: string;
  secret: string;
}

export function suiteConfig(workload: Workload, target: Target): RunConfig {
  const rest = workload === 'rest';
  return {
    ...LOCAL_RUN_CONFIG,
    env: 'local',
    apiUrl: target.apiUrl,
    wsUrl: target.wsUrl,
    profile: 'load',
    timeScale: 1,
    scenarios: [workload],
    profiles: { load: { level: 1, rampUp: '1s', hold: `${HOLD_SECONDS}s`, rampDown: '1s' } },
    rates: { ...LOCAL_RUN_CONFIG.rates, rest: REST_RATE, chatbot: CHATBOT_VUS * 2 },
    limits: { maxArrivalRate: 1000, maxVUs: rest ? 400 : CHATBOT_VUS, maxDuration: '10m' },
    users: { mode: 'provision', count: 4 },
  };
}

/** The suite bundle's environment, as `npm run load` sets it. */
export function suiteEnv(config: RunConfig, secret: string, summaryPath: string): Record<string, string> {
  return {
    [RUN_ENV.config]: JSON.stringify(config),
    [RUN_ENV.secret]: secret,
    [RUN_ENV.summaryPath]: summaryPath,
  };
}

/** The bare script's environment: the suite's executor (without its exec) and REST weights in order. */
export function bareEnv(workload: Workload, config: RunConfig, target: Target): Record<string, string> {
  const built = buildScenarioOptions(config, [workload]);
  const { exec: _exec, ...scenario } = built.options.scenarios[workload] as Record<string, unknown>;
  const weights = REST_ACTIONS.map((a) => [a, config.restWeights[a] ?? 0] as const).filter(([, w]) => w > 0);
  return {
    BENCH_API_URL: target.apiUrl,
    BENCH_WS_URL: target.wsUrl,
    BENCH_SECRET: target.secret,
    BENCH_SCENARIO: JSON.stringify(scenario),
    BENCH_REST_WEIGHTS: JSON.stringify(weights),
    BENCH_USERS: String(config.users.mode === 'provision' ? config.users.count : 4),
  };
}
