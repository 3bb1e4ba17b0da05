// The gates a run is held to: k6's thresholds, HPA expectations, baseline regression and drift, their
// evaluation together, the baseline loader and the number formats they share with the reports; and
// k6's thresholds judged from Prometheus over every series of a run (prometheus-thresholds/).
export { thresholdGates, parseThreshold, measuredValue } from './threshold-gates.ts';
export { hpaGates } from './hpa-gates.ts';
export { clusterGates, celeryQueueGate } from './cluster-gates.ts';
export { baselineGates, compareRoutes, compareStat, describeTolerance, formatStat, STATS } from './baseline-gates.ts';
export type { RegressionTolerance, RouteComparison, StatComparison, Stat } from './baseline-gates.ts';
export { driftGates, driftNotRead } from './drift-gates.ts';
export type { DriftLimits, DriftPart, HoldWindow } from './drift-gates.ts';
export { holdStages, plannedHolds, readHoldWindows } from './drift-windows.ts';
export type { HoldStage } from './drift-windows.ts';
export { evaluateGates } from './evaluate.ts';
export { spendGates, spendStats, rateLimitedOf } from './spend-gates.ts';
export type { DriftInput, EvaluateInput } from './evaluate.ts';
export { loadBaseline } from './load-baseline.ts';
export type { Baseline } from './load-baseline.ts';
export {
  evaluateThresholdsFromPrometheus,
  judgeRunFromPrometheus,
  metricTypesOf,
  thresholdsOf,
} from './prometheus-thresholds/index.ts';
export type { MetricKind, PrometheusThresholdsInput } from './prometheus-thresholds/index.ts';
export { formatMs, formatPct, formatSeconds, formatNumber, formatDelta } from './format.ts';
