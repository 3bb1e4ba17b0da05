// k6 thresholds judged from Prometheus over every series of a run's testid: the PromQL (pure), its
// evaluation against a Prometheus, and the inputs read from a k6 summary.
export { evaluateThresholdsFromPrometheus, holds } from './evaluate.ts';
export type { PrometheusThresholdsInput } from './evaluate.ts';
export { labelMatchers, planThreshold, percentileOf, histogramName, RATE_COUNT_COMPANION } from './promql.ts';
export type { MetricKind, MetricType, ThresholdPlan } from './promql.ts';
export { metricTypesOf, thresholdsOf } from './from-summary.ts';
export { judgeRunFromPrometheus } from './run-judge.ts';
