// What evaluateThresholdsFromPrometheus needs, read from a run's k6 summary: its thresholds (key ->
// expressions) and each metric's type and contents. Pure.
import type { K6Summary } from '../../analysis/index.ts';
import { splitKey } from '../threshold-gates.ts';
import type { MetricKind, MetricType } from './promql.ts';

export function thresholdsOf(summary: Pick<K6Summary, 'thresholds'>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of summary.thresholds) (out[t.metric] ??= []).push(t.expression);
  return out;
}

/** Metric name -> kind, from every metric and submetric of the summary that says its type. */
export function metricTypesOf(summary: Pick<K6Summary, 'metrics'>): Record<string, MetricKind> {
  const out: Record<string, MetricKind> = {};
  for (const [key, m] of Object.entries(summary.metrics)) {
    if (!m.type) continue;
    const { metric } = splitKey(key);
    out[metric] ??= { type: m.type as MetricType, ...(m.contains ? { contains: m.contains } : {}) };
  }
  return out;
}
