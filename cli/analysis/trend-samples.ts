// Exact whole-run statistics of one k6 Trend: every sample kept as a float64 in a growing typed array
// (8 bytes a sample: a million samples is 8 MB, no object per sample), percentiles computed the way
// k6's own Trend sink does, so route tables, gates and reports agree with k6's summary to the digit.

/**
 * k6's Trend percentile (metrics/sink.go, the sorted-values sink of k6 1.x and 2.x): with n sorted
 * values and pct in 0..1, i = pct * (n - 1), and the value is linearly interpolated between the
 * values at floor(i) and ceil(i). One value: that value; none: 0.
 */
export function k6Percentile(sorted: ArrayLike<number>, count: number, pct: number): number {
  if (count === 0) return 0;
  if (count === 1) return sorted[0] as number;
  const i = pct * (count - 1);
  const lo = Math.floor(i);
  const j = sorted[lo] as number;
  const k = sorted[Math.ceil(i)] as number;
  return j + (k - j) * (i - lo);
}

const INITIAL_CAPACITY = 64;

export class TrendSamples {
  private values = new Float64Array(INITIAL_CAPACITY);
  private n = 0;
  private sorted = true;
  private sum = 0;

  record(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (this.sorted && this.n > 0 && value < (this.values[this.n - 1] as number)) this.sorted = false;
    this.values[this.n++] = value;
    this.sum += value;
  }

  get count(): number {
    return this.n;
  }

  /** Bytes held for samples (the typed array's capacity). */
  get bytes(): number {
    return this.values.byteLength;
  }

  get mean(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  get min(): number {
    return this.n === 0 ? 0 : (this.view()[0] as number);
  }

  get max(): number {
    return this.n === 0 ? 0 : (this.view()[this.n - 1] as number);
  }

  /** Value at percentile p (0..100) as k6 computes it; null when empty. */
  at(p: number): number | null {
    return this.n === 0 ? null : k6Percentile(this.view(), this.n, p / 100);
  }

  /** The samples in ascending order (sorted in place once, again only after new samples). */
  private view(): Float64Array {
    const live = this.values.subarray(0, this.n);
    if (!this.sorted) {
      live.sort();
      this.sorted = true;
    }
    return live;
  }
}
