// What every scenario bundle shares: the run config and target read once per VU from __ENV, the
// options of the included scenarios, setup() (liveness probe, users, seeds, Grafana connect calls),
// the per-iteration tags and handleSummary. Scenario files stay thin on top of it.
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
  const { users, rcaUsers } = setupUsers(target, config, { general, rcaPool: built.rcaPoolSize }, runId);
  if (scenarios.includes('rest')) seedIncidents(target, users, runId, config.users.mode === 'provision');
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

/** Tags this iteration's samples with stage and profile. */
export function beginIteration(built: BuiltOptions): void {
  tagStage(built.plan.stages, config.profile);
}

/** The user VU n acts as (VUs spread evenly over the users). */
export function vuUser(users: readonly AuroraUser[]): AuroraUser {
  if (users.length === 0) throw new Error('no users in setup data; setup() did not run?');
  return users[(exec.vu.idInTest - 1) % users.length];
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, __ENV[RUN_ENV.summaryPath]);
}
