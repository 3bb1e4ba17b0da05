// Prometheus' answers -> the parts of a RunAnalysis: the route table (RouteStats) and the per-service
// series aligned with the buckets. Pure. Series of several runners are already summed by the queries;
// a label a series lacks (k6 writes no empty label) reads as the NDJSON analysis reads a missing tag.
import type { RouteStats } from '../../verdict/index.ts';
import type { MatrixSeries, VectorSample } from '../../cluster/prometheus/query.ts';
import { UNTAGGED } from '../../analysis/analyze-run.ts';
import type { LoadSeries, Maybe, ServiceSeries, TrendSeries } from '../../analysis/types.ts';

export type Vector = readonly VectorSample[];
export type Matrix = readonly MatrixSeries[];

const serviceOf = (m: Record<string, string>): string => m.service ?? UNTAGGED;
const routeKey = (m: Record<string, string>): string => `${serviceOf(m)}\u0000${m.name ?? '(unnamed)'}`;

/** A finite number, or null (NaN from a quantile of an empty histogram, +Inf, a missing answer). */
function finite(text: string | undefined): number | null {
  if (text === undefined) return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

function byRoute(v: Vector): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of v) {
    const value = finite(s.value[1]);
    if (value !== null) out.set(routeKey(s.metric), (out.get(routeKey(s.metric)) ?? 0) + value);
  }
  return out;
}

export interface RouteAnswers {
  counts: Vector;
  failed: Vector;
  /** Percentile (50, 95, 99) -> its answer, in seconds. */
  quantiles: Record<number, Vector>;
}

/** The route table: every route with requests, its percentiles in ms, its error rate; sorted. */
export function routesFromAnswers(a: RouteAnswers): RouteStats[] {
  const failed = byRoute(a.failed);
  const quantiles = Object.fromEntries(Object.entries(a.quantiles).map(([p, v]) => [p, byRoute(v)]));
  const ms = (p: number, key: string): number => {
    const s = quantiles[p]?.get(key);
    return s === undefined ? 0 : s * 1000;
  };
  const labels = new Map(a.counts.map((s) => [routeKey(s.metric), s.metric]));
  const routes: RouteStats[] = [];
  for (const [key, count] of byRoute(a.counts)) {
    const metric = labels.get(key) as Record<string, string>;
    if (count <= 0) continue;
    routes.push({
      service: serviceOf(metric),
      name: metric.name ?? '(unnamed)',
      count: Math.round(count),
      p50: ms(50, key),
      p95: ms(95, key),
      p99: ms(99, key),
      errorRate: Math.min(1, (failed.get(key) ?? 0) / count),
    });
  }
  return routes.sort((x, y) => x.service.localeCompare(y.service) || x.name.localeCompare(y.name));
}

/** Each service's values at the buckets' ends (times[k] + bucket), null where the answer has none. */
export function alignByService(m: Matrix, times: readonly number[], bucketSeconds: number): Map<string, Maybe[]> {
  const index = new Map(times.map((t, k) => [t + bucketSeconds * 1000, k]));
  const out = new Map<string, Maybe[]>();
  for (const s of m) {
    const service = serviceOf(s.metric);
    let row = out.get(service);
    if (!row) out.set(service, (row = times.map((): Maybe => null)));
    for (const [at, text] of s.values) {
      const k = index.get(Math.round(at * 1000));
      const v = finite(text);
      if (k !== undefined && v !== null) row[k] = (row[k] ?? 0) + v;
    }
  }
  return out;
}

/** Per-bucket amounts from running totals at the buckets' ends: a bucket without an answer holds nothing new. */
export function perBucket(soFar: readonly Maybe[]): number[] {
  let before = 0;
  return soFar.map((v) => {
    if (v === null) return 0;
    const inBucket = Math.max(0, Math.round(v - before));
    before = Math.max(before, v);
    return inBucket;
  });
}

export interface SeriesAnswers {
  requestsSoFar: Matrix;
  failedSoFar: Matrix;
  /** Percentile -> per-service quantiles within each bucket, in seconds. */
  quantiles: Record<number, Matrix>;
}

/** The per-service HTTP series, aligned with `times`; quantiles null where a bucket has no data. */
export function seriesFromAnswers(
  a: SeriesAnswers,
  times: readonly number[],
  bucketSeconds: number,
): Record<string, ServiceSeries> {
  const requests = alignByService(a.requestsSoFar, times, bucketSeconds);
  const failed = alignByService(a.failedSoFar, times, bucketSeconds);
  const q = Object.fromEntries(
    Object.entries(a.quantiles).map(([p, m]) => [p, alignByService(m, times, bucketSeconds)]),
  );
  const nothing = times.map((): Maybe => null);
  const out: Record<string, ServiceSeries> = {};
  for (const service of [...requests.keys()].sort()) {
    const count = perBucket(requests.get(service) ?? nothing);
    const errors = perBucket(failed.get(service) ?? nothing);
    const quantile = (p: number): Maybe[] =>
      (q[p]?.get(service) ?? nothing).map((s, k) => (s === null || count[k] === 0 ? null : s * 1000));
    out[service] = {
      count,
      rps: count.map((n) => n / bucketSeconds),
      errors,
      errorRate: count.map((n, k): Maybe => (n === 0 ? null : Math.min(1, (errors[k] as number) / n))),
      p50: quantile(50),
      p95: quantile(95),
      p99: quantile(99),
    };
  }
  return out;
}

/**
 * One custom Trend's series (one answer each, no grouping), aligned with `times`; undefined when no
 * bucket had a sample. `scale`: Prometheus unit -> k6's (1000 for time Trends).
 */
export function trendFromAnswers(
  a: { counts: Matrix; quantiles: Record<number, Matrix> },
  times: readonly number[],
  bucketSeconds: number,
  scale: number,
): TrendSeries | undefined {
  const one = (m: Matrix): Maybe[] =>
    [...alignByService(m, times, bucketSeconds).values()][0] ?? times.map((): Maybe => null);
  const count = one(a.counts).map((n) => (n === null ? 0 : Math.max(0, Math.round(n))));
  const quantile = (p: number): Maybe[] => one(a.quantiles[p] ?? []).map((v) => (v === null ? null : v * scale));
  const series = { count, p50: quantile(50), p95: quantile(95), p99: quantile(99) };
  return series.p50.some((v) => v !== null) || count.some((n) => n > 0) ? series : undefined;
}

export interface LoadAnswers {
  iterationsSoFar: Matrix;
  droppedSoFar: Matrix;
  spendSoFar: Matrix;
}

/**
 * Iterations ended and dropped per second in each bucket, and the spend so far at each bucket's end
 * (carried over a bucket without an answer); null for a Counter Prometheus holds no series of.
 */
export function loadSeriesFromAnswers(a: LoadAnswers, times: readonly number[], bucketSeconds: number): LoadSeries {
  const one = (m: Matrix): Maybe[] | null =>
    m.length ? ([...alignByService(m, times, bucketSeconds).values()][0] ?? null) : null;
  const perSecond = (m: Matrix): number[] | null => {
    const soFar = one(m);
    return soFar ? perBucket(soFar).map((n) => n / bucketSeconds) : null;
  };
  const spend = one(a.spendSoFar);
  let before = 0;
  return {
    iterationsEnded: perSecond(a.iterationsSoFar),
    dropped: perSecond(a.droppedSoFar),
    spend: spend ? spend.map((v) => (before = Math.max(before, v ?? 0))) : null,
  };
}
