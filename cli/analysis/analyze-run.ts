// Streaming analysis of k6's `--out json` NDJSON: time series per service, route totals, stages.
// One pass, one line at a time. Per-time-bucket charts use histograms (memory flat whatever the run's
// length); whole-run route and metric percentiles keep every duration in a float64 array (8 bytes a
// sample) so they are exact and equal to k6's own summary.
import { Quantiles } from './histogram.ts';
import { TrendSamples } from './trend-samples.ts';
import { MetricTotals } from './metric-totals.ts';
import { readLines } from './read-lines.ts';
import { TimeBuckets } from './time-buckets.ts';
import type { AnalyzeOptions, Maybe, RunAnalysis, ServiceSeries, StageStart, TrendSeries } from './types.ts';
import type { RouteStats } from '../verdict/index.ts';

/** Custom Trends charted over time (the scenarios' metric names). */
export const DEFAULT_SERIES_METRICS = [
  'aurora_ws_time_to_first_message',
  'aurora_ws_turn_duration',
  'aurora_rca_time_to_running',
  'aurora_rca_time_to_complete',
];

/** Samples without a `service` tag (should not happen with our scenarios) are grouped here. */
export const UNTAGGED = 'untagged';

type Tags = Record<string, string>;

interface HttpCell {
  latency: Quantiles;
  requests: number;
  errors: number;
}

interface Bucket {
  http: Map<string, HttpCell>;
  trends: Map<string, Quantiles>;
}

interface RouteAcc {
  service: string;
  name: string;
  latency: TrendSamples;
  failed: number;
  failedTotal: number;
}

const newBucket = (): Bucket => ({ http: new Map(), trends: new Map() });

function mergeBucket(into: Bucket, from: Bucket): void {
  for (const [service, cell] of from.http) {
    const target = into.http.get(service);
    if (!target) {
      into.http.set(service, cell);
      continue;
    }
    target.latency.add(cell.latency);
    target.requests += cell.requests;
    target.errors += cell.errors;
  }
  for (const [metric, q] of from.trends) {
    const target = into.trends.get(metric);
    if (target) target.add(q);
    else into.trends.set(metric, q);
  }
}

function httpCell(bucket: Bucket, service: string): HttpCell {
  let cell = bucket.http.get(service);
  if (!cell) {
    cell = { latency: new Quantiles(2), requests: 0, errors: 0 };
    bucket.http.set(service, cell);
  }
  return cell;
}

/** Setup and teardown are not load: their samples stay out of series and routes (not out of totals). */
const isLifecycle = (tags: Tags): boolean => tags.group === '::setup' || tags.group === '::teardown';

/** Tolerant line parser: a Point as [metric, time ms, value, tags], a Metric declaration, or null. */
type Parsed =
  | { kind: 'point'; metric: string; t: number; value: number; tags: Tags }
  | { kind: 'metric'; data: Record<string, unknown> }
  | { kind: 'other' }
  | null;

/** The last whole second parsed: its text (`YYYY-MM-DDTHH:MM:SS`), its zone (`Z`, `+02:00`) and its time. */
let cachedSecond = '';
let cachedZone = '';
let cachedMs = NaN;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** `Z` or `+HH:MM` / `-HH:MM`, the zones Go's RFC 3339 writes. */
const isZone = (z: string): boolean => z === 'Z' || /^[+-]\d\d:\d\d$/.test(z);

/**
 * Date.parse for k6's RFC 3339 times (`2026-11-29T01:46:49.436412748Z`), with the same result, but the
 * date-and-second part is parsed once per second of the run rather than once per sample: samples come
 * in time order, thousands per second. Like Date.parse, fraction digits beyond the millisecond are
 * dropped (truncated). Anything else goes to Date.parse as it is.
 */
