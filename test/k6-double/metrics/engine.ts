// k6 test double: aggregation of a run's samples per metric and per submetric (the thresholds'
// `name{tag:value}` keys, plus http_req_duration{expected_response:true} as k6 adds it), threshold
// checks before the run (exit 104) and evaluation (exit 99), and the `metrics` of k6's legacy summary.
import { Sink } from './sink.ts';
import { METHODS_BY_TYPE, compareThreshold, parseMetricKey, parseThresholds, type ThresholdDef } from './thresholds.ts';
import type { MetricContains, MetricType, Sample, Tags } from '../types.ts';

export interface MetricEntry {
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
    this.addSub('http_req_duration', 'http_req_duration{expected_response:true}', 'expected_response:true', {
      expected_response: 'true',
    });
  }

  private addSub(parent: string, key: string, suffix: string, tags: Tags): void {
    const list = this.subs.get(parent) ?? [];
    if (list.some((s) => s.key === key)) return;
    list.push({ key, parent, suffix, tags, sink: null });
    this.subs.set(parent, list);
  }

  /** Declares a metric that exists (built-in or custom declared in the init context) without samples yet. */
  declare(name: string, type: MetricType, contains: MetricContains): void {
    if (!this.metrics.has(name))
      this.metrics.set(name, { name, type, contains, sink: new Sink(type), observed: false });
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
          errors.push(
            `invalid threshold defined on ${key}; reason: threshold '${d.expr.source}' uses aggregation method '${d.expr.key}' which is not valid for a ${m.type} metric`,
          );
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
          out.push({
            metric: key,
            metricKey: key,
            source: d.expr.source,
            ok: false,
            value: NaN,
            abortOnFail: d.abortOnFail,
            delayAbortEvalMs: d.delayAbortEvalMs,
          });
          continue;
        }
        const value = found.sink.thresholdValue(d.expr, durationMs);
        out.push({
          metric: key,
          metricKey: key,
          source: d.expr.source,
          ok: compareThreshold(value, d.expr.op, d.expr.rhs),
          value,
          abortOnFail: d.abortOnFail,
          delayAbortEvalMs: d.delayAbortEvalMs,
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
      const m: SummaryMetric = {
        type: entry.type,
        contains: entry.contains,
        values: sink.summaryValues(this.trendStats, durationMs),
      };
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
  metricLine(name: string): {
    name: string;
    type: MetricType;
    contains: MetricContains;
    thresholds: unknown[];
    submetrics: { name: string; suffix: string; tags: Tags }[] | null;
  } {
    const m = this.metrics.get(name)!;
    const thresholds = (this.thresholds.get(name) ?? []).map((d) =>
      d.abortOnFail
        ? { threshold: d.expr.source, abortOnFail: true, delayAbortEval: d.delayAbortEval ?? '' }
        : d.expr.source,
    );
    const subs = this.subs.get(name);
    return {
      name,
      type: m.type,
      contains: m.contains,
      thresholds,
      submetrics: subs?.length ? subs.map((s) => ({ name: s.key, suffix: s.suffix, tags: s.tags })) : null,
    };
  }
}
