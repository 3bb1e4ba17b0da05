// What the streaming analysis of k6's NDJSON output produces: columnar time series (one value per
// time bucket, aligned with `times`, ready for uPlot), per-route totals, and the load stages.
import type { RouteStats } from '../verdict/index.ts';

/** A bucket with no samples has `null` quantiles, so charts draw a gap instead of a fake zero. */
export type Maybe = number | null;

/** Quantiles of one Trend per time bucket. Values in the metric's unit (ms for time Trends). */
export interface TrendSeries {
  count: number[];
  p50: Maybe[];
  p95: Maybe[];
  p99: Maybe[];
}

/** HTTP traffic of one `service` per time bucket. */
export interface ServiceSeries extends TrendSeries {
  /** Requests per second over the bucket. */
  rps: number[];
  /** Failed requests (http_req_failed true) in the bucket. */
  errors: number[];
  /** errors / requests, null when the bucket had no request. */
  errorRate: Maybe[];
}

/** Whole-run aggregate of one metric or declared submetric, in k6's summary vocabulary. */
export interface MetricAggregate {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains: string;
  count: number;
  /** counter: sum; gauge: last value; rate: share of non-zero samples; trend: mean. */
  value: number;
  min?: number;
  max?: number;
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
}

export interface StageStart {
  index: number;
  /** First time a sample carried `stage: <index>`, ms since the epoch. */
  startMs: number;
}

/** RunAnalysis.source of a distributed run's analysis, read from Prometheus: no file to read again. */
export const PROMETHEUS_SOURCE = 'prometheus';

export interface RunAnalysis {
  /** The NDJSON file read. */
  source: string;
  lines: number;
  points: number;
  /** Lines that were not JSON (a truncated last line of an interrupted run) or had no usable time. */
  skippedLines: number;
  /** Plain-text remarks (truncation, unknown shapes), never sample data. */
  notes: string[];
  /** First and last sample of the whole run (setup and teardown included), ms since the epoch. */
  startMs: number;
  endMs: number;
  /** Last sample of the load itself (setup/teardown excluded): when load stopped. */
  loadEndMs: number;
  bucketSeconds: number;
  /** Start of each time bucket, ms since the epoch. Every series below is aligned with it. */
  times: number[];
  /** Services seen in HTTP samples, sorted. */
  services: string[];
  http: Record<string, ServiceSeries>;
  /** Series of custom Trends: aurora_ws_time_to_first_message, aurora_rca_time_to_complete, ... */
  trends: Record<string, TrendSeries>;
  /** Per service/name over the whole load (RCA polls and setup/teardown excluded), sorted. */
  routes: RouteStats[];
  stages: StageStart[];
  /** Whole-run aggregates of every metric and every submetric k6 declared (threshold keys). */
  metrics: Record<string, MetricAggregate>;
  /** Non-zero samples per metric by their `outcome` tag (aurora_rca_failed: `{timeout: 22}`). */
  outcomes?: Record<string, Record<string, number>>;
  /** A distributed run's iterations and spend per bucket, read from Prometheus (a local run's report reads them from k6.ndjson). */
  load?: LoadSeries;
}

/** Per time bucket, aligned with RunAnalysis.times; null when Prometheus holds no series of it. */
export interface LoadSeries {
  /** Iterations ended per second: Prometheus holds k6's running count of iterations, not each one's start. */
  iterationsEnded: number[] | null;
  /** dropped_iterations per second. */
  dropped: number[] | null;
  /** LLM spend (USD) so far at each bucket's end. */
  spend: number[] | null;
}

export interface AnalyzeOptions {
  /** Fixed bucket width. Default: automatic, powers of two seconds, at most MAX_BUCKETS buckets. */
  bucketSeconds?: number;
  /** Trend metrics to chart per bucket (beyond http_req_duration). */
  seriesMetrics?: string[];
}
