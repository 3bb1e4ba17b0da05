// k6 `options` for a run, pure: the profile plan (lib/core/profiles.ts) becomes one named k6 scenario per
// included Aurora scenario, each with its own open-model executor and rate, all on the same stage
// timeline; thresholds come from thresholds/; the run config's safety limits are re-checked here so a
// hand-edited config cannot exceed them. Pure (no k6 import), but it sits in lib/k6 because it imports
// thresholds/, which only lib/k6 and scenarios/ may; Node tests call it directly.
import { formatDuration, parseDurationSeconds } from '../core/duration.ts';
import { SUMMARY_TREND_STATS, SYSTEM_TAGS } from '../core/metric-names.ts';
import { arrivalRateExecutor, planFor, SMOKE_ITERATIONS, type ProfilePlan, type VuBudget } from '../core/profiles.ts';
import { rcaFollow } from '../core/rca-poll.ts';
import { rcaUserPoolSize } from '../core/rca-pool.ts';
import type { RunConfig, ScenarioName } from '../core/run-config.ts';
import { buildThresholds, type ThresholdMap } from '../../thresholds/build.ts';

/** Seconds one iteration takes, typical and worst, per scenario (sizes VU pools). */
export function iterationBudget(scenario: ScenarioName, config: RunConfig): VuBudget {
  switch (scenario) {
    case 'rest':
      return { typicalSeconds: 0.3, worstSeconds: 3 };
    case 'chatbot': {
      const timeout = config.chatbot.turnTimeoutSeconds;
      // create + status + one turn + a reconnect probe
      return { typicalSeconds: Math.min(timeout, 15) + 1, worstSeconds: 2 * timeout + 5 };
    }
    case 'rca': {
      const wait = rcaFollow(config.profile, config.rca.maxWaitSeconds).maxWaitSeconds / config.timeScale;
      return { typicalSeconds: wait / 2 + 1, worstSeconds: wait + config.rca.pollMaxSeconds / config.timeScale + 2 };
    }
  }
}

/** gracefulStop of a smoke's scenarios: its maxDuration already allows a worst-case iteration. */
export const SMOKE_GRACEFUL_STOP = '5s';

export interface ScenarioDef {
  executor: string;
  exec: string;
  gracefulStop: string;
  [field: string]: unknown;
}

export interface BuiltOptions {
  options: {
    scenarios: Record<string, ScenarioDef>;
    thresholds: ThresholdMap;
    summaryTrendStats: string[];
    systemTags: string[];
    setupTimeout: string;
    tags: Record<string, string>;
  };
  plan: ProfilePlan;
  /** Users the rca scenario spreads over (0 when it is not included). */
  rcaPoolSize: number;
  /** Peak submissions/s of the rca scenario (0 when it is not included): sizes each runner's RCA block. */
  rcaPeakRatePerSecond: number;
  warnings: string[];
}

/** Options for the given scenarios under the run config's profile. Throws on a breached safety limit. */
export function buildScenarioOptions(config: RunConfig, scenarios: readonly ScenarioName[]): BuiltOptions {
  if (scenarios.length === 0) throw new Error("no scenario to run; the env file's load.scenarios is empty");
  const plan = planFor(config);
  const warnings = [...plan.warnings];
  const defs: Record<string, ScenarioDef> = {};
  let totalPeak = 0;
  for (const name of scenarios) {
    const rate = config.rates[name];
    if (!(rate > 0))
      throw new Error(`rates.${name} is ${rate}; give ${name} a rate above 0 or leave it out of load.scenarios`);
    const budget = iterationBudget(name, config);
    // Let the last iterations finish: an RCA is followed to its end, a chat turn to END.
    const gracefulStop = formatDuration(Math.ceil(budget.worstSeconds) + 5);
    const common = { exec: name, gracefulStop };
    if (plan.executor === 'per-vu-iterations') {
      // A smoke is bounded by one worst-case iteration (typical ones fit SMOKE_ITERATIONS times over);
      // past it, an iteration still running is cut after SMOKE_GRACEFUL_STOP: a slow target fails the
      // smoke in minutes instead of holding it for several maxWaits.
      const maxDuration = Math.max(plan.totalSeconds, Math.ceil(budget.worstSeconds) + 10);
      defs[name] = {
        executor: 'per-vu-iterations',
        vus: 1,
        iterations: SMOKE_ITERATIONS,
        maxDuration: formatDuration(maxDuration),
        ...common,
        gracefulStop: SMOKE_GRACEFUL_STOP,
      };
      totalPeak += 1 / Math.max(budget.typicalSeconds, 0.001);
    } else {
      defs[name] = { ...arrivalRateExecutor(plan, rate, config.scale, budget, config.limits.maxVUs), ...common };
      totalPeak += plan.peakLevel * rate * config.scale;
    }
  }

  const { maxArrivalRate, maxVUs, maxDuration } = config.limits;
  if (plan.executor === 'ramping-arrival-rate' && totalPeak > maxArrivalRate) {
    throw new Error(
      `the ${config.profile} plan peaks at ${totalPeak.toFixed(2)} iterations/s, above limits.maxArrivalRate ${maxArrivalRate}; lower --scale or the rates`,
    );
  }
  const limitSeconds = parseDurationSeconds(maxDuration, 'limits.maxDuration');
  if (plan.totalSeconds > limitSeconds) {
    throw new Error(
      `the ${config.profile} plan lasts ${plan.totalSeconds}s, above limits.maxDuration ${maxDuration}; shorten the profile or raise the limit`,
    );
  }
  const vuTotal = Object.values(defs).reduce((n, d) => n + Number(d.maxVUs ?? d.vus ?? 0), 0);
  if (vuTotal > maxVUs) {
    // Share the VU cap out proportionally: k6 then reports dropped_iterations instead of overrunning.
    for (const d of Object.values(defs)) {
      if (d.maxVUs === undefined) continue;
      d.maxVUs = Math.max(1, Math.floor((Number(d.maxVUs) * maxVUs) / vuTotal));
      d.preAllocatedVUs = Math.min(Number(d.preAllocatedVUs), Number(d.maxVUs));
    }
    warnings.push(
      `the plan wanted ${vuTotal} VUs, above limits.maxVUs ${maxVUs}; VU pools were cut proportionally, expect dropped_iterations`,
    );
  }

  const rcaPeakRatePerSecond = scenarios.includes('rca') ? plan.peakLevel * config.rates.rca * config.scale : 0;
  const rcaPoolSize = scenarios.includes('rca')
    ? rcaUserPoolSize({ peakRatePerSecond: rcaPeakRatePerSecond, timeScale: config.timeScale })
    : 0;
  const generalUsers = scenarios.some((s) => s !== 'rca')
    ? config.users.mode === 'provision'
      ? config.users.count
      : 1
    : 0;
  // register is bcrypt-heavy: allow ~0.5 s per user on top of a minute.
  const setupTimeout = formatDuration(60 + Math.ceil((generalUsers + rcaPoolSize) * 0.5));

  return {
    options: {
      scenarios: defs,
      thresholds: buildThresholds({
        profile: config.profile,
        scenarios,
        timeScale: config.timeScale,
        gateStages: plan.gateStages,
        overrides: config.thresholdOverrides,
        spendCapUsd: config.spendCapUsd,
      }),
      summaryTrendStats: [...SUMMARY_TREND_STATS],
      systemTags: [...SYSTEM_TAGS],
      setupTimeout,
      tags: { profile: config.profile, env: config.env },
    },
    plan,
    rcaPoolSize,
    rcaPeakRatePerSecond,
    warnings,
  };
}
