// k6 test double: one metric's (or submetric's) aggregate, as k6's sinks keep it: count, sum,
// min/max/last, the rate's trues, and every trend value for percentiles (sorted, linear interpolation
// at rank p*(n-1), as k6).
import type { ThresholdExpr } from './thresholds.ts';
import type { MetricType } from '../types.ts';

export class Sink {
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
      case 'count':
        return this.count;
      case 'rate':
        if (this.type === 'counter') return durationMs > 0 ? this.sum / (durationMs / 1000) : 0;
        return this.count ? this.trues / this.count : 0;
      case 'value':
        return this.count ? this.last : 0;
      case 'avg':
        return this.count ? this.sum / this.count : 0;
      case 'min':
        return this.count ? this.min : 0;
      case 'max':
        return this.count ? this.max : 0;
      case 'med':
        return this.percentile(50);
      default: {
        const m = /^p\((.+)\)$/.exec(method);
        if (m) return this.percentile(Number(m[1]));
        throw new Error(`unknown stat ${method}`);
      }
    }
  }

  summaryValues(stats: string[], durationMs: number): Record<string, number> {
    switch (this.type) {
      case 'counter':
        return { count: this.sum, rate: this.agg('rate', durationMs) };
      case 'gauge':
        return { value: this.count ? this.last : 0, min: this.count ? this.min : 0, max: this.count ? this.max : 0 };
      case 'rate':
        return { rate: this.agg('rate', durationMs), passes: this.trues, fails: this.count - this.trues };
      case 'trend': {
        const out: Record<string, number> = {};
        for (const s of stats) out[s] = this.agg(s, durationMs);
        return out;
      }
    }
  }

  /** The value a threshold expression compares against its limit. */
  thresholdValue(e: ThresholdExpr, durationMs: number): number {
    if (this.type === 'counter' && e.method === 'count') return this.sum;
    return this.agg(e.method === 'p' ? `p(${e.p})` : e.method, durationMs);
  }
}