function parseTime(s: string): number {
  // YYYY-MM-DDTHH:MM:SS.f...<zone>
  if (
    s.length < 22 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58
  )
    return Date.parse(s);
  let end = 20;
  while (end < s.length && isDigit(s.charCodeAt(end))) end++;
  if (end === 20 || end === s.length) return Date.parse(s);
  let fraction = (s.charCodeAt(20) - 48) * 100;
  if (end > 21) fraction += (s.charCodeAt(21) - 48) * 10;
  if (end > 22) fraction += s.charCodeAt(22) - 48;
  if (
    s.startsWith(cachedSecond) &&
    cachedSecond.length === 19 &&
    s.length - end === cachedZone.length &&
    s.endsWith(cachedZone)
  ) {
    return cachedMs + fraction;
  }
  // A new second: parse it in full, and cache it only if second + zone parse to the same instant.
  const full = Date.parse(s);
  const second = s.slice(0, 19);
  const zone = s.slice(end);
  if (isZone(zone) && Date.parse(`${second}${zone}`) + fraction === full) {
    cachedSecond = second;
    cachedZone = zone;
    cachedMs = full - fraction;
  }
  return full;
}

function parseLine(line: string): Parsed {
  let obj: { type?: unknown; metric?: unknown; data?: { time?: unknown; value?: unknown; tags?: unknown } };
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  if (obj?.type === 'Metric' && obj.data && typeof obj.data === 'object')
    return { kind: 'metric', data: obj.data as Record<string, unknown> };
  if (obj?.type !== 'Point' || typeof obj.metric !== 'string' || !obj.data) return { kind: 'other' };
  const t = typeof obj.data.time === 'string' ? parseTime(obj.data.time) : NaN;
  const value = obj.data.value;
  if (!Number.isFinite(t) || typeof value !== 'number') return null;
  const tags = (obj.data.tags && typeof obj.data.tags === 'object' ? obj.data.tags : {}) as Tags;
  return { kind: 'point', metric: obj.metric, t, value, tags };
}

function trendSeries(cells: Array<Quantiles | undefined>): TrendSeries {
  return {
    count: cells.map((q) => q?.count ?? 0),
    p50: cells.map((q) => q?.at(50) ?? null),
    p95: cells.map((q) => q?.at(95) ?? null),
    p99: cells.map((q) => q?.at(99) ?? null),
  };
}

/** Counts a non-zero sample of `metric` under its `outcome` tag (aurora_rca_failed: timeout, error). */
function tallyOutcome(into: Record<string, Record<string, number>>, metric: string, outcome: string): void {
  const byOutcome = (into[metric] ??= {});
  byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
}

/**
 * Reads k6's NDJSON (plain or gzipped) once and returns charts-ready series and route totals.
 * A truncated last line (an interrupted run) is skipped and noted, never fatal.
 */
