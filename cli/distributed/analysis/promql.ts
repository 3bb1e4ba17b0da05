// The PromQL that reads a distributed run's analysis (route table, per-service series) back from
// what every runner's `-o experimental-prometheus-rw` wrote under the run's testid. Pure, no HTTP.
// The same exclusions as the NDJSON analysis (analyze-run.ts): setup/teardown (group ::setup,
// ::teardown) are not load; RCA polls (phase poll) stay out of the route table, not out of the series.
//   route count:   sum by (service, name) of each series' last k6_http_reqs_total (exact: k6 pushes a
//                  Counter's running total; max_over_time, as runner-rates.ts, never extrapolates)
//   route p50/95/99: histogram_quantile over the summed last native histograms (with the fallback of
//                  prometheus-thresholds for Prometheus versions that drop histograms in last_over_time)
//   route errors:  each series' http_req_failed ratio times its http_reqs (RATE_COUNT_COMPANION), rounded
//   series:        cumulative requests and errors per service at each bucket's end (differences are the
//                  bucket's, exact), and quantiles of rate() over the bucket's native histograms.
//   custom Trends: quantiles of rate() over the bucket; samples per bucket estimated by increase()
//                  (a histogram's running count cannot be read back over the whole run in Prometheus 2.42).
//   iterations, dropped iterations, LLM spend: each series' running total at each bucket's end, summed
//                  (the bucket's amount is the difference, exact; iterations are counted where they end).
import {
  histogramName,
  labelMatchers,
  promString,
  RATE_COUNT_COMPANION,
} from '../../gates/prometheus-thresholds/promql.ts';
import { MAX_BUCKETS } from '../../analysis/time-buckets.ts';

/** Native histogram of http_req_duration (seconds in Prometheus, ms in k6). */
export const DURATION_HISTOGRAM = 'k6_http_req_duration_seconds';
export const REQS_COUNTER = `k6_${RATE_COUNT_COMPANION.http_req_failed}_total`;
export const FAILED_RATE = 'k6_http_req_failed_rate';
/** The per-route grouping, and the per-service one of the series. */
export const ROUTE_BY = ['service', 'name'] as const;
export const SERVICE_BY = ['service'] as const;
/** The quantiles of the route table and the charts. */
export const QUANTILES = [50, 95, 99] as const;
/** The smallest bucket: the runners push every second, rate() needs two samples in its window. */
export const MIN_BUCKET_SECONDS = 4;

/** A query over the last native histograms, and the same over the latest samples within the lookback. */
export interface HistogramQuery {
  query: string;
  fallback: string;
}

const range = (seconds: number): string => `[${Math.max(1, Math.ceil(seconds))}s]`;

/** The load's samples of a run: its testid (narrowed by `tags`), setup and teardown left out. */
export function loadMatchers(testid: string, tags: Record<string, string> = {}): string {
  return `${labelMatchers(testid, tags)},group!=${promString('::setup')},group!=${promString('::teardown')}`;
}

/** The samples of the route table: the load's, RCA polls left out. */
export function routeMatchers(testid: string): string {
  return `${loadMatchers(testid)},phase!=${promString('poll')}`;
}

const by = (labels: readonly string[]): string => `by (${labels.join(', ')})`;

/** Requests per route over the run: the sum of each series' last running total. */
export function routeCountQuery(testid: string, windowSeconds: number): string {
  return `sum ${by(ROUTE_BY)} (max_over_time(${REQS_COUNTER}{${routeMatchers(testid)}}${range(windowSeconds)}))`;
}

/** Failed requests per route over the run: each series' failed ratio times its requests. */
export function routeFailedQuery(testid: string, windowSeconds: number): string {
  const sel = `{${routeMatchers(testid)}}${range(windowSeconds)}`;
  return `sum ${by(ROUTE_BY)} (round(last_over_time(${FAILED_RATE}${sel}) * last_over_time(${REQS_COUNTER}${sel})))`;
}

/** The q-th percentile (0..100) of each route's durations, in seconds. */
export function routeQuantileQuery(percentile: number, testid: string, windowSeconds: number): HistogramQuery {
  const sel = routeMatchers(testid);
  const q = Number((percentile / 100).toPrecision(12));
  return {
    query: `histogram_quantile(${q}, sum ${by(ROUTE_BY)} (last_over_time(${DURATION_HISTOGRAM}{${sel}}${range(windowSeconds)})))`,
    fallback: `histogram_quantile(${q}, sum ${by(ROUTE_BY)} (${DURATION_HISTOGRAM}{${sel}}))`,
  };
}

/** Every request of the run, setup, teardown and polls included (what the runners reported). */
export function totalRequestsQuery(testid: string, windowSeconds: number): string {
  return `sum(max_over_time(${REQS_COUNTER}{${labelMatchers(testid, {})}}${range(windowSeconds)}))`;
}

