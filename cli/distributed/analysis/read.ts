// A distributed run's RunAnalysis read from the Prometheus its runners wrote to (testid = the run
// id): the route table and whole-run aggregates (instant queries at the run's end), and the
// per-service series, iterations and spend over the load window (range queries, one step a
// bucket). The thin shell over promql.ts / metrics.ts (queries) and answers.ts (mappers). Read it
// before the run's Prometheus stops.
// A part whose query fails stays empty, with a note and a problem line; it never throws.
import { queryInstant, queryRange, type PromClient } from '../../cluster/prometheus/query.ts';
import type { MetricKind } from '../../gates/prometheus-thresholds/promql.ts';
import { DEFAULT_SERIES_METRICS } from '../../analysis/analyze-run.ts';
import { type MetricAggregate, PROMETHEUS_SOURCE, type RunAnalysis, type TrendSeries } from '../../analysis/types.ts';
import { METRICS } from '../../../lib/core/metric-names.ts';
import {
  loadSeriesFromAnswers,
  routesFromAnswers,
  seriesFromAnswers,
  trendFromAnswers,
  type Matrix,
  type Vector,
} from './answers.ts';
import { aggregateFrom, aggregationQueries, AGGREGATED_METRICS, companionOf } from './metrics.ts';
import {
  bucketLayout,
  counterName,
  counterSoFarQuery,
  cumulativeSeconds,
  DROPPED_COUNTER,
  ITERATIONS_COUNTER,
  type HistogramQuery,
  QUANTILES,
  rangeWindow,
  routeCountQuery,
  routeFailedQuery,
  routeQuantileQuery,
  serviceFailedSoFarQuery,
  serviceQuantileQuery,
  serviceRequestsSoFarQuery,
  totalRequestsQuery,
  trendCountQuery,
  trendQuantileQuery,
} from './promql.ts';

export interface PrometheusAnalysisInput {
  client: PromClient;
  testid: string;
  /** The load window (the runners' start and end), ms since the epoch. */
  loadStartMs: number;
  loadEndMs: number;
  /** Evaluation time of the whole-run queries (after the last push), and how far back they reach. */
  atMs: number;
  windowSeconds: number;
  /** Metric name -> k6 type and contents (cli/distributed metricKinds()). */
  metricKinds: Record<string, MetricKind>;
}

export interface PrometheusAnalysis {
  analysis: RunAnalysis;
  /** One line per part that could not be read (for the terminal); also in analysis.notes. */
  problems: string[];
}

/** What Prometheus never holds, said once in every such analysis. */
export const NOT_IN_PROMETHEUS =
  "not in Prometheus, so absent here: a Trend's min and max, the samples behind a Counter, a failed threshold's own chart, the NDJSON's line counts";

