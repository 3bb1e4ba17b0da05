// One gate per k6 threshold expression, with the value k6 measured, from k6's own summary.
import type { GateResult } from '../verdict/model.ts';
import type { K6Summary, SummaryMetric } from '../analysis/read-summary.ts';
import { formatMs, formatNumber, formatPct } from './format.ts';
import { parseThresholdExpression } from '../../lib/core/threshold-grammar.ts';

export interface ParsedThreshold {
  /** count, rate, value, avg, min, max, med or p(N) (normalised: `p(95.0)` -> `p(95)`). */
  aggregation: string;
  operator: string;
  limit: number;
}

/**
 * Parses a k6 threshold expression (`p(95)<800`, `rate < 0.01`) with lib's one threshold grammar;
 * null when it does not parse. `===` reads as `==`.
 */
export function parseThreshold(expression: string): ParsedThreshold | null {
  const parsed = parseThresholdExpression(expression);
  if (!parsed.ok) return null;
  const { aggregation, operator, value } = parsed.value;
  return { aggregation, operator: operator === '===' ? '==' : operator, limit: value };
}

/** The value an aggregation names in a summary's `values`, if the summary kept it. */
export function measuredValue(metric: SummaryMetric, aggregation: string): number | undefined {
  const v = metric.values;
  if (aggregation === 'med') return v.med ?? v['p(50)'];
  if (aggregation === 'p(50)') return v['p(50)'] ?? v.med;
  if (aggregation === 'rate' && metric.type === 'rate') return v.rate ?? v.value;
  return v[aggregation];
}

/** Formats a value of `metric` for people: ms for time Trends, % for Rates, plain otherwise. */
export function formatValue(metric: SummaryMetric | undefined, aggregation: string, value: number): string {
  if (metric?.type === 'rate' && aggregation === 'rate') return formatPct(value);
  const time = metric?.contains === 'time' || (metric?.type === 'trend' && metric.contains === undefined);
  if (time && aggregation !== 'count') return formatMs(value);
  if (metric?.type === 'counter' && aggregation === 'rate') return `${formatNumber(value)}/s`;
  if (metric?.contains === 'data' && aggregation === 'count') return `${formatNumber(value)} B`;
  return formatNumber(value);
}

/** The extra context of a Rate: "19 of 681". */
function rateContext(metric: SummaryMetric): string {
  const { passes, fails } = metric.values;
  return passes !== undefined && fails !== undefined ? ` (${passes} of ${passes + fails})` : '';
}

export function thresholdGates(summary: K6Summary): GateResult[] {
  return summary.thresholds.map(({ metric: key, expression, ok }) => {
    const metric = summary.metrics[key];
    const parsed = parseThreshold(expression);
    const name = `${key}: ${expression}`;
    if (!parsed) {
      return {
        kind: 'threshold',
        name,
        measured: 'n/a',
        limit: expression,
        passed: ok,
        detail: 'expression not understood by the report; k6 decided the result',
      };
    }
    const value = metric ? measuredValue(metric, parsed.aggregation) : undefined;
    const measured =
      value === undefined
        ? `${parsed.aggregation} not in the summary (add it to summaryTrendStats)`
        : `${parsed.aggregation} = ${formatValue(metric, parsed.aggregation, value)}${parsed.aggregation === 'rate' && metric ? rateContext(metric) : ''}`;
    const limit = `${parsed.aggregation} ${parsed.operator} ${formatValue(metric, parsed.aggregation, parsed.limit)}`;
    return { kind: 'threshold', name, measured, limit, passed: ok };
  });
}
