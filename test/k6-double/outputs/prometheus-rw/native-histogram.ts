// k6 test double: the native histogram k6's `-o experimental-prometheus-rw` keeps per Trend series
// (client_golang's with NativeHistogramBucketFactor 1.1, i.e. schema 3: eight buckets per power of
// two, each 2^(1/8) = 1.0905 times wider than the one below; zero bucket up to 2^-128; no bucket
// limit), and its snapshot in remote write's spans + deltas encoding. Pure.

/** The schema a bucket factor of 1.1 selects: the largest whose growth factor 2^(2^-schema) <= 1.1. */
export const SCHEMA = 3;
/** client_golang's default zero threshold: 2^-128. */
export const ZERO_THRESHOLD = 2 ** -128;

/**
 * The lower bounds of schema 3's eight buckets within [0.5, 1), 2^(i/8 - 1), as the correctly
 * rounded constants client_golang tabulates (computing them with Math.pow is off by one ulp for
 * some, which would move values sitting on a boundary into the neighbouring bucket).
 */
const BOUNDS = [
  0.5, 0.5452538663326288, 0.5946035575013605, 0.6484197773255048, 0.7071067811865475, 0.7711054127039704,
  0.8408964152537144, 0.9170040432046711,
];

/** Go's math.Frexp for a positive finite v: v = frac * 2^exp with frac in [0.5, 1). */
export function frexp(v: number): [number, number] {
  let exp = Math.floor(Math.log2(v)) + 1;
  let frac = v * 2 ** -exp;
  // Math.log2 may be off by one next to a power of two: scaling by powers of two is exact.
  while (frac >= 1) {
    frac /= 2;
    exp++;
  }
  while (frac < 0.5) {
    frac *= 2;
    exp--;
  }
  return [frac, exp];
}

/**
 * The index of the bucket holding |v|: bucket i spans (2^((i-1)/8), 2^(i/8)], so the index is
 * ceil(log2(|v|) * 8), computed as client_golang does (frexp and the table above, no logarithm
 * rounding): the first bound not below the fraction, plus eight per power of two.
 */
export function bucketIndex(v: number): number {
  const [frac, exp] = frexp(Math.abs(v));
  let i = 0;
  while (i < BOUNDS.length && (BOUNDS[i] as number) < frac) i++;
  return i + (exp - 1) * BOUNDS.length;
}

/** The upper bound of bucket i (for tests and error bounds): 2^(i/8). */
export function bucketUpperBound(i: number): number {
  return 2 ** (i / 2 ** SCHEMA);
}

export interface BucketSpan {
  offset: number;
  length: number;
}

export interface HistogramSnapshot {
  count: number;
  sum: number;
  schema: number;
  zeroThreshold: number;
  zeroCount: number;
  positiveSpans: BucketSpan[];
  positiveDeltas: number[];
  negativeSpans: BucketSpan[];
  negativeDeltas: number[];
}

/**
 * Spans and deltas of sparse buckets, as client_golang encodes them: a span starts at the first
 * bucket and after every gap of more than two empty buckets (its offset: the gap, or the first index);
 * gaps of one or two are written as empty buckets inside the span; each count is written as the
 * difference from the previous bucket's.
 */
export function encodeBuckets(buckets: ReadonlyMap<number, number>): { spans: BucketSpan[]; deltas: number[] } {
  const indices = [...buckets.keys()].sort((a, b) => a - b);
  const spans: BucketSpan[] = [];
  const deltas: number[] = [];
  let previous = 0;
  let next = 0;
  const append = (count: number): void => {
    (spans[spans.length - 1] as BucketSpan).length++;
    deltas.push(count - previous);
    previous = count;
  };
  indices.forEach((index, n) => {
    const gap = index - next;
    if (n === 0 || gap > 2) spans.push({ offset: gap, length: 0 });
    else for (let j = 0; j < gap; j++) append(0);
    append(buckets.get(index) as number);
    next = index + 1;
  });
  return { spans, deltas };
}

/** Every observation of one series so far (cumulative, like a Prometheus histogram). */
export class NativeHistogram {
  count = 0;
  sum = 0;
  zeroCount = 0;
  private readonly positive = new Map<number, number>();
  private readonly negative = new Map<number, number>();

  observe(v: number): void {
    if (Number.isNaN(v)) return;
    this.count++;
    this.sum += v;
    if (v > ZERO_THRESHOLD) this.bump(this.positive, bucketIndex(v));
    else if (v < -ZERO_THRESHOLD) this.bump(this.negative, bucketIndex(v));
    else this.zeroCount++;
  }

  private bump(buckets: Map<number, number>, i: number): void {
    buckets.set(i, (buckets.get(i) ?? 0) + 1);
  }

  snapshot(): HistogramSnapshot {
    const pos = encodeBuckets(this.positive);
    const neg = encodeBuckets(this.negative);
    return {
      count: this.count,
      sum: this.sum,
      schema: SCHEMA,
      zeroThreshold: ZERO_THRESHOLD,
      zeroCount: this.zeroCount,
      positiveSpans: pos.spans,
      positiveDeltas: pos.deltas,
      negativeSpans: neg.spans,
      negativeDeltas: neg.deltas,
    };
  }
}