export async function analysisFromPrometheus(i: PrometheusAnalysisInput): Promise<PrometheusAnalysis> {
  const problems: string[] = [];
  const ask = (query: string): Promise<Vector> => queryInstant(i.client, query, i.atMs);
  // Whether this Prometheus keeps histograms in last_over_time (2.42 does not): learnt on first use.
  let lastOverTimeWorks: boolean | undefined;
  const askHistogram = async (h: HistogramQuery): Promise<Vector> => {
    if (lastOverTimeWorks !== false) {
      const answer = await ask(h.query);
      if (answer.length > 0) lastOverTimeWorks = true;
      if (lastOverTimeWorks) return answer;
    }
    const fallback = await ask(h.fallback);
    if (fallback.length > 0) lastOverTimeWorks = false;
    return fallback;
  };
  const part = async <T>(what: string, read: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await read();
    } catch (err) {
      problems.push(`${what} not read from Prometheus: ${(err as Error).message}`);
      return empty;
    }
  };

  const routes = await part('the route table', async () => {
    const counts = await ask(routeCountQuery(i.testid, i.windowSeconds));
    if (counts.length === 0) return [];
    const failed = await ask(routeFailedQuery(i.testid, i.windowSeconds));
    const quantiles: Record<number, Vector> = {};
    for (const p of QUANTILES) quantiles[p] = await askHistogram(routeQuantileQuery(p, i.testid, i.windowSeconds));
    return routesFromAnswers({ counts, failed, quantiles });
  }, []);
  const total = await part(
    'the total of requests',
    async () => {
      const v = Number((await ask(totalRequestsQuery(i.testid, i.windowSeconds)))[0]?.value[1]);
      return Number.isFinite(v) ? Math.round(v) : undefined;
    },
    undefined,
  );

  const metrics: Record<string, MetricAggregate> = {};
  await part(
    'the whole-run aggregates',
    async () => {
      for (const metric of AGGREGATED_METRICS) {
        const kind = i.metricKinds[metric];
        if (!kind) continue;
        const values: Record<string, number | undefined> = {};
        for (const q of aggregationQueries(metric, kind, i.testid, i.windowSeconds)) {
          let answer = await (q.fallback ? askHistogram({ query: q.query, fallback: q.fallback }) : ask(q.query));
          if (q.singleSeries && answer.length !== 1) answer = [];
          const v = Number(answer[0]?.value[1]) * q.scale;
          values[q.aggregation] = answer.length && Number.isFinite(v) ? v : undefined;
          // A metric without series: its other aggregations would answer nothing too.
          if (values[q.aggregation] === undefined && q.aggregation === 'count') break;
        }
        const companion = companionOf(metric);
        const aggregate = aggregateFrom(kind, values, companion ? metrics[companion]?.value : undefined);
        if (aggregate) metrics[metric] = aggregate;
      }
    },
    undefined,
  );

  const layout = bucketLayout(i.loadStartMs, i.loadEndMs);
  const window = rangeWindow(layout);
  const http = window
    ? await part(
        'the per-service series',
        async () => {
          const range = (query: string): Promise<Matrix> =>
            queryRange(i.client, query, window.fromMs, window.toMs, window.stepSeconds);
          const lookback = cumulativeSeconds(layout);
          const requestsSoFar = await range(serviceRequestsSoFarQuery(i.testid, lookback));
          const failedSoFar = await range(serviceFailedSoFarQuery(i.testid, lookback));
          const quantiles: Record<number, Matrix> = {};
          for (const p of QUANTILES) quantiles[p] = await range(serviceQuantileQuery(p, i.testid, layout.seconds));
          return seriesFromAnswers({ requestsSoFar, failedSoFar, quantiles }, layout.times, layout.seconds);
        },
        {},
      )
    : {};

  const load = window
    ? await part(
        'the iteration and spend series',
        async () => {
          const soFar = (counter: string): Promise<Matrix> =>
            queryRange(
              i.client,
              counterSoFarQuery(counter, i.testid, cumulativeSeconds(layout)),
              window.fromMs,
              window.toMs,
              window.stepSeconds,
            );
          return loadSeriesFromAnswers(
            {
              iterationsSoFar: await soFar(ITERATIONS_COUNTER),
              droppedSoFar: await soFar(DROPPED_COUNTER),
              spendSoFar: await soFar(counterName(METRICS.llmSpend)),
            },
            layout.times,
            layout.seconds,
          );
        },
        undefined,
      )
    : undefined;

  const trends: Record<string, TrendSeries> = {};
  if (window)
    await part(
      'the custom Trend series',
      async () => {
        for (const metric of DEFAULT_SERIES_METRICS) {
          const kind = i.metricKinds[metric];
          if (kind?.type !== 'trend') continue;
          const range = (query: string): Promise<Matrix> =>
            queryRange(i.client, query, window.fromMs, window.toMs, window.stepSeconds);
          const counts = await range(trendCountQuery(metric, kind.contains, i.testid, layout.seconds));
          if (counts.length === 0) continue;
          const quantiles: Record<number, Matrix> = {};
          for (const p of QUANTILES)
            quantiles[p] = await range(trendQuantileQuery(metric, kind.contains, p, i.testid, layout.seconds));
          const scale = kind.contains === 'time' ? 1000 : 1;
          const series = trendFromAnswers({ counts, quantiles }, layout.times, layout.seconds, scale);
          if (series) trends[metric] = series;
        }
      },
      undefined,
    );

  const inRoutes = routes.reduce((n, r) => n + r.count, 0);
  const notes = [
    ...(total === undefined
      ? []
      : [
          `from Prometheus (testid=${i.testid}): ${total} requests, ${inRoutes} of them in the route table (${total - inRoutes} in setup/teardown or RCA polls)`,
        ]),
    ...(Object.keys(trends).length
      ? [`custom Trend series (${Object.keys(trends).join(', ')}): samples per bucket estimated by increase()`]
      : []),
    ...(load?.iterationsEnded
      ? ["achieved arrivals: iterations counted in the bucket they ended in (k6's running count), not started"]
      : []),
    NOT_IN_PROMETHEUS,
    ...problems,
  ];
  const services = Object.keys(http).sort();
  return {
    analysis: {
      source: PROMETHEUS_SOURCE,
      lines: 0,
      points: 0,
      skippedLines: 0,
      notes,
      startMs: i.loadStartMs,
      endMs: i.loadEndMs,
      loadEndMs: i.loadEndMs,
      bucketSeconds: layout.seconds,
      times: services.length || Object.keys(trends).length ? layout.times : [],
      services,
      http,
      trends,
      routes,
      stages: [],
      metrics,
      ...(load ? { load } : {}),
    },
    problems,
  };
}
