// Reads k6's end-of-test summary in any of the shapes k6 writes (test/fixtures/k6/README.md):
// - handleSummary `data` (legacy):   metrics[m] = {type, contains, values, thresholds: {expr: {ok}}}
// - `--summary-export` (legacy):     metrics[m] = {...flattened values, thresholds: {expr: FAILED?}}
// - new machine-readable (v2, opt-in): results.metrics = [{name, type, contains, values}], no thresholds.
import { readFile } from 'node:fs/promises';

export interface SummaryThreshold {
  /** Metric or submetric key, e.g. `http_req_duration{service:aurora-server}`. */
  metric: string;
  /** The raw source expression, e.g. `p(95)<800`. */
  expression: string;
  ok: boolean;
}

export interface SummaryMetric {
  type?: 'counter' | 'gauge' | 'rate' | 'trend';
  /** 'time' (ms), 'data' (bytes) or 'default'; unknown in --summary-export. */
  contains?: string;
  /** k6's value names: `p(95)`, `avg`, `rate`, `count`, `value`, ... */
  values: Record<string, number>;
}

export interface K6Summary {
  format: 'handle-summary' | 'summary-export' | 'machine-readable';
  source: string;
  metrics: Record<string, SummaryMetric>;
  thresholds: SummaryThreshold[];
  /** state.testRunDurationMs, when the format has it. */
  durationMs?: number;
  notes: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function numbers(obj: Json): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj)) if (typeof v === 'number') out[k] = v;
  return out;
}

/** --summary-export has no type: tell it from the value names. */
function inferType(values: Record<string, number>): SummaryMetric['type'] {
  if ('passes' in values && 'fails' in values) return 'rate';
  if ('avg' in values || 'med' in values || Object.keys(values).some((k) => k.startsWith('p('))) return 'trend';
  if ('count' in values) return 'counter';
  if ('value' in values) return 'gauge';
  return undefined;
}

const TYPES = ['counter', 'gauge', 'rate', 'trend'];
const asType = (v: unknown): SummaryMetric['type'] =>
  TYPES.includes(v as string) ? (v as SummaryMetric['type']) : undefined;

function fromLegacy(doc: Json, source: string): K6Summary {
  const metricsIn = doc.metrics as Json;
  const handle = 'state' in doc || Object.values(metricsIn).some((m) => isObject(m) && isObject(m.values));
  const metrics: Record<string, SummaryMetric> = {};
  const thresholds: SummaryThreshold[] = [];
  for (const [name, raw] of Object.entries(metricsIn)) {
    if (!isObject(raw)) continue;
    if (handle) {
      const values = isObject(raw.values) ? numbers(raw.values) : {};
      metrics[name] = {
        type: asType(raw.type),
        contains: typeof raw.contains === 'string' ? raw.contains : undefined,
        values,
      };
      for (const [expression, result] of Object.entries(isObject(raw.thresholds) ? raw.thresholds : {})) {
        thresholds.push({ metric: name, expression, ok: isObject(result) && result.ok === true });
      }
    } else {
      const values = numbers(raw);
      const type = inferType(values);
      // A Rate's share is `value` in the export; give it k6's threshold name too.
      if (type === 'rate' && 'value' in values) values.rate = values.value as number;
      metrics[name] = { type, values };
      // In --summary-export, `true` means the threshold FAILED.
      for (const [expression, failed] of Object.entries(isObject(raw.thresholds) ? raw.thresholds : {})) {
        thresholds.push({ metric: name, expression, ok: failed === false });
      }
    }
  }
  const state = isObject(doc.state) ? doc.state : {};
  return {
    format: handle ? 'handle-summary' : 'summary-export',
    source,
    metrics,
    thresholds: thresholds.sort((a, b) => a.metric.localeCompare(b.metric) || a.expression.localeCompare(b.expression)),
    durationMs: typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : undefined,
    notes: [],
  };
}

function fromMachineReadable(doc: Json, source: string): K6Summary {
  const results = isObject(doc.results) ? doc.results : {};
  const list = [
    ...(Array.isArray(results.metrics) ? results.metrics : []),
    ...(isObject(results.checks) && Array.isArray(results.checks.metrics) ? results.checks.metrics : []),
  ];
  const metrics: Record<string, SummaryMetric> = {};
  for (const m of list) {
    if (!isObject(m) || typeof m.name !== 'string' || !isObject(m.values)) continue;
    const values = numbers(m.values);
    // This format spells percentiles p90/p95; keep k6's threshold spelling beside them.
    for (const [k, v] of Object.entries(values)) {
      const p = /^p(\d+(?:\.\d+)?)$/.exec(k);
      if (p) values[`p(${p[1]})`] = v;
    }
    metrics[m.name] = {
      type: asType(m.type),
      contains: typeof m.contains === 'string' ? m.contains : undefined,
      values,
    };
  }
  return {
    format: 'machine-readable',
    source,
    metrics,
    thresholds: [],
    notes: [
      'k6 wrote the new machine-readable summary, which carries no threshold results; run without --new-machine-readable-summary',
    ],
  };
}

/** Parses a summary document already in memory; `source` names it in errors. */
export function parseSummary(doc: unknown, source: string): K6Summary {
  if (isObject(doc) && isObject(doc.metrics)) return fromLegacy(doc, source);
  if (isObject(doc) && isObject(doc.results) && typeof doc.version === 'string')
    return fromMachineReadable(doc, source);
  throw new Error(
    `${source}: not a k6 summary (expected handleSummary data or a --summary-export file with a "metrics" object)`,
  );
}

/** Reads a k6 summary file; errors name the file. */
export async function readSummary(path: string): Promise<K6Summary> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read k6 summary ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: k6 summary is not valid JSON (${(err as Error).message})`);
  }
  return parseSummary(doc, path);
}
