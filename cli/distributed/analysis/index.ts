// A distributed run's analysis (route table, per-service series, whole-run aggregates) and the drift
// gate's hold windows read from the Prometheus its runners wrote to, in place of the NDJSON a single k6 writes.
export { analysisFromPrometheus, NOT_IN_PROMETHEUS } from './read.ts';
export type { PrometheusAnalysis, PrometheusAnalysisInput } from './read.ts';
export * from './promql.ts';
export * from './answers.ts';
export * from './metrics.ts';
export * from './drift.ts';
export { driftFromPrometheus } from './drift-read.ts';
export type { DistributedDrift, DriftReadInput } from './drift-read.ts';
