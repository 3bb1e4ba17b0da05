// k6's thresholds of a run judged from Prometheus (what k6's remote write stored under the run's
// testid) instead of from one k6 process' summary: the gates of runs split over several k6 processes,
// which each judge only their slice. Same GateResult shape as threshold-gates.ts; a threshold with no
// series is not evaluated ('data missing'), one Prometheus cannot answer is not evaluated with why.
import { queryInstant, type PromClient, type VectorSample } from '../../cluster/index.ts';
import { notEvaluated, type GateResult } from '../../verdict/index.ts';
import { formatValue, isRequiredThreshold, parseThreshold, splitKey } from '../threshold-gates.ts';
import { type MetricKind, planThreshold } from './promql.ts';

export interface PrometheusThresholdsInput {
  client: PromClient;
  testid: string;
  /** k6 options.thresholds of the run: key (metric or submetric selector) -> expressions. */
  thresholds: Record<string, string[]>;
  /** Metric name -> its k6 type and what it contains (from the run's summary or the bundle). */
  metricTypes: Record<string, MetricKind>;
  /** The end of the run (ms since the epoch): the queries' evaluation time. */
  atMs: number;
  /** How far back from atMs the run's series reach (its length and a margin). */
  windowSeconds: number;
  /** The run's duration, for a Counter's rate; without it a Counter rate is not evaluated. */
  durationMs?: number;
}

/** k6's comparison of a value with a threshold's limit. */
export function holds(value: number, operator: string, limit: number): boolean {
  switch (operator) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
    default:
      return false;
  }
}

type Ask = (query: string) => Promise<VectorSample[]>;

async function judge(i: PrometheusThresholdsInput, ask: Ask, key: string, expression: string): Promise<GateResult> {
  const name = `${key}: ${expression}`;
  const required = isRequiredThreshold(key) ? { required: true } : {};
  const base = { kind: 'threshold' as const, name, passed: false, ...required };
  const parsed = parseThreshold(expression);
  const { metric, tags } = splitKey(key);
  const kind = i.metricTypes[metric];
  const unjudged = (reason: 'data missing' | 'no samples', detail: string, measured = 'n/a'): GateResult =>
    notEvaluated({ ...base, measured, limit: expression }, reason, detail);
  if (!parsed) return unjudged('data missing', 'expression not understood');
  if (!kind) return unjudged('data missing', `the type of ${metric} is unknown (not in the run's metrics)`);
  const summaryLike = { type: kind.type, contains: kind.contains, values: {} };
  const limit = `${parsed.aggregation} ${parsed.operator} ${formatValue(summaryLike, parsed.aggregation, parsed.limit)}`;
  const plan = planThreshold({
    metric,
    tags,
    aggregation: parsed.aggregation,
    kind,
    testid: i.testid,
    windowSeconds: i.windowSeconds,
  });
  if (!plan.ok) return notEvaluated({ ...base, measured: 'n/a', limit }, 'data missing', plan.reason);
  let answer: Awaited<ReturnType<Ask>>;
  let asked = plan.query;
  // Several series of a Rate: k6 exports each one's ratio without its count, so the combined rate is
  // unknown, but as a weighted mean it lies between the lowest and the highest series. If the threshold
  // holds (or fails) at both ends, it holds (or fails) for the combined rate; otherwise it is undecided.
  const judgeByBounds = (values: number[]): GateResult | undefined => {
    if (!parsed || !['<', '<=', '>', '>='].includes(parsed.operator)) return undefined;
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const atLo = holds(lo, parsed.operator, parsed.limit);
    if (atLo !== holds(hi, parsed.operator, parsed.limit)) return undefined;
    const fmt = (v: number) => formatValue(summaryLike, parsed.aggregation, v);
    return {
      ...base,
      measured: `${parsed.aggregation} ${lo === hi ? `= ${fmt(lo)}` : `${fmt(lo)} to ${fmt(hi)}`} (${values.length} series)`,
      limit,
      passed: atLo,
      status: atLo ? 'passed' : 'failed',
      detail: `from Prometheus: every one of ${values.length} series ${atLo ? 'holds' : 'fails'} the limit, so their combined rate (a weighted mean of theirs, between ${fmt(lo)} and ${fmt(hi)}) does too: ${asked}`,
    };
  };
  try {
    answer = await ask(asked);
    if (answer.length === 0 && plan.fallback) answer = await ask((asked = plan.fallback));
  } catch (err) {
    return notEvaluated(
      { ...base, measured: 'n/a', limit },
      'data missing',
      `${(err as Error).message} (query: ${asked})`,
    );
  }
  if (answer.length === 0)
    return notEvaluated(
      { ...base, measured: 'no series', limit },
      'data missing',
      `Prometheus has no series for ${key} under testid=${i.testid} (query: ${asked})`,
    );
  if (answer.length > 1) {
    const values = answer.map((a) => Number(a.value[1]) * plan.scale).filter(Number.isFinite);
    const bounded = kind.type === 'rate' && values.length === answer.length ? judgeByBounds(values) : undefined;
    if (bounded) return bounded;
    return notEvaluated(
      { ...base, measured: `${answer.length} series`, limit },
      'data missing',
      `k6 exports a ${kind.type} per series without the count behind it: ${answer.length} series of ${key} cannot be combined into one ${parsed.aggregation}`,
    );
  }
  let value = Number((answer[0] as { value: [number, string] }).value[1]) * plan.scale;
  if (plan.perSecond) {
    if (!i.durationMs)
      return notEvaluated({ ...base, measured: 'n/a', limit }, 'data missing', "the run's duration is unknown");
    value /= i.durationMs / 1000;
  }
  if (!Number.isFinite(value))
    return notEvaluated(
      { ...base, measured: String(value), limit },
      'no samples',
      `Prometheus answered ${value} (query: ${asked})`,
    );
  const passed = holds(value, parsed.operator, parsed.limit);
  return {
    ...base,
    measured: `${parsed.aggregation} = ${formatValue(summaryLike, parsed.aggregation, value)}`,
    limit,
    passed,
    status: passed ? 'passed' : 'failed',
    detail: `from Prometheus: ${asked}`,
  };
}

/** One GateResult per threshold expression, in the order of `thresholds`. */
export async function evaluateThresholdsFromPrometheus(i: PrometheusThresholdsInput): Promise<GateResult[]> {
  const ask: Ask = (query) => queryInstant(i.client, query, i.atMs);
  const out: GateResult[] = [];
  for (const [key, expressions] of Object.entries(i.thresholds))
    for (const expression of expressions) out.push(await judge(i, ask, key, expression));
  return out;
}
