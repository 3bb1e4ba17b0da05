// Whole-run aggregates of every metric k6 declared, and of each declared submetric (the threshold
// keys such as http_req_duration{endpoint:ok}), computed from the NDJSON like k6's own summary: Trend
// percentiles are exact and interpolated as k6 interpolates them (trend-samples.ts).
import { TrendSamples } from './trend-samples.ts';
import type { MetricAggregate } from './types.ts';

type MetricType = MetricAggregate['type'];
type Tags = Record<string, string>;

class Accumulator {
  count = 0;
  sum = 0;
  nonZero = 0;
  min = Infinity;
  max = -Infinity;
  last = 0;
  lastT = -Infinity;
  readonly q: TrendSamples | undefined;

  constructor(
    readonly type: MetricType,
    readonly contains: string,
  ) {
    this.q = type === 'trend' ? new TrendSamples() : undefined;
  }

  add(value: number, t: number): void {
    this.count++;
    this.sum += value;
    if (value !== 0) this.nonZero++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (t >= this.lastT) {
      this.last = value;
      this.lastT = t;
    }
    this.q?.record(value);
  }

  result(): MetricAggregate {
    const base = { type: this.type, contains: this.contains, count: this.count };
    switch (this.type) {
      case 'counter':
        return { ...base, value: this.sum };
      case 'gauge':
        return { ...base, value: this.last, min: this.min, max: this.max };
      case 'rate':
        return { ...base, value: this.count === 0 ? 0 : this.nonZero / this.count };
      case 'trend': {
        const q = this.q as TrendSamples;
        return {
          ...base,
          value: q.mean,
          min: this.count ? this.min : 0,
          max: this.count ? this.max : 0,
          p50: q.at(50) ?? 0,
          p90: q.at(90) ?? 0,
          p95: q.at(95) ?? 0,
          p99: q.at(99) ?? 0,
        };
      }
    }
  }
}

interface Declared {
  all: Accumulator;
  subs: Array<{ name: string; tags: Array<[string, string]>; acc: Accumulator }>;
}

const TYPES: readonly string[] = ['counter', 'gauge', 'rate', 'trend'];

export class MetricTotals {
  private readonly metrics = new Map<string, Declared>();

  /** A `Metric` line: `{name, type, contains, submetrics: [{name, tags}] | null}`. */
  declare(data: { name?: unknown; type?: unknown; contains?: unknown; submetrics?: unknown }): void {
    if (typeof data.name !== 'string' || typeof data.type !== 'string' || !TYPES.includes(data.type)) return;
    if (this.metrics.has(data.name)) return;
    const type = data.type as MetricType;
    const contains = typeof data.contains === 'string' ? data.contains : 'default';
    const subs = (Array.isArray(data.submetrics) ? data.submetrics : [])
      .filter(
        (s): s is { name: string; tags: Tags } =>
          typeof s?.name === 'string' && typeof s?.tags === 'object' && s.tags !== null,
      )
      .map((s) => ({ name: s.name, tags: Object.entries(s.tags), acc: new Accumulator(type, contains) }));
    this.metrics.set(data.name, { all: new Accumulator(type, contains), subs });
  }

  point(metric: string, value: number, t: number, tags: Tags): void {
    const declared = this.metrics.get(metric);
    if (!declared) return;
    declared.all.add(value, t);
    for (const sub of declared.subs) {
      if (sub.tags.every(([k, v]) => tags[k] === v)) sub.acc.add(value, t);
    }
  }

  result(): Record<string, MetricAggregate> {
    const out: Record<string, MetricAggregate> = {};
    for (const name of [...this.metrics.keys()].sort()) {
      const declared = this.metrics.get(name) as Declared;
      out[name] = declared.all.result();
      for (const sub of declared.subs) out[sub.name] = sub.acc.result();
    }
    return out;
  }
}
