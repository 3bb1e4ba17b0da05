// Turns a profile's budget (budgets.ts) into k6 thresholds: tag-scoped submetric keys such as
// `http_req_duration{service:aurora-server,name:GET /api/incidents}`, only for the scenarios a run
// includes (a Rate threshold on a metric nobody records fails at the end of a k6 run), plus an
// abortOnFail catastrophe guard. Pure.
//
// Poll and setup traffic is kept out of REST budgets by tags: RCA polls carry their own `name`
// (`... (rca poll)`) and `phase:poll`, setup calls `phase:setup`, and every aurora-server key
// (service-wide and per route) selects `phase:request`.
import type { ProfileName, ScenarioName, ThresholdOverrides } from '../lib/core/run-config.ts';
import { ROUTES_BY_SCENARIO } from '../lib/core/aurora/routes.ts';
import { METRICS } from '../lib/core/metric-names.ts';
import { BUDGETS, type Budget, type LatencyBudget } from './budgets.ts';

export type ThresholdEntry = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
export type ThresholdMap = Record<string, ThresholdEntry[]>;

export interface BuildThresholdsInput {
  profile: ProfileName;
  scenarios: readonly ScenarioName[];
  /** Divides Aurora-clock budgets (RCA durations, abort delay) when the run targets the simulator. */
  timeScale?: number;
  /** Scope latency and error gates to these stage indexes (nightly: its load phase); first one used. */
  gateStages?: readonly number[];
  overrides?: ThresholdOverrides;
  /** Defaults to BUDGETS[profile]. */
  budget?: Budget;
  /** LLM spend (USD) at which k6 stops the run: the spend cap. */
  spendCapUsd?: number;
}

/** The `service` tag a scenario's checks carry (lib/k6/flows): one checks{service:…} gate per scenario. */
const CHECKED_SERVICE: Record<ScenarioName, string> = {
  rest: 'aurora-server',
  chatbot: 'chatbot',
  rca: 'celery',
};

/** A submetric key: metric{k:v,...}, tags in the given order. Commas are k6's separator, so refuse them. */
export function metricKey(metric: string, tags: Record<string, string | number | undefined> = {}): string {
  const pairs = Object.entries(tags).filter(([, v]) => v !== undefined);
  if (pairs.length === 0) return metric;
  for (const [k, v] of pairs) {
    if (/[,{}]/.test(k) || String(v).includes(','))
      throw new Error(`threshold tag ${k}:${v} may not contain "," (k6 splits tags on it)`);
  }
  return `${metric}{${pairs.map(([k, v]) => `${k}:${v}`).join(',')}}`;
}

/** Round to whole ms, or to 3 significant decimals under 10 ms. */
const num = (n: number) => (n >= 10 ? String(Math.round(n)) : String(Number(n.toPrecision(3))));

function latency(b: LatencyBudget): string[] {
  const out: string[] = [];
  if (b.p50 !== undefined) out.push(`p(50)<${num(b.p50)}`);
  if (b.p95 !== undefined) out.push(`p(95)<${num(b.p95)}`);
  if (b.p99 !== undefined) out.push(`p(99)<${num(b.p99)}`);
  return out;
}

export function buildThresholds(input: BuildThresholdsInput): ThresholdMap {
  const budget = input.budget ?? BUDGETS[input.profile];
  const ts = input.timeScale ?? 1;
  const has = (s: ScenarioName) => input.scenarios.includes(s);
  const stage = input.gateStages?.length ? input.gateStages[0] : undefined;
  const out: ThresholdMap = {};
  const put = (key: string, list: ThresholdEntry[]) => {
    if (list.length) out[key] = list;
  };

  // aurora-server: every scenario calls it (rest directly, chatbot creates sessions, rca submits).
  const server = budget.services['aurora-server'];
  put(metricKey('http_req_duration', { service: 'aurora-server', phase: 'request', stage }), latency(server));
  if (server.errorRate !== undefined) {
    put(metricKey('http_req_failed', { service: 'aurora-server', phase: 'request', stage }), [
      `rate<${server.errorRate}`,
    ]);
  }
  const routes = new Set<string>(input.scenarios.flatMap((s) => ROUTES_BY_SCENARIO[s]));
  for (const name of routes) {
    const b = server.routes?.[name];
    if (!b) continue;
    const tags = { service: 'aurora-server', name, phase: 'request', stage };
    put(metricKey('http_req_duration', tags), latency(b));
    if (b.errorRate !== undefined) put(metricKey('http_req_failed', tags), [`rate<${b.errorRate}`]);
  }

  if (has('chatbot')) {
    put(metricKey('ws_connecting', { service: 'chatbot', stage }), latency(budget.services.chatbot));
    put(METRICS.stickySessionOk, [`rate>${budget.stickyRate}`]);
    put(metricKey(METRICS.wsTimeToFirstMessage, { stage }), [`p(95)<${num(budget.chatbotTtfmP95)}`]);
    put(metricKey(METRICS.wsTurnDuration, { stage }), [`p(95)<${num(budget.chatbotTurnP95)}`]);
    put(metricKey(METRICS.wsTurnDropped, { stage }), [`rate<${budget.chatbotDropRate}`]);
  }
  if (has('rca')) {
    // A smoke follows each RCA only until a worker picks it up: no completion time to judge.
    if (input.profile !== 'smoke') put(METRICS.rcaTimeToComplete, [`p(95)<${num(budget.rcaTimeToCompleteP95 / ts)}`]);
    put(METRICS.rcaFailed, [`rate<${budget.rcaFailedRate}`]);
  }
  // Checks overall and per service, so one service's failures cannot hide among another's passes.
  put('checks', [`rate>${budget.checkRate}`]);
  for (const scenario of input.scenarios) {
    put(metricKey('checks', { service: CHECKED_SERVICE[scenario] }), [`rate>${budget.checkRate}`]);
  }
  put(METRICS.contractViolations, [`rate<${budget.contractViolationRate}`]);

  // The catastrophe guard: a run that fails this much stops early instead of hammering a broken target.
  const delayAbortEval = `${Math.max(1, Math.round(budget.abort.delaySeconds / ts))}s`;
  put('http_req_failed', [{ threshold: `rate<${budget.abort.errorRate}`, abortOnFail: true, delayAbortEval }]);
  if (budget.abort.p95Ms !== undefined) {
    const key = metricKey('http_req_duration', { service: 'aurora-server', phase: 'request' });
    out[key] = [
      ...(out[key] ?? []).filter((e) => !(typeof e === 'string' && e.startsWith('p(95)'))),
      { threshold: `p(95)<${num(budget.abort.p95Ms)}`, abortOnFail: true, delayAbortEval },
    ];
  }

  // The spend cap: Aurora's reported LLM spend may not reach the budget; k6 stops the run at once.
  if (input.spendCapUsd !== undefined && (has('chatbot') || has('rca'))) {
    put(METRICS.llmSpend, [{ threshold: `count<${input.spendCapUsd}`, abortOnFail: true }]);
  }

  for (const [key, list] of Object.entries(input.overrides ?? {})) out[key] = [...list];
  return out;
}

/** Thresholds as lines, "key: expr, expr", for --dry-run and docs. */
export function describeThresholds(map: ThresholdMap): string[] {
  return Object.entries(map).map(
    ([key, list]) =>
      `${key}: ${list.map((e) => (typeof e === 'string' ? e : `${e.threshold}${e.abortOnFail ? ` (abort after ${e.delayAbortEval ?? '0s'})` : ''}`)).join(', ')}`,
  );
}
