// k6 test double: aggregation of samples into k6's legacy summary shapes (handleSummary data,
// --summary-export) and a small threshold evaluator. It is NOT k6's threshold engine: it parses the
// grammar of k6's metrics/thresholds_parser.go, evaluates each expression once against the aggregated values
// (percentiles as k6: all samples kept, sorted, linear interpolation at rank p*(n-1)), and reports
// {ok}. Good enough to check our scripts' thresholds; real k6 remains the authority.
import { createHash } from 'node:crypto';
import type { MetricContains, MetricType, Sample, Tags } from './types.ts';

// ---- threshold grammar -----------------------------------------------------------------------
export type AggMethod = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | 'p';
export type ThresholdOp = '>' | '>=' | '<=' | '<' | '==' | '===' | '!=';

export interface ThresholdExpr {
  source: string;
  method: AggMethod;
  /** percentile in [0, 100] for method 'p' */
  p?: number;
  /** k6's sink key, e.g. "p(95)" (formatted like Go's %g) */
  key: string;
  op: ThresholdOp;
  rhs: number;
}

export interface ThresholdDef {
  expr: ThresholdExpr;
  abortOnFail: boolean;
  delayAbortEval?: string;
  delayAbortEvalMs: number;
}

const OPERATORS: ThresholdOp[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const METHODS_BY_TYPE: Record<MetricType, AggMethod[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

function formatG(n: number): string {
  // Go's %g for the values people write in thresholds: no trailing zeros
  return String(Number(n.toPrecision(15)));
}

/** Parses one threshold expression; throws with a k6-like message when it is invalid. */
export function parseThresholdExpr(source: string): ThresholdExpr {
  const s = source;
  let opIdx = -1;
  let op: ThresholdOp | null = null;
  // k6's scanner: the first operator found, trying them in this order
  for (const candidate of OPERATORS) {
    const i = s.indexOf(candidate);
    if (i >= 0) {
      opIdx = i;
      op = candidate;
      break;
    }
  }
  if (!op) throw new Error(`failed parsing threshold expression "${source}": malformed expression, no operator found`);
  const lhs = s.slice(0, opIdx).trim();
  const rhsStr = s.slice(opIdx + op.length).trim();
  const rhs = Number(rhsStr);
  if (rhsStr === '' || !Number.isFinite(rhs)) {
    throw new Error(`failed parsing threshold expression "${source}": malformed threshold value "${rhsStr}"`);
  }
  const pm = /^p\((.+)\)$/.exec(lhs);
  if (pm) {
    const p = Number(pm[1]);
    if (pm[1]!.trim() === '' || Number.isNaN(p) || p < 0 || p > 100) {
      throw new Error(`failed parsing threshold expression "${source}": invalid percentile "${pm[1]}", it should be a number between 0 and 100`);
    }
    return { source, method: 'p', p, key: `p(${formatG(p)})`, op, rhs };
  }
  if (!['count', 'rate', 'value', 'avg', 'min', 'max', 'med'].includes(lhs)) {
    throw new Error(`failed parsing threshold expression "${source}": unknown aggregation method "${lhs}"`);
  }
  return { source, method: lhs as AggMethod, key: lhs, op, rhs };
}

export interface MetricKey {
  name: string;
  /** the raw "k:v,k2:v2" text inside the braces, trimmed, or null */
  suffix: string | null;
  tags: Tags | null;
}

/** k6's ParseMetricName: `name{k:v,k2:v2}`; keys/values trimmed, quotes stripped. */
export function parseMetricKey(key: string): MetricKey {
  const open = key.indexOf('{');
  if (open < 0) return { name: key.trim(), suffix: null, tags: null };
  if (!key.endsWith('}')) throw new Error(`invalid metric name "${key}": missing closing curly brace`);
  const name = key.slice(0, open).trim();
  const suffix = key.slice(open + 1, -1).trim();
  const tags: Tags = {};
  for (const pair of suffix.split(',')) {
    const i = pair.indexOf(':');
    if (i <= 0) throw new Error(`invalid metric name "${key}": tag "${pair}" has no value`);
    const strip = (x: string) => x.trim().replace(/^["']|["']$/g, '');
    tags[strip(pair.slice(0, i))] = strip(pair.slice(i + 1));
  }
  return { name, suffix, tags };
}

export function parseThresholds(thresholds: unknown): Map<string, ThresholdDef[]> {
  const out = new Map<string, ThresholdDef[]>();
  if (!thresholds || typeof thresholds !== 'object') return out;
  for (const [key, list] of Object.entries(thresholds as Record<string, unknown>)) {
    parseMetricKey(key);
    const arr = Array.isArray(list) ? list : [list];
    const defs: ThresholdDef[] = arr.map((t) => {
      if (typeof t === 'string') return { expr: parseThresholdExpr(t), abortOnFail: false, delayAbortEvalMs: 0 };
      if (t && typeof t === 'object' && typeof (t as { threshold?: unknown }).threshold === 'string') {
        const o = t as { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
        return {
          expr: parseThresholdExpr(o.threshold),
          abortOnFail: !!o.abortOnFail,
          delayAbortEval: o.delayAbortEval,
          delayAbortEvalMs: o.delayAbortEval ? durationMs(o.delayAbortEval) : 0,
        };
      }
      throw new Error(`invalid threshold for "${key}": ${JSON.stringify(t)}`);
    });
    out.set(key, defs);
  }
  return out;
}

function durationMs(s: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) total += Number(m[1]) * ({ ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2]!]!);
  return total;
}

// ---- sinks ---------------------------------------------------------------------------------------
class Sink {
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  last = 0;
  trues = 0;
  private values: number[] = [];
  private sorted = true;

  constructor(readonly type: MetricType) {}

  add(v: number): void {
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.last = v;
    if (this.type === 'rate' && v !== 0) this.trues++;
    if (this.type === 'trend') {
      if (this.values.length && v < this.values[this.values.length - 1]!) this.sorted = false;
      this.values.push(v);
    }
  }

  percentile(p: number): number {
    if (this.values.length === 0) return 0;
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    const n = this.values.length;
    if (n === 1) return this.values[0]!;
    const rank = (p / 100) * (n - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    return this.values[lo]! + (this.values[hi]! - this.values[lo]!) * (rank - lo);
  }

  /** The aggregate a threshold method (or a trend stat) names. */
  agg(method: string, durationMs: number): number {
    switch (method) {
      case 'count': return this.count;
      case 'rate':
        if (this.type === 'counter') return durationMs > 0 ? this.sum / (durationMs / 1000) : 0;
        return this.count ? this.trues / this.count : 0;
      case 'value': return this.count ? this.last : 0;
      case 'avg': return this.count ? this.sum / this.count : 0;
      case 'min': return this.count ? this.min : 0;
      case 'max': return this.count ? this.max : 0;
      case 'med': return this.percentile(50);
      default: {
        const m = /^p\((.+)\)$/.exec(method);
        if (m) return this.percentile(Number(m[1]));
        throw new Error(`unknown stat ${method}`);
      }
    }
  }

  summaryValues(stats: string[], durationMs: number): Record<string, number> {
    switch (this.type) {
      case 'counter': return { count: this.sum, rate: this.agg('rate', durationMs) };
      case 'gauge': return { value: this.count ? this.last : 0, min: this.count ? this.min : 0, max: this.count ? this.max : 0 };
      case 'rate': return { rate: this.agg('rate', durationMs), passes: this.trues, fails: this.count - this.trues };
      case 'trend': {
        const out: Record<string, number> = {};
        for (const s of stats) out[s] = this.agg(s, durationMs);
        return out;
      }
    }
  }

  thresholdValue(e: ThresholdExpr, durationMs: number): number {
    if (this.type === 'counter' && e.method === 'count') return this.sum;
    return this.agg(e.method === 'p' ? `p(${e.p})` : e.method, durationMs);
  }
}

function compare(a: number, op: ThresholdOp, b: number): boolean {
  switch (op) {
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '==': case '===': return a === b;
    case '!=': return a !== b;
  }
}

// ---- the engine ----------------------------------------------------------------------------------
interface MetricEntry {
  name: string;
  type: MetricType;
  contains: MetricContains;
  sink: Sink;
  observed: boolean;
}
interface SubEntry {
  key: string;
  parent: string;
  suffix: string;
  tags: Tags;
  sink: Sink | null;
}

export interface ThresholdResult {
  /** the thresholds key: metric name, or submetric `name{k:v}` */
  metric: string;
  /** same as `metric` */
  metricKey: string;
  source: string;
  ok: boolean;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export interface SummaryMetric {
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export class MetricsEngine {
  readonly metrics = new Map<string, MetricEntry>();
  readonly subs = new Map<string, SubEntry[]>();
  readonly thresholds: Map<string, ThresholdDef[]>;
  readonly trendStats: string[];

  constructor(options: { thresholds?: unknown; summaryTrendStats?: string[] }) {
    this.thresholds = parseThresholds(options.thresholds);
    this.trendStats = options.summaryTrendStats?.length ? options.summaryTrendStats : DEFAULT_TREND_STATS;
    for (const s of this.trendStats) {
      if (!['avg', 'min', 'med', 'max', 'count'].includes(s) && !/^p\((\d+(\.\d+)?)\)$/.test(s)) {
        throw new Error(`stat '${s}' is not valid for summaryTrendStats`);
      }
    }
    for (const key of this.thresholds.keys()) {
      const k = parseMetricKey(key);
      if (k.tags) this.addSub(k.name, key, k.suffix!, k.tags);
    }
    this.addSub('http_req_duration', 'http_req_duration{expected_response:true}', 'expected_response:true', { expected_response: 'true' });
  }

  private addSub(parent: string, key: string, suffix: string, tags: Tags): void {
    const list = this.subs.get(parent) ?? [];
    if (list.some((s) => s.key === key)) return;
    list.push({ key, parent, suffix, tags, sink: null });
    this.subs.set(parent, list);
  }

  /** Declares a metric that exists (built-in or custom declared in the init context) without samples yet. */
  declare(name: string, type: MetricType, contains: MetricContains): void {
    if (!this.metrics.has(name)) this.metrics.set(name, { name, type, contains, sink: new Sink(type), observed: false });
  }

  /**
   * Checks thresholds against the declared metrics, as k6 does before the test starts: unknown
   * metric names and aggregation methods that do not fit the metric type are configuration errors.
   */
  validateThresholds(): string[] {
    const errors: string[] = [];
    for (const [key, defs] of this.thresholds) {
      const { name } = parseMetricKey(key);
      const m = this.metrics.get(name);
      if (!m) {
        errors.push(`invalid threshold defined on ${key}; reason: no metric name "${name}" found`);
        continue;
      }
      for (const d of defs) {
        if (!METHODS_BY_TYPE[m.type].includes(d.expr.method)) {
          errors.push(`invalid threshold defined on ${key}; reason: threshold '${d.expr.source}' uses aggregation method '${d.expr.key}' which is not valid for a ${m.type} metric`);
        }
      }
    }
    return errors;
  }

  add(samples: Sample[]): void {
    for (const s of samples) {
      let m = this.metrics.get(s.metric);
      if (!m) {
        m = { name: s.metric, type: s.type, contains: s.contains, sink: new Sink(s.type), observed: false };
        this.metrics.set(s.metric, m);
      }
      m.observed = true;
      m.sink.add(s.value);
      const subs = this.subs.get(s.metric);
      if (!subs) continue;
      for (const sub of subs) {
        let match = true;
        for (const [k, v] of Object.entries(sub.tags)) {
          if (s.tags[k] !== v) {
            match = false;
            break;
          }
        }
        if (match) {
          sub.sink ??= new Sink(m.type);
          sub.sink.add(s.value);
        }
      }
    }
  }

  private sinkFor(key: string): { sink: Sink; entry: MetricEntry } | null {
    const k = parseMetricKey(key);
    const entry = this.metrics.get(k.name);
    if (!entry) return null;
    if (!k.tags) return { sink: entry.sink, entry };
    const sub = this.subs.get(k.name)?.find((s) => s.key === key);
    if (!sub) return null;
    sub.sink ??= new Sink(entry.type);
    return { sink: sub.sink, entry };
  }

  evaluateThresholds(durationMs: number): ThresholdResult[] {
    const out: ThresholdResult[] = [];
    for (const [key, defs] of this.thresholds) {
      const found = this.sinkFor(key);
      for (const d of defs) {
        if (!found || !METHODS_BY_TYPE[found.entry.type].includes(d.expr.method)) {
          out.push({ metric: key, metricKey: key, source: d.expr.source, ok: false, value: NaN, abortOnFail: d.abortOnFail, delayAbortEvalMs: d.delayAbortEvalMs });
          continue;
        }
        const value = found.sink.thresholdValue(d.expr, durationMs);
        out.push({
          metric: key, metricKey: key, source: d.expr.source, ok: compare(value, d.expr.op, d.expr.rhs), value,
          abortOnFail: d.abortOnFail, delayAbortEvalMs: d.delayAbortEvalMs,
        });
      }
    }
    return out;
  }

  /** `metrics` of the legacy handleSummary data. */
  summaryMetrics(durationMs: number): Record<string, SummaryMetric> {
    const results = this.evaluateThresholds(durationMs);
    const byKey = new Map<string, ThresholdResult[]>();
    for (const r of results) byKey.set(r.metricKey, [...(byKey.get(r.metricKey) ?? []), r]);
    const out: Record<string, SummaryMetric> = {};
    const put = (key: string, entry: MetricEntry, sink: Sink): void => {
      const m: SummaryMetric = { type: entry.type, contains: entry.contains, values: sink.summaryValues(this.trendStats, durationMs) };
      const th = byKey.get(key);
      if (th) m.thresholds = Object.fromEntries(th.map((r) => [r.source, { ok: r.ok }]));
      out[key] = m;
    };
    for (const entry of this.metrics.values()) {
      const hasThresholds = this.thresholds.has(entry.name);
      if (!entry.observed && !hasThresholds) continue;
      put(entry.name, entry, entry.sink);
      for (const sub of this.subs.get(entry.name) ?? []) {
        if (!sub.sink && !this.thresholds.has(sub.key)) continue;
        put(sub.key, entry, sub.sink ?? new Sink(entry.type));
      }
    }
    return out;
  }

  /** The NDJSON `Metric` line's data for a metric. */
  metricLine(name: string): { name: string; type: MetricType; contains: MetricContains; thresholds: unknown[]; submetrics: { name: string; suffix: string; tags: Tags }[] | null } {
    const m = this.metrics.get(name)!;
    const thresholds = (this.thresholds.get(name) ?? []).map((d) => (d.abortOnFail
      ? { threshold: d.expr.source, abortOnFail: true, delayAbortEval: d.delayAbortEval ?? '' }
      : d.expr.source));
    const subs = this.subs.get(name);
    return {
      name, type: m.type, contains: m.contains, thresholds,
      submetrics: subs?.length ? subs.map((s) => ({ name: s.key, suffix: s.suffix, tags: s.tags })) : null,
    };
  }
}

// ---- groups and checks (root_group) --------------------------------------------------------------
export interface LegacyCheck { name: string; path: string; id: string; passes: number; fails: number }
export interface LegacyGroup { name: string; path: string; id: string; groups: LegacyGroup[]; checks: LegacyCheck[] }

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

export class GroupTree {
  readonly root: LegacyGroup = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  private readonly byPath = new Map<string, LegacyGroup>([['', this.root]]);

  ensure(path: string): LegacyGroup {
    const existing = this.byPath.get(path);
    if (existing) return existing;
    const i = path.lastIndexOf('::');
    const parent = this.ensure(i <= 0 ? '' : path.slice(0, i));
    const g: LegacyGroup = { name: path.slice(i + 2), path, id: md5(path), groups: [], checks: [] };
    parent.groups.push(g);
    this.byPath.set(path, g);
    return g;
  }

  addCheck(groupPath: string, name: string, ok: boolean): void {
    const g = this.ensure(groupPath);
    let c = g.checks.find((x) => x.name === name);
    if (!c) {
      const path = `${groupPath}::${name}`;
      c = { name, path, id: md5(path), passes: 0, fails: 0 };
      g.checks.push(c);
    }
    if (ok) c.passes++;
    else c.fails++;
  }

  /** Every check, depth first, with its group path. */
  allChecks(): (LegacyCheck & { group: string })[] {
    const out: (LegacyCheck & { group: string })[] = [];
    const walk = (g: LegacyGroup): void => {
      for (const c of g.checks) out.push({ ...c, group: g.path });
      for (const sub of g.groups) walk(sub);
    };
    walk(this.root);
    return out;
  }
}

export interface LegacySummaryData {
  root_group: LegacyGroup;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
  setup_data?: unknown;
}

export function buildSummaryData(args: {
  engine: MetricsEngine; groups: GroupTree; testRunDurationMs: number; setupData: unknown;
  summaryTimeUnit?: string; noColor?: boolean;
}): LegacySummaryData {
  const data: LegacySummaryData = {
    root_group: structuredClone(args.groups.root),
    options: { summaryTrendStats: [...args.engine.trendStats], summaryTimeUnit: args.summaryTimeUnit ?? '', noColor: !!args.noColor },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: args.testRunDurationMs },
    metrics: args.engine.summaryMetrics(args.testRunDurationMs),
  };
  if (args.setupData !== undefined) data.setup_data = args.setupData;
  return data;
}

/** The `--summary-export` legacy format (k6's summary-wrapper.js): flattened values, `true` = FAILED. */
export function toSummaryExport(data: LegacySummaryData): Record<string, unknown> {
  const group = (g: LegacyGroup): Record<string, unknown> => ({
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((x) => [x.name, group(x)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  });
  const metrics: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(data.metrics)) {
    const flat: Record<string, unknown> = {};
    for (const [vk, vv] of Object.entries(m.values)) flat[m.type === 'rate' && vk === 'rate' ? 'value' : vk] = vv;
    if (m.thresholds) flat.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([e, r]) => [e, !r.ok]));
    metrics[k] = flat;
  }
  const out: Record<string, unknown> = { root_group: group(data.root_group), metrics };
  if (data.setup_data !== undefined) out.setup_data = data.setup_data;
  return out;
}

// ---- NDJSON ----------------------------------------------------------------------------------------
/** Go's RFC3339Nano for an epoch-ms float (microsecond precision, trailing zeros trimmed). */
export function rfc3339(ms: number): string {
  const whole = Math.floor(ms);
  const base = new Date(whole).toISOString().slice(0, 19);
  const frac = Math.round((ms - whole) * 1000) + (whole % 1000) * 1000; // microseconds within the second
  const digits = String(Math.min(frac, 999999)).padStart(6, '0').replace(/0+$/, '');
  return `${base}${digits ? `.${digits}` : ''}Z`;
}

function sortedTags(t: Tags): Tags {
  return Object.fromEntries(Object.keys(t).sort().map((k) => [k, t[k]!]));
}

export function pointLine(s: Sample): string {
  const data: Record<string, unknown> = { time: rfc3339(s.time), value: s.value, tags: sortedTags(s.tags) };
  if (s.metadata && Object.keys(s.metadata).length) data.metadata = s.metadata;
  return JSON.stringify({ metric: s.metric, type: 'Point', data });
}

export function metricLineJson(engine: MetricsEngine, name: string): string {
  return JSON.stringify({ type: 'Metric', data: engine.metricLine(name), metric: name });
}
