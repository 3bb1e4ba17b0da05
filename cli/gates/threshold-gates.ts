// One gate per k6 threshold expression, with the value k6 measured, from k6's own summary.
import { notEvaluated, type GateResult } from '../verdict/index.ts';
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

/** A threshold over fewer samples than this is not evaluated: k6 would judge 0 of 0 as 0. */
export const MIN_THRESHOLD_SAMPLES = 1;

/** What the gates know beside k6's summary: sample counts (the NDJSON's totals) and RCA outcomes. */
export interface ThresholdContext {
  /** Samples of a metric key in the whole run, when known (the NDJSON analysis). */
  samples?: (key: string) => number | undefined;
  /** Non-zero samples of a metric by their `outcome` tag. */
  outcomes?: (metric: string) => Record<string, number> | undefined;
}

/** The metric and tags of a threshold key: `http_req_duration{service:x,name:GET /a}`. */
export function splitKey(key: string): { metric: string; tags: Record<string, string> } {
  const open = key.indexOf('{');
  if (open < 0 || !key.endsWith('}')) return { metric: key, tags: {} };
  const tags: Record<string, string> = {};
  for (const part of key.slice(open + 1, -1).split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) tags[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return { metric: key.slice(0, open), tags };
}

const SERVICE_LATENCY = new Set(['http_req_duration', 'ws_connecting']);

/**
 * The latency gates a run exists for: a service's whole latency (not one route's), in nightly
 * scoped to its load phase. Not evaluated, they fail the run (exit 3): a run that measured no
 * latency proves nothing.
 */
export function isRequiredThreshold(key: string): boolean {
  const { metric, tags } = splitKey(key);
  return SERVICE_LATENCY.has(metric) && tags.service !== undefined && tags.name === undefined;
}

/** Samples behind a threshold: k6's summary (a Trend's count, a Rate's passes + fails), else the NDJSON's. */
function sampleCount(key: string, metric: SummaryMetric | undefined, ctx: ThresholdContext): number | undefined {
  const v = metric?.values ?? {};
  if (metric?.type === 'trend' && v.count !== undefined) return v.count;
  if (v.passes !== undefined && v.fails !== undefined) return v.passes + v.fails;
  return ctx.samples?.(key);
}

/** "22 timeout, 3 error" for a Rate whose failing samples carry an `outcome` tag. */
function outcomeDetail(key: string, ctx: ThresholdContext): string | undefined {
  const { metric, tags } = splitKey(key);
  if (tags.outcome !== undefined) return undefined;
  const byOutcome = ctx.outcomes?.(metric);
  const parts = Object.entries(byOutcome ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([outcome, n]) => `${n} ${outcome}`);
  return parts.length ? `failing samples by outcome: ${parts.join(', ')}` : undefined;
}

export function thresholdGates(summary: K6Summary, ctx: ThresholdContext = {}): GateResult[] {
  return summary.thresholds.map(({ metric: key, expression, ok }) => {
    const metric = summary.metrics[key];
    const parsed = parseThreshold(expression);
    const name = `${key}: ${expression}`;
    const required = isRequiredThreshold(key) ? { required: true } : {};
    const samples = sampleCount(key, metric, ctx);
    if (samples !== undefined && samples < MIN_THRESHOLD_SAMPLES) {
      return notEvaluated(
        { kind: 'threshold', name, measured: 'no samples', limit: expression, passed: false, ...required },
        'no samples',
        `k6 recorded ${samples} sample(s) for ${key}: nothing to judge (k6 itself counted it as ${ok ? 'passed' : 'failed'})`,
      );
    }
    if (!parsed) {
      return {
        kind: 'threshold',
        name,
        measured: 'n/a',
        limit: expression,
        passed: ok,
        status: ok ? 'passed' : 'failed',
        ...required,
        detail: 'expression not understood by the report; k6 decided the result',
      };
    }
    const value = metric ? measuredValue(metric, parsed.aggregation) : undefined;
    const measured =
      value === undefined
        ? `${parsed.aggregation} not in the summary (add it to summaryTrendStats)`
        : `${parsed.aggregation} = ${formatValue(metric, parsed.aggregation, value)}${parsed.aggregation === 'rate' && metric ? rateContext(metric) : ''}`;
    const limit = `${parsed.aggregation} ${parsed.operator} ${formatValue(metric, parsed.aggregation, parsed.limit)}`;
    const gate: GateResult = {
      kind: 'threshold',
      name,
      measured,
      limit,
      passed: ok,
      status: ok ? 'passed' : 'failed',
      ...required,
    };
    const outcomes = ok ? undefined : outcomeDetail(key, ctx);
    if (outcomes) gate.detail = outcomes;
    return gate;
  });
}
