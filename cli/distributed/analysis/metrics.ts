// Whole-run aggregates (RunAnalysis.metrics) of the metrics the verdict and the report read, from
// Prometheus: the report's tiles (http_reqs, http_req_failed, http_req_duration), LLM spend
// (spend-gates.ts) and Aurora's 429s (rateLimitedOf). Each one is asked as a threshold of that
// aggregation would be (prometheus-thresholds' planThreshold, its fallback included). Pure.
// Not in Prometheus: a Trend's min and max, a Counter's or Rate's number of samples.
import { METRICS } from '../../../lib/core/metric-names.ts';
import { type MetricKind, planThreshold, RATE_COUNT_COMPANION } from '../../gates/prometheus-thresholds/promql.ts';
import { DEFAULT_SERIES_METRICS } from '../../analysis/analyze-run.ts';
import type { MetricAggregate } from '../../analysis/types.ts';

/** The metrics aggregated, companions (http_reqs) before the Rates weighted by them. */
export const AGGREGATED_METRICS: readonly string[] = [
  'http_reqs',
  'http_req_failed',
  'http_req_duration',
  METRICS.llmSpend,
  METRICS.llmChatCost,
  METRICS.llmChatTokens,
  METRICS.llmRcaCost,
  METRICS.llmRcaTokens,
  METRICS.restRateLimited,
  ...DEFAULT_SERIES_METRICS,
];

/** The k6 aggregations read for each metric type; the first one decides whether the metric has data. */
export const AGGREGATIONS: Record<'trend' | 'counter' | 'rate', readonly string[]> = {
  trend: ['count', 'avg', 'med', 'p(90)', 'p(95)', 'p(99)'],
  counter: ['count'],
  rate: ['rate'],
};

export interface AggregationQuery {
  aggregation: string;
  query: string;
  fallback?: string;
  /** s -> ms for time Trends. */
  scale: number;
  /** The answer counts only when it holds one series (a Rate without a companion Counter). */
  singleSeries: boolean;
}

/** The queries of one metric's aggregates over the run's testid; [] for what Prometheus cannot give. */
export function aggregationQueries(
  metric: string,
  kind: MetricKind,
  testid: string,
  windowSeconds: number,
): AggregationQuery[] {
  if (kind.type === 'gauge') return [];
  const out: AggregationQuery[] = [];
  for (const aggregation of AGGREGATIONS[kind.type]) {
    const plan = planThreshold({ metric, tags: {}, aggregation, kind, testid, windowSeconds });
    if (!plan.ok) continue;
    out.push({
      aggregation,
      query: plan.query,
      ...(plan.fallback ? { fallback: plan.fallback } : {}),
      scale: plan.scale,
      singleSeries: plan.singleSeries === true,
    });
  }
  return out;
}

/**
 * One metric's aggregate from its answered values (aggregation -> value, already scaled), in the
 * NDJSON analysis' vocabulary; undefined when Prometheus had no series of it. `companionCount`: the
 * requests behind http_req_failed, its count of samples.
 */
export function aggregateFrom(
  kind: MetricKind,
  values: Record<string, number | undefined>,
  companionCount?: number,
): MetricAggregate | undefined {
  const contains = kind.contains ?? 'default';
  switch (kind.type) {
    case 'counter':
      // A Counter's number of samples is not in Prometheus: only http_reqs adds 1 a sample.
      return values.count === undefined ? undefined : { type: 'counter', contains, count: 0, value: values.count };
    case 'rate':
      return values.rate === undefined
        ? undefined
        : { type: 'rate', contains, count: companionCount ?? 0, value: values.rate };
    case 'trend': {
      const count = values.count;
      if (count === undefined || count <= 0) return undefined;
      return {
        type: 'trend',
        contains,
        count: Math.round(count),
        value: values.avg ?? 0,
        ...(values.med === undefined ? {} : { p50: values.med }),
        ...(values['p(90)'] === undefined ? {} : { p90: values['p(90)'] }),
        ...(values['p(95)'] === undefined ? {} : { p95: values['p(95)'] }),
        ...(values['p(99)'] === undefined ? {} : { p99: values['p(99)'] }),
      };
    }
    default:
      return undefined;
  }
}

/** The Counter whose total is a Rate's number of samples (http_req_failed -> http_reqs), if any. */
export const companionOf = (metric: string): string | undefined => RATE_COUNT_COMPANION[metric];
