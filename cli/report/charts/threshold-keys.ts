// Threshold gates read back as chart facts: the metric and tags a gate's key names, its limit, and
// which panel (if any) already charts that metric; a failed gate's metric gets its own panel.
import { parseThreshold } from '../../gates/index.ts';
import type { ParsedThreshold } from '../../gates/threshold-gates.ts';
import type { GateResult } from '../../verdict/model.ts';

export interface ThresholdKey {
  /** The key as k6 writes it: `http_req_duration{service:aurora-server,phase:request}`. */
  key: string;
  metric: string;
  tags: Record<string, string>;
}

export interface ThresholdLimit extends ThresholdKey {
  expression: string;
  parsed: ParsedThreshold;
  passed: boolean;
}

/** `metric{a:b,c:d}` as its metric and tags (tag values may hold `:` and spaces, not `,`). */
export function parseKey(key: string): ThresholdKey {
  const brace = key.indexOf('{');
  if (brace === -1 || !key.endsWith('}')) return { key, metric: key, tags: {} };
  const tags: Record<string, string> = {};
  for (const part of key.slice(brace + 1, -1).split(',')) {
    const colon = part.indexOf(':');
    if (colon > 0) tags[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return { key, metric: key.slice(0, brace), tags };
}

/** Threshold gates whose name (`key: expression`) parses. */
export function thresholdLimits(gates: GateResult[]): ThresholdLimit[] {
  const out: ThresholdLimit[] = [];
  for (const g of gates) {
    if (g.kind !== 'threshold') continue;
    const at = g.name.lastIndexOf(': ');
    if (at <= 0) continue;
    const expression = g.name.slice(at + 2);
    const parsed = parseThreshold(expression);
    if (parsed) out.push({ ...parseKey(g.name.slice(0, at)), expression, parsed, passed: g.passed });
  }
  return out;
}

/** Tags a service-wide panel can stand for: the service itself, and the load's own requests. */
const onlyServiceTags = (tags: Record<string, string>): boolean =>
  Object.entries(tags).every(([k, v]) => k === 'service' || (k === 'phase' && v === 'request'));

/** Percentile aggregations drawn as lines on latency panels. */
export const PERCENTILE_OF: Record<string, 'p50' | 'p95' | 'p99'> = {
  'p(50)': 'p50',
  med: 'p50',
  'p(95)': 'p95',
  'p(99)': 'p99',
};

/**
 * The panels (by id) on which a limit is drawn: service latency and error panels, the chatbot and
 * RCA panels. Empty when no standing panel charts it (a failed one then gets a panel of its own).
 */
export function panelsFor(limit: ThresholdKey & { parsed: ParsedThreshold }, services: string[]): string[] {
  const { metric, tags, parsed } = limit;
  if (!onlyServiceTags(tags)) return [];
  const forService = (prefix: string): string[] =>
    tags.service ? [`${prefix}-${tags.service}`] : services.map((s) => `${prefix}-${s}`);
  if (metric === 'http_req_duration' && PERCENTILE_OF[parsed.aggregation]) return forService('latency');
  if (metric === 'http_req_failed' && parsed.aggregation === 'rate') return ['errors'];
  if (tags.service) return [];
  if (metric === 'aurora_ws_time_to_first_message' && PERCENTILE_OF[parsed.aggregation]) return ['ttfm'];
  if (metric === 'aurora_rca_time_to_complete' && PERCENTILE_OF[parsed.aggregation]) return ['rca'];
  return [];
}
