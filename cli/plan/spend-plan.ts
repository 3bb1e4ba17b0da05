// The plan's LLM spend, before any load: how many chat turns and RCAs the schedule submits, what
// each costs (the env file's estimates, or the measured means of a baseline run), the estimated
// total against safety.maxLlmSpendUsd, and whether the per-user REST rate would trip Aurora's default
// rate limits without a bypass. Pure: plan, shape and baseline means in, numbers and refusals out.
import { checkRateLimit, type RateLimitCheck } from '../../lib/core/aurora/rate-limit.ts';
import type { RestAction } from '../../lib/core/aurora/routes.ts';
import type { RunPlan } from './plan.ts';
import type { Refusal } from './safety.ts';
import type { LoadShape, ShapeScenario } from './shape/load-shape.ts';

/** Measured means of a baseline run (verdict.json `spend`). */
export interface SpendMeans {
  runId: string;
  meanPerTurnUsd?: number;
  meanPerRcaUsd?: number;
}

export interface UnitCost {
  usd: number;
  /** Where the number comes from: "env file" or "baseline <run id>". */
  from: string;
}

export interface SpendPlan {
  chatTurns: number;
  rcas: number;
  perTurn: UnitCost;
  perRca: UnitCost;
  estimatedUsd: number;
  /** safety.maxLlmSpendUsd, the budget and the cap k6 stops at. */
  capUsd?: number;
  rateLimit: RateLimitCheck & { bypass: boolean; users: number };
}

/** REST actions that Aurora's limiter exempts: GET /api/incidents* and the health routes. */
const EXEMPT: readonly RestAction[] = ['incidentList', 'incidentDetail', 'readiness'];

const scenarioOf = (s: ShapeScenario): string => s.exec ?? s.name;

/** Limited REST calls one iteration makes: a share of the REST mix, 2 per chat (create, status), 1 per RCA. */
function limitedCallsPerIteration(plan: RunPlan, scenario: string): number {
  if (scenario === 'chatbot') return 2;
  if (scenario === 'rca') return 1;
  if (scenario !== 'rest') return 0;
  const weights = Object.entries(plan.runConfig.restWeights) as [RestAction, number][];
  const total = weights.reduce((a, [, w]) => a + w, 0);
  const limited = weights.filter(([a]) => !EXEMPT.includes(a)).reduce((a, [, w]) => a + w, 0);
  return total > 0 ? limited / total : 0;
}

export function planSpend(plan: RunPlan, shape: LoadShape, baseline?: SpendMeans): SpendPlan {
  const count = (name: string) =>
    shape.scenarios.filter((s) => scenarioOf(s) === name).reduce((a, s) => a + (s.iterations ?? 0), 0);
  const chatTurns = Math.round(count('chatbot'));
  const rcas = Math.round(count('rca'));
  const from = baseline ? `baseline ${baseline.runId}` : 'env file';
  const perTurn: UnitCost =
    baseline?.meanPerTurnUsd !== undefined
      ? { usd: baseline.meanPerTurnUsd, from }
      : { usd: plan.spend.chatTurnUsd, from: 'env file' };
  const perRca: UnitCost =
    baseline?.meanPerRcaUsd !== undefined
      ? { usd: baseline.meanPerRcaUsd, from }
      : { usd: plan.spend.rcaUsd, from: 'env file' };
  const users =
    plan.runConfig.users.mode === 'provision' ? plan.runConfig.users.count : plan.runConfig.users.users.length;
  let peak = 0;
  let total = 0;
  for (const s of shape.scenarios) {
    const calls = limitedCallsPerIteration(plan, scenarioOf(s));
    peak += s.peakRate * calls;
    total += (s.iterations ?? 0) * calls;
  }
  // The simulator's limiter runs in simulated time: a wall-clock second there is timeScale seconds.
  const perTarget = plan.runConfig.timeScale;
  return {
    chatTurns,
    rcas,
    perTurn,
    perRca,
    estimatedUsd: chatTurns * perTurn.usd + rcas * perRca.usd,
    ...(plan.safety.maxLlmSpendUsd === undefined ? {} : { capUsd: plan.safety.maxLlmSpendUsd }),
    rateLimit: { ...checkRateLimit(peak / perTarget, total, users), bypass: plan.rateLimitBypass !== undefined, users },
  };
}

export const usd = (n: number): string => `$${n < 1 ? n.toFixed(4).replace(/0{1,2}$/, '') : n.toFixed(2)}`;

/** The refusal of a plan whose estimated spend is above the budget, with the numbers. */
export function spendRefusal(plan: RunPlan, s: SpendPlan): Refusal | undefined {
  if (s.capUsd === undefined || s.estimatedUsd <= s.capUsd) return undefined;
  return {
    kind: 'spend',
    message:
      `estimated LLM spend ${usd(s.estimatedUsd)} (${s.chatTurns} chat turns x ${usd(s.perTurn.usd)} + ` +
      `${s.rcas} RCAs x ${usd(s.perRca.usd)}, per-unit costs from the ${s.perTurn.from}) is above ${plan.env}'s ` +
      `budget of ${usd(s.capUsd)} (${plan.envFile} (safety): maxLlmSpendUsd). Lower --scale, pick a shorter ` +
      'profile, choose a cheaper load.chat.model or raise the budget.',
  };
}

/** The plan's warning when its per-user REST rate would trip Aurora's default limits with no bypass. */
export function rateLimitWarning(s: SpendPlan): string | undefined {
  const r = s.rateLimit;
  if (!r.exceeds || r.bypass) return undefined;
  return (
    `the plan sends about ${Math.round(r.perUserPerHour)} rate-limited REST calls per user per hour ` +
    `(${Math.round(r.perUserTotal)} per user in all) over ${r.users} users, above Aurora's default limits ` +
    '(500/hour, 2000/day per user) if the target runs Flask-Limiter (RATE_LIMITING_ENABLED); set ' +
    'secretEnv.rateLimitBypassToken, or raise users.count'
  );
}

/** Re-plans the spend with a baseline's measured means, replacing the env-file estimate and its refusal. */
export function withBaselineSpend(
  prepared: { plan: RunPlan; shape: LoadShape; spend: SpendPlan; safety: { refusals: Refusal[] } },
  means: SpendMeans,
): void {
  prepared.spend = planSpend(prepared.plan, prepared.shape, means);
  const refusals = prepared.safety.refusals.filter((r) => r.kind !== 'spend');
  const overBudget = spendRefusal(prepared.plan, prepared.spend);
  if (overBudget) refusals.push(overBudget);
  prepared.safety.refusals = refusals;
}
