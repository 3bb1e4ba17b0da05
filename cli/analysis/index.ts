// Reading what k6 wrote: the streaming NDJSON analysis (time series, route totals, stages) and k6's
// end-of-test summary in each of its shapes.
export { analyzeRun, DEFAULT_SERIES_METRICS, UNTAGGED } from './analyze-run.ts';
export { readSummary, parseSummary } from './read-summary.ts';
export type { K6Summary, SummaryMetric, SummaryThreshold } from './read-summary.ts';
export { MAX_BUCKETS } from './time-buckets.ts';
export { k6Percentile, TrendSamples } from './trend-samples.ts';
export type * from './types.ts';
export { PROMETHEUS_SOURCE } from './types.ts';
