// The gates a run is held to: k6's thresholds, HPA expectations and baseline regression, their
// evaluation together, the baseline loader and the number formats they share with the reports.
export { thresholdGates, parseThreshold, measuredValue } from './threshold-gates.ts';
export { hpaGates } from './hpa-gates.ts';
export { clusterGates, celeryQueueGate } from './cluster-gates.ts';
export { baselineGates, compareRoutes, compareStat, describeTolerance, formatStat, STATS } from './baseline-gates.ts';
export type { RegressionTolerance, RouteComparison, StatComparison, Stat } from './baseline-gates.ts';
export { evaluateGates } from './evaluate.ts';
export type { EvaluateInput } from './evaluate.ts';
export { loadBaseline } from './load-baseline.ts';
export type { Baseline } from './load-baseline.ts';
export { formatMs, formatPct, formatSeconds, formatNumber, formatDelta } from './format.ts';
