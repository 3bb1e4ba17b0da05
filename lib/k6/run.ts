// What every scenario bundle shares: the run config and target read once per VU from __ENV, the
// options of the included scenarios, setup() (liveness probe, users, seeds, Grafana connect calls),
// the per-iteration tags, which user a VU or an RCA submission acts as, and handleSummary. Scenario
// files stay thin on top of it. Under an execution segment (one of k6-operator's runners) setup()
// runs on every runner and makes only that runner's users (lib/core/runner-slice.ts).
import exec from 'k6/execution';
import { check } from 'k6';
import { grafanaConnectCall } from '../core/aurora/grafana.ts';
import { call, retried } from './aurora/http.ts';
import { PATH, ROUTE } from '../core/aurora/routes.ts';
import { trimSlash, type AuroraUser, type AuroraTarget } from '../core/aurora/target.ts';
import { seedIncidents } from './flows/rest.ts';
import { readRunConfig, RUN_ENV, type RunConfig, type ScenarioName } from '../core/run-config.ts';
import { buildScenarioOptions, type BuiltOptions } from './scenario-options.ts';
import { tagStage } from './stage-tag.ts';
import { logWarn } from './log.ts';
import { summaryOutputs, type SummaryData } from './summary.ts';
import { newRunId, setupUsers } from './users.ts';
import { ownUserIndex, rcaBlock } from '../core/runner-slice.ts';
import { rcaUserPoolSize } from '../core/rca-pool.ts';
import { currentSlice, tagRunner } from './runner.ts';

/** The simulator's documented default secret (sim/options.ts), for hand runs against `npm run sim`. */
const SIM_DEFAULT_SECRET = 'aurora-sim-local-secret';

export const config: RunConfig = readRunConfig(__ENV);

export const target: AuroraTarget = {
  apiUrl: trimSlash(config.apiUrl),
  wsUrl: trimSlash(config.wsUrl),
  secret: __ENV[RUN_ENV.secret] ?? (config.env === 'local' ? (__ENV.INTERNAL_API_SECRET ?? SIM_DEFAULT_SECRET) : ''),
  rateLimitBypass: __ENV[RUN_ENV.rateLimitBypass] || undefined,
  userCount: config.users.mode === 'provision' ? config.users.count : config.users.users.length,
};

export interface SetupData {
  runId: string;
  users: AuroraUser[];
  rcaUsers: AuroraUser[];
}

export function build(scenarios: readonly ScenarioName[]): BuiltOptions {
  return buildScenarioOptions(config, scenarios);
}

/** setup(): refuses a target that is down, then makes the users the scenarios need. */
export function setupRun(built: BuiltOptions, scenarios: readonly ScenarioName[]): SetupData {
  tagRunner();
  const live = retried(() => call(target, 'GET', PATH.liveness(), { name: ROUTE.liveness, phase: 'setup' }), 3);
  if (live.status !== 200) {
    throw new Error(
      `setup: ${target.apiUrl}${PATH.liveness()} answered ${live.status || live.error || 'nothing'}; ` +
        'is the target up (npm run sim for local), and is apiUrl in the env file right?',
    );
  }
  for (const w of built.warnings) logWarn(w);
  const runId = config.runId ?? newRunId();
  const general = scenarios.some((s) => s !== 'rca');
  const slice = currentSlice();
  const rcaScenario = built.options.scenarios.rca;
  // Each runner's RCA block is sized for the submissions it sends, as one process would size the pool.
  const rca = rcaScenario
    ? rcaBlock(slice, rcaScenario, (share) =>
        rcaUserPoolSize({ peakRatePerSecond: built.rcaPeakRatePerSecond * share, timeScale: config.timeScale }),
      )
    : { offset: 0, size: 0, total: 0 };
  const { users, userPositions, rcaUsers } = setupUsers(target, config, { general, rca, slice }, runId);
  if (scenarios.includes('rest')) seedIncidents(target, users, runId, config.users.mode === 'provision', userPositions);
  for (const user of rcaUsers) {
    // The first webhook call per user auto-connects Grafana and is stored with skip_rca (docs/aurora-contract.md §1.4).
    const res = retried(() =>
      call(
        target,
        'POST',
        PATH.grafanaWebhook(user.id),
        { name: ROUTE.grafanaWebhook, phase: 'setup' },
        { body: grafanaConnectCall(runId) },
      ),
    );
    check(res, { 'grafana connect call accepted': (r) => r.status === 200 });
  }
  return { runId, users, rcaUsers };
}

/** Tags this iteration's samples with stage and profile (and runner, under an execution segment). */
export function beginIteration(built: BuiltOptions): void {
  tagStage(built.plan.stages, config.profile);
}

/**
 * The user this VU acts as. `users` are this runner's own (setup() made only those: the pool
 * positions its segment owns in k6's striping, the striping k6 also deals global VU ids by), so no
 * other runner ever acts as them. The pick goes by the VU's global id (exec.vu.idInTest, unique
 * across runners) ranked among this runner's ids: with N runners and a pool N divides, VU g is user
 * (g-1) mod count, the very user it is in one process. `(idInTest - 1) % users.length` straight over
 * the own list would not do: runner i's ids are all i mod N, crowding its VUs onto a few users.
 */
export function vuUser(users: readonly AuroraUser[]): AuroraUser {
  if (users.length === 0) {
    const slice = currentSlice();
    throw new Error(
      slice
        ? `no users for runner ${slice.runner} of ${slice.runners} (segment ${slice.segment}); users.count must be at least the number of runners`
        : 'no users in setup data; setup() did not run?',
    );
  }
  return users[ownUserIndex(currentSlice(), exec.vu.idInTest, users.length)];
}

/**
 * The RCA user for this submission: round-robin over this runner's own block (sized for the rate
 * this runner sends, lib/core/runner-slice.ts rcaBlock) by the scenario's iteration count on this
 * runner. The submission itself is named by exec.scenario.iterationInTest, unique across runners.
 */
export function rcaSlot(): number {
  return exec.scenario.iterationInInstance;
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, __ENV[RUN_ENV.summaryPath]);
}
