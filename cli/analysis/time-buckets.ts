// Time buckets that coarsen as a run grows, so a run of any length has at most MAX_BUCKETS of them
// (and memory stays flat) without knowing the run's duration in advance.

/** About one bucket per 1.5 px of a 900 px chart: finer detail would not show anyway. */
export const MAX_BUCKETS = 600;

/**
 * Buckets are aligned on the epoch (index = floor(t / width)) and widths are powers of two seconds,
 * so doubling the width maps bucket i onto i >> 1: merging is exact, whatever order samples arrive in
 * (k6 flushes its JSON output every 200 ms, which leaves samples slightly out of order).
 */
export class TimeBuckets<T> {
  private widthMs: number;
  private readonly fixed: boolean;
  private buckets = new Map<number, T>();
  private minIdx = Infinity;
  private maxIdx = -Infinity;

  constructor(
    private readonly create: () => T,
    private readonly merge: (into: T, from: T) => void,
    fixedSeconds?: number,
  ) {
    if (fixedSeconds !== undefined && !(fixedSeconds > 0))
      throw new Error(`bucketSeconds must be > 0 (got ${fixedSeconds})`);
    this.fixed = fixedSeconds !== undefined;
    this.widthMs = (fixedSeconds ?? 1) * 1000;
  }

  get seconds(): number {
    return this.widthMs / 1000;
  }

  /** The bucket holding time `t` (ms since the epoch), created on first use. */
  at(t: number): T {
    const idx = Math.floor(t / this.widthMs);
    let bucket = this.buckets.get(idx);
    if (bucket === undefined) {
      bucket = this.create();
      this.buckets.set(idx, bucket);
      this.minIdx = Math.min(this.minIdx, idx);
      this.maxIdx = Math.max(this.maxIdx, idx);
      if (!this.fixed && this.maxIdx - this.minIdx + 1 > MAX_BUCKETS) {
        this.coarsen();
        return this.at(t);
      }
    }
    return bucket;
  }

  private coarsen(): void {
    while (this.maxIdx - this.minIdx + 1 > MAX_BUCKETS) {
      const next = new Map<number, T>();
      for (const [idx, bucket] of this.buckets) {
        const to = Math.floor(idx / 2);
        const into = next.get(to);
        if (into === undefined) next.set(to, bucket);
        else this.merge(into, bucket);
      }
      this.buckets = next;
      this.widthMs *= 2;
      this.minIdx = Math.floor(this.minIdx / 2);
      this.maxIdx = Math.floor(this.maxIdx / 2);
    }
  }

  /** Every bucket from the first to the last, gaps included (as undefined), with its start time. */
  list(): Array<{ startMs: number; bucket: T | undefined }> {
    const out: Array<{ startMs: number; bucket: T | undefined }> = [];
    if (this.buckets.size === 0) return out;
    for (let idx = this.minIdx; idx <= this.maxIdx; idx++) {
      out.push({ startMs: idx * this.widthMs, bucket: this.buckets.get(idx) });
    }
    return out;
  }
}
