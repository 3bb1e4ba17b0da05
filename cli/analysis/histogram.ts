// A quantile sketch for the per-time-bucket charts: an HDR histogram, so memory depends on the value
// range, never on the number of samples. Whole-run figures are exact (trend-samples.ts), not this.
import * as hdr from 'hdr-histogram-js';

/**
 * k6 time values are float milliseconds; HDR histograms count integers. Recording microseconds keeps
 * sub-millisecond resolution (loopback requests take ~0.5 ms) at no cost in range: autoResize grows
 * the histogram to any maximum.
 */
const SCALE = 1000;

export class Quantiles {
  private readonly h: hdr.Histogram;
  private sum = 0;

  /**
   * @param digits significant decimal digits kept: 3 (0.1 %) for whole-run totals, 2 (1 %) for the
   * hundreds of per-bucket histograms a long run has, where a chart cannot show finer anyway.
   */
  constructor(digits: 2 | 3 = 3) {
    this.h = hdr.build({ numberOfSignificantValueDigits: digits, autoResize: true, bitBucketSize: 32 });
  }

  record(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.h.recordValue(Math.round(value * SCALE));
    this.sum += value;
  }

  get count(): number {
    return this.h.totalCount;
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  get min(): number {
    // minNonZeroValue ignores recorded zeros; the 0th percentile does not.
    return this.count === 0 ? 0 : this.h.getValueAtPercentile(0) / SCALE;
  }

  get max(): number {
    return this.h.maxValue / SCALE;
  }

  /** Value at percentile p (0..100), in the unit recorded; null when empty. */
  at(p: number): number | null {
    return this.count === 0 ? null : this.h.getValueAtPercentile(p) / SCALE;
  }

  add(other: Quantiles): void {
    this.h.add(other.h);
    this.sum += other.sum;
  }
}