export async function analyzeRun(ndjsonPath: string, opts: AnalyzeOptions = {}): Promise<RunAnalysis> {
  const seriesMetrics = new Set(opts.seriesMetrics ?? DEFAULT_SERIES_METRICS);
  const buckets = new TimeBuckets<Bucket>(newBucket, mergeBucket, opts.bucketSeconds);
  const totals = new MetricTotals();
  const routes = new Map<string, RouteAcc>();
  const stageStarts = new Map<number, number>();
  const outcomes: Record<string, Record<string, number>> = {};
  const services = new Set<string>();
  const notes: string[] = [];
  let lines = 0,
    points = 0,
    skipped = 0,
    lastBad = -1;
  let startMs = Infinity,
    endMs = -Infinity,
    loadEndMs = -Infinity;

  const route = (tags: Tags): RouteAcc => {
    const service = tags.service ?? UNTAGGED;
    const name = tags.name ?? tags.url ?? '(unnamed)';
    const key = `${service}\u0000${name}`;
    let acc = routes.get(key);
    if (!acc) {
      acc = { service, name, latency: new TrendSamples(), failed: 0, failedTotal: 0 };
      routes.set(key, acc);
    }
    return acc;
  };

  const source = await readLines(ndjsonPath);
  for await (const batch of source.batches)
    for (const line of batch) {
      lines++;
      if (line.length === 0) continue;
      const parsed = parseLine(line);
      if (parsed === null) {
        skipped++;
        lastBad = lines;
        continue;
      }
      if (parsed.kind === 'metric') totals.declare(parsed.data);
      if (parsed.kind !== 'point') continue;

      const { metric, t, value, tags } = parsed;
      points++;
      totals.point(metric, value, t, tags);
      if (tags.outcome !== undefined && value !== 0) tallyOutcome(outcomes, metric, tags.outcome);
      if (t < startMs) startMs = t;
      if (t > endMs) endMs = t;
      if (isLifecycle(tags)) continue;
      if (t > loadEndMs) loadEndMs = t;

      if (tags.stage !== undefined) {
        const index = Number(tags.stage);
        const seen = stageStarts.get(index);
        if (Number.isInteger(index) && (seen === undefined || t < seen)) stageStarts.set(index, t);
      }

      if (metric === 'http_req_duration') {
        const service = tags.service ?? UNTAGGED;
        services.add(service);
        const cell = httpCell(buckets.at(t), service);
        cell.latency.record(value);
        cell.requests++;
        if (tags.phase !== 'poll') route(tags).latency.record(value);
      } else if (metric === 'http_req_failed') {
        if (value !== 0) httpCell(buckets.at(t), tags.service ?? UNTAGGED).errors++;
        if (tags.phase !== 'poll') {
          const acc = route(tags);
          acc.failedTotal++;
          if (value !== 0) acc.failed++;
        }
      } else if (seriesMetrics.has(metric)) {
        const bucket = buckets.at(t);
        let q = bucket.trends.get(metric);
        if (!q) {
          q = new Quantiles(2);
          bucket.trends.set(metric, q);
        }
        q.record(value);
      }
    }

  const readError = source.error();
  if (readError)
    notes.push(`reading stopped early: ${readError.message} (an interrupted run?); analysed what was read`);
  if (skipped > 0) {
    notes.push(
      lastBad === lines
        ? `skipped ${skipped} unreadable line(s), the last one truncated (an interrupted run?)`
        : `skipped ${skipped} unreadable line(s), last at line ${lastBad}`,
    );
  }
  if (points === 0) notes.push('no samples in the k6 output');

  const list = buckets.list();
  const seconds = buckets.seconds;
  const serviceNames = [...services].sort();
  const http: Record<string, ServiceSeries> = {};
  for (const service of serviceNames) {
    const cells = list.map(({ bucket }) => bucket?.http.get(service));
    const requests = cells.map((c) => c?.requests ?? 0);
    const errors = cells.map((c) => c?.errors ?? 0);
    http[service] = {
      ...trendSeries(cells.map((c) => c?.latency)),
      count: requests,
      rps: requests.map((n) => n / seconds),
      errors,
      errorRate: requests.map((n, i): Maybe => (n === 0 ? null : (errors[i] as number) / n)),
    };
  }
  const trends: Record<string, TrendSeries> = {};
  for (const metric of seriesMetrics) {
    const cells = list.map(({ bucket }) => bucket?.trends.get(metric));
    if (cells.some((c) => c !== undefined)) trends[metric] = trendSeries(cells);
  }

  const routeStats: RouteStats[] = [...routes.values()]
    .filter((r) => r.latency.count > 0)
    .map((r) => ({
      service: r.service,
      name: r.name,
      count: r.latency.count,
      p50: r.latency.at(50) ?? 0,
      p95: r.latency.at(95) ?? 0,
      p99: r.latency.at(99) ?? 0,
      errorRate: r.failedTotal === 0 ? 0 : r.failed / r.failedTotal,
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));

  const stages: StageStart[] = [...stageStarts.entries()]
    .map(([index, start]) => ({ index, startMs: start }))
    .sort((a, b) => a.index - b.index);

  const empty = points === 0;
  return {
    source: ndjsonPath,
    lines,
    points,
    skippedLines: skipped,
    notes,
    startMs: empty ? 0 : startMs,
    endMs: empty ? 0 : endMs,
    loadEndMs: loadEndMs === -Infinity ? (empty ? 0 : endMs) : loadEndMs,
    bucketSeconds: seconds,
    times: list.map((b) => b.startMs),
    services: serviceNames,
    http,
    trends,
    routes: routeStats,
    stages,
    metrics: totals.result(),
    outcomes,
  };
}