/** Time buckets over the load: power-of-two seconds aligned on the epoch, at most MAX_BUCKETS. */
export interface BucketLayout {
  seconds: number;
  /** Start of each bucket, ms since the epoch. */
  times: number[];
}

export function bucketLayout(loadStartMs: number, loadEndMs: number, maxBuckets = MAX_BUCKETS): BucketLayout {
  if (!(loadEndMs > loadStartMs)) return { seconds: MIN_BUCKET_SECONDS, times: [] };
  let seconds = MIN_BUCKET_SECONDS;
  const count = (s: number) => Math.floor(loadEndMs / (s * 1000)) - Math.floor(loadStartMs / (s * 1000)) + 1;
  while (count(seconds) > maxBuckets) seconds *= 2;
  const width = seconds * 1000;
  const first = Math.floor(loadStartMs / width) * width;
  const times: number[] = [];
  for (let t = first; t <= loadEndMs; t += width) times.push(t);
  return { seconds, times };
}

/** A range query evaluated at each bucket's end (times[k] + bucket), one step a bucket. */
export interface RangeWindow {
  fromMs: number;
  toMs: number;
  stepSeconds: number;
}

export function rangeWindow(layout: BucketLayout): RangeWindow | null {
  const first = layout.times[0];
  const last = layout.times[layout.times.length - 1];
  if (first === undefined || last === undefined) return null;
  const width = layout.seconds * 1000;
  return { fromMs: first + width, toMs: last + width, stepSeconds: layout.seconds };
}

/** The span a cumulative query looks back over so each bucket's end sees every sample since the load began. */
export function cumulativeSeconds(layout: BucketLayout): number {
  const first = layout.times[0] ?? 0;
  const last = layout.times[layout.times.length - 1] ?? first;
  return (last - first) / 1000 + layout.seconds + 60;
}

/** Requests per service so far, at each bucket's end; `tags` narrow the samples (the drift gate's). */
export function serviceRequestsSoFarQuery(
  testid: string,
  lookbackSeconds: number,
  tags: Record<string, string> = {},
): string {
  return `sum ${by(SERVICE_BY)} (last_over_time(${REQS_COUNTER}{${loadMatchers(testid, tags)}}${range(lookbackSeconds)}))`;
}

/** Failed requests per service so far, at each bucket's end. */
export function serviceFailedSoFarQuery(
  testid: string,
  lookbackSeconds: number,
  tags: Record<string, string> = {},
): string {
  const sel = `{${loadMatchers(testid, tags)}}${range(lookbackSeconds)}`;
  return `sum ${by(SERVICE_BY)} (round(last_over_time(${FAILED_RATE}${sel}) * last_over_time(${REQS_COUNTER}${sel})))`;
}

/** The q-th percentile (0..100) of each service's durations within each bucket, in seconds. */
export function serviceQuantileQuery(
  percentile: number,
  testid: string,
  bucketSeconds: number,
  tags: Record<string, string> = {},
): string {
  const q = Number((percentile / 100).toPrecision(12));
  return `histogram_quantile(${q}, sum ${by(SERVICE_BY)} (rate(${DURATION_HISTOGRAM}{${loadMatchers(testid, tags)}}${range(bucketSeconds)})))`;
}

/** The q-th percentile (0..100) of a custom Trend within each bucket, in its Prometheus unit. */
export function trendQuantileQuery(
  metric: string,
  contains: string | undefined,
  percentile: number,
  testid: string,
  bucketSeconds: number,
): string {
  const q = Number((percentile / 100).toPrecision(12));
  return `histogram_quantile(${q}, sum(rate(${histogramName(metric, contains)}{${loadMatchers(testid)}}${range(bucketSeconds)})))`;
}

/** A custom Trend's samples within each bucket, estimated by increase() (it extrapolates to the window). */
export function trendCountQuery(
  metric: string,
  contains: string | undefined,
  testid: string,
  bucketSeconds: number,
): string {
  return `round(histogram_count(sum(increase(${histogramName(metric, contains)}{${loadMatchers(testid)}}${range(bucketSeconds)}))))`;
}

/** k6's Counters of the arrival-rate chart and the spend chart, as the remote write names them. */
export const ITERATIONS_COUNTER = 'k6_iterations_total';
export const DROPPED_COUNTER = 'k6_dropped_iterations_total';
export const counterName = (metric: string): string => `k6_${metric}_total`;

/** A Counter's running total over all runners (and every tag) of the load, at each bucket's end. */
export function counterSoFarQuery(counter: string, testid: string, lookbackSeconds: number): string {
  return `sum(last_over_time(${counter}{${loadMatchers(testid)}}${range(lookbackSeconds)}))`;
}
