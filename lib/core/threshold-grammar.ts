// k6's threshold grammar (grafana/k6 metrics/thresholds_parser.go, metrics/metric.go) and metric keys.
//   assertion -> aggregation ws* operator ws* float
//   aggregation -> count | rate | value | avg | min | max | med | p(<float 0..100>)
//   operator -> > | >= | <= | < | == | === | !=
// lib/core: the one parser of this grammar, used by the options validator (cli/k6/options-schema.ts),
// the env-file rules and the CLI's threshold gates (cli/gates/threshold-gates.ts). The k6 test double
// keeps its own independent engine on purpose, as a cross-check.

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type Aggregation = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | `p(${number})`;
export type ThresholdOperator = '>' | '>=' | '<=' | '<' | '==' | '===' | '!=';

export interface ThresholdExpression {
  source: string;
  aggregation: Aggregation;
  /** For p(N): N. */
  percentile?: number;
  operator: ThresholdOperator;
  value: number;
}

/** The aggregations k6 allows on each metric type (k6 metrics/metric_type.go). */
export const AGGREGATIONS_BY_TYPE: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

// k6 scans for the first operator in this order, so "<=" is found before "<".
const OPERATORS_IN_SCAN_ORDER: ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseThresholdExpression(source: string): ParseResult<ThresholdExpression> {
  let op: ThresholdOperator | undefined;
  let at = -1;
  for (const candidate of OPERATORS_IN_SCAN_ORDER) {
    at = source.indexOf(candidate);
    if (at >= 0) {
      op = candidate;
      break;
    }
  }
  if (!op)
    return { ok: false, error: `"${source}" has no operator; write e.g. "p(95)<500" (operators: < <= > >= == != )` };
  const left = source.slice(0, at).trim();
  const right = source.slice(at + op.length).trim();
  if (!NUMBER.test(right)) {
    return { ok: false, error: `"${source}" needs a number after "${op}"; write e.g. "${left || 'p(95)'}${op}500"` };
  }
  const value = Number(right);
  const p = /^p\((.*)\)$/.exec(left);
  if (p) {
    const n = Number(p[1]);
    if (!NUMBER.test(p[1].trim()) || Number.isNaN(n) || n < 0 || n > 100) {
      return { ok: false, error: `"${source}" has percentile "${p[1]}"; it must be a number from 0 to 100` };
    }
    return { ok: true, value: { source, aggregation: `p(${n})`, percentile: n, operator: op, value } };
  }
  if (!['count', 'rate', 'value', 'avg', 'min', 'max', 'med'].includes(left)) {
    return {
      ok: false,
      error: `"${source}" aggregates with "${left}"; use one of count, rate, value, avg, min, max, med, p(N)`,
    };
  }
  return { ok: true, value: { source, aggregation: left as Aggregation, operator: op, value } };
}

/** Whether an aggregation is allowed on a metric type; p(N) on trends only. */
export function aggregationAllowed(type: MetricType, aggregation: Aggregation): boolean {
  const allowed = AGGREGATIONS_BY_TYPE[type];
  return aggregation.startsWith('p(') ? allowed.includes('p(N)') : allowed.includes(aggregation);
}

export function compareThreshold(measured: number, op: ThresholdOperator, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '<=':
      return measured <= limit;
    case '>':
      return measured > limit;
    case '>=':
      return measured >= limit;
    case '==':
    case '===':
      return measured === limit;
    case '!=':
      return measured !== limit;
  }
}

export const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

export interface ParsedMetricKey {
  metric: string;
  tags: Record<string, string>;
}

/** Parses a threshold key `name{k:v,k2:v2}` as k6's ParseMetricName does (keys/values trimmed, quotes stripped). */
export function parseMetricKey(key: string): ParseResult<ParsedMetricKey> {
  const open = key.indexOf('{');
  if (open < 0) {
    const metric = key.trim();
    return METRIC_NAME.test(metric)
      ? { ok: true, value: { metric, tags: {} } }
      : { ok: false, error: `metric name "${metric}" must match ${METRIC_NAME.source}` };
  }
  if (!key.endsWith('}')) return { ok: false, error: `"${key}" opens "{" but does not end with "}"` };
  const metric = key.slice(0, open).trim();
  if (!METRIC_NAME.test(metric))
    return { ok: false, error: `metric name "${metric}" must match ${METRIC_NAME.source}` };
  const tags: Record<string, string> = {};
  for (const pair of key.slice(open + 1, -1).split(',')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) return { ok: false, error: `"${key}": tag "${pair.trim()}" must be written key:value` };
    const strip = (s: string) => s.trim().replace(/^["']|["']$/g, '');
    tags[strip(pair.slice(0, colon))] = strip(pair.slice(colon + 1));
  }
  return { ok: true, value: { metric, tags } };
}
