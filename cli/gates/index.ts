export { thresholdGates, parseThreshold, measuredValue } from './threshold-gates.ts';
export { hpaGates } from './hpa-gates.ts';
export { baselineGates, compareRoutes, compareStat, describeTolerance, formatStat, STATS } from './baseline-gates.ts';
export type { BaselineTolerance, RouteComparison, StatComparison, Stat } from './baseline-gates.ts';
export { evaluateGates } from './evaluate.ts';
export type { EvaluateInput } from './evaluate.ts';
export { loadBaseline } from './load-baseline.ts';
export type { Baseline } from './load-baseline.ts';
export { formatMs, formatPct, formatSeconds, formatNumber, formatDelta } from './format.ts';
