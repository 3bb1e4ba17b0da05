// k6's execution segments (`--execution-segment`, `--execution-segment-sequence`), as k6 defines them
// in lib/execution_segment.go: how N k6 instances (k6-operator's runners) split one test without
// talking to each other. Pure, for the bundles (which runner am I, which users are mine) and for the
// k6 test double (how many VUs and iterations this instance runs, and their global ids).
//
// A segment is (from, to] of the whole work, a sequence the ordered chain of segments. Integers
// (VUs, users) are split by "striping": positions 0, 1, 2, ... of the whole test are dealt out to the
// segments in a fixed repeating pattern of length lcd (the least common denominator of the segment
// lengths), so each segment owns a stable, non-overlapping share. For the operator's equal segments
// of N, segment i owns positions i, i+N, i+2N, ...
//
// Rationals are kept as reduced integer pairs in plain numbers (bundles cannot rely on BigInt);
// exact for the fractions a test uses.

export interface Rat {
  n: number;
  d: number;
}
export interface Segment {
  from: Rat;
  to: Rat;
}

const gcd = (a: number, b: number): number => {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
};
const rat = (n: number, d = 1): Rat => {
  const g = gcd(n, d) * (d < 0 ? -1 : 1);
  return { n: n / g, d: d / g };
};
const cmp = (a: Rat, b: Rat): number => a.n * b.d - b.n * a.d;
const sub = (a: Rat, b: Rat): Rat => rat(a.n * b.d - b.n * a.d, a.d * b.d);
const ZERO = rat(0);
const ONE = rat(1);

/** Go's big.Rat RatString: "1/2", "0", "1". */
export const ratString = (r: Rat): string => (r.d === 1 ? String(r.n) : `${r.n}/${r.d}`);
/** Go's big.Rat FloatString(2): two decimals, halves away from zero ("0.50"). */
const float2 = (r: Rat): string => {
  const v = Math.round(Math.abs(r.n / r.d) * 100 + 1e-9) / 100;
  return `${r.n < 0 && v !== 0 ? '-' : ''}${v.toFixed(2)}`;
};

function decimalToRat(s: string): Rat | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0) - frac.length;
  let n = Number(`${m[2]}${frac}` || '0');
  let d = 1;
  if (exp >= 0) n *= 10 ** exp;
  else d = 10 ** -exp;
  return rat(m[1] === '-' ? -n : n, d);
}

/** k6's stringToRat: a percentage ("50%"), a decimal ("0.5") or a fraction ("1/2"). Throws k6's message. */
export function parseRat(s: string): Rat {
  if (s.endsWith('%')) {
    const num = s.slice(0, -1);
    if (!/^[+-]?\d+$/.test(num)) throw new Error(`'${s}' is not a valid percentage`);
    return rat(Number(num), 100);
  }
  const f = /^([+-]?\d+)\/(\d+)$/.exec(s);
  const r = f ? (Number(f[2]) === 0 ? null : rat(Number(f[1]), Number(f[2]))) : decimalToRat(s);
  if (!r) throw new Error(`'${s}' is not a valid percentage, decimal, fraction or interval value`);
  return r;
}

/** k6's NewExecutionSegment: 0 <= from < to <= 1, with k6's messages. */
export function newSegment(from: Rat, to: Rat): Segment {
  if (cmp(from, ZERO) < 0) throw new Error(`segment start value must be at least 0 but was ${float2(from)}`);
  if (cmp(from, to) >= 0) throw new Error(`segment start(${float2(from)}) must be less than its end(${float2(to)})`);
  if (cmp(to, ONE) > 0) throw new Error(`segment end value can't be more than 1 but was ${float2(to)}`);
  return { from, to };
}

/** `--execution-segment`: "1/2:1", "50%:100%", "0.5:1", or a bare end ("1/3" is 0:1/3); "" is 0:1. */
export function parseSegment(text: string): Segment {
  let toStr = text === '' ? '1' : text;
  let from = ZERO;
  const colon = toStr.indexOf(':');
  if (colon >= 0) {
    from = parseRat(toStr.slice(0, colon));
    toStr = toStr.slice(colon + 1);
  }
  return newSegment(from, parseRat(toStr));
}

/** `--execution-segment-sequence`: "0,1/2,1" (null for ""). */
export function parseSequence(text: string): Segment[] | null {
  if (text === '') return null;
  const points = text.split(',');
  if (points.length < 2)
    throw new Error(`at least 2 points are needed for an execution segment sequence, ${points.length} given`);
  const rats = points.map(parseRat);
  return rats.slice(1).map((to, i) => newSegment(rats[i] as Rat, to));
}

export const segmentString = (s: Segment | null): string => (s ? `${ratString(s.from)}:${ratString(s.to)}` : '0:1');
export const sequenceString = (seq: readonly Segment[]): string =>
  seq.length ? [seq[0]!.from, ...seq.map((s) => s.to)].map(ratString).join(',') : '';
const sameSegment = (a: Segment | null, b: Segment | null): boolean =>
  cmp(a?.from ?? ZERO, b?.from ?? ZERO) === 0 && cmp(a?.to ?? ONE, b?.to ?? ONE) === 0;

/** k6's Options.Validate: a given sequence must contain the segment (none given: 0:1). Null when fine. */
export function segmentNotInSequence(segment: Segment | null, sequence: readonly Segment[] | null): string | null {
  if (!sequence || sequence.some((s) => sameSegment(s, segment))) return null;
  return `provided segment ${segmentString(segment)} can't be found in sequence ${sequenceString(sequence)}`;
}

/** k6's GetFilledExecutionSegmentSequence: the sequence (or the lone segment) filled out to cover 0..1. */
export function filledSequence(segment: Segment | null, sequence: readonly Segment[] | null): Segment[] {
  let out: Segment[];
  if (!sequence || sequence.length === 0) {
    if (!segment || cmp(sub(segment.to, segment.from), ONE) === 0) return [{ from: ZERO, to: ONE }];
    out = [segment];
  } else out = [...sequence];
  if (cmp(out[0]!.from, ZERO) !== 0) out.unshift({ from: ZERO, to: out[0]!.from });
  const last = out[out.length - 1]!;
  if (cmp(last.to, ONE) !== 0) out.push({ from: last.to, to: ONE });
  return out;
}

/** The striping of a full sequence: per segment, its first position and the gaps to its next ones. */
export interface Striping {
  sequence: Segment[];
  /** the period of the pattern: the least common denominator of the segment lengths */
  lcd: number;
  /** per segment: first owned position in each period */
  starts: number[];
  /** per segment: the gaps between its owned positions, one per owned position per period */
  gaps: number[][];
}

/** k6's NewExecutionSegmentSequenceWrapper: deals positions 0..lcd-1 out to the segments. */
export function stripe(sequence: Segment[]): Striping {
  const lengths = sequence.map((s) => sub(s.to, s.from));
  const lcd = lengths.reduce((acc, l) => (acc % l.d === 0 ? acc : (acc * l.d) / gcd(acc, l.d)), 1);
  const norm = lengths.map((l) => l.n * (lcd / l.d));
  // biggest segments first (stable), so they get their (many) positions spread out the most
  const order = norm.map((_, i) => i).sort((a, b) => norm[b]! - norm[a]! || a - b);
  const owned: number[][] = sequence.map(() => []);
  const chosen = order.map(() => 0);
  for (let i = 0; i < lcd; i++) {
    for (let k = 0; k < order.length; k++) {
      const num = chosen[k]! * lcd;
      const den = norm[order[k]!]!;
      const q = Math.trunc(num / den);
      if (i > q || (i === q && num % den === 0)) {
        chosen[k]!++;
        owned[order[k]!]!.push(i);
        break;
      }
    }
  }
  return {
    sequence,
    lcd,
    starts: owned.map((p) => p[0] ?? 0),
    gaps: owned.map((p) => p.map((x, j) => (j + 1 < p.length ? p[j + 1]! : p[0]! + lcd) - x)),
  };
}

/** One instance's place: the full sequence's striping and the index of its segment in it (k6's ExecutionTuple). */
export interface ExecutionTuple {
  striping: Striping;
  index: number;
}

/** k6's NewExecutionTuple. Throws k6's message when the segment is not in the sequence. */
export function executionTuple(segment: Segment | null, sequence: readonly Segment[] | null): ExecutionTuple {
  const full = filledSequence(segment, sequence);
  const index = full.findIndex((s) => sameSegment(s, segment));
  if (index < 0) throw new Error(`couldn't find segment ${segmentString(segment)} in sequence ${sequenceString(full)}`);
  return { striping: stripe(full), index };
}

/** The tuple's own segment. */
export const tupleSegment = (t: ExecutionTuple): Segment => t.striping.sequence[t.index]!;

/** Length of the tuple's segment as a float (1 for the whole test). */
export function segmentLength(t: ExecutionTuple): number {
  const s = tupleSegment(t);
  const l = sub(s.to, s.from);
  return l.n / l.d;
}

/** k6's ExecutionTuple.ScaleInt64: this segment's share of `value` (how many of positions 0..value-1 it owns). */
export function scaleInt(t: ExecutionTuple, value: number): number {
  const { lcd, starts, gaps } = t.striping;
  if (t.striping.sequence.length === 1) return value;
  const g = gaps[t.index]!;
  let result = Math.floor(value / lcd) * g.length;
  for (let k = 0, p = starts[t.index]!; p < value % lcd; p += g[k]!, k++) result++;
  return result;
}

/** The k-th (0-based) position this segment owns: k6's SegmentedIndex, unscaled - 1 after k+1 Next() calls. */
export function ownedPosition(t: ExecutionTuple, k: number): number {
  const { lcd, starts, gaps } = t.striping;
  if (t.striping.sequence.length === 1) return k;
  const g = gaps[t.index]!;
  let p = Math.floor(k / g.length) * lcd + starts[t.index]!;
  for (let j = 0; j < k % g.length; j++) p += g[j]!;
  return p;
}

/** Every position below `count` this segment owns, in order. */
export function ownedPositions(t: ExecutionTuple, count: number): number[] {
  const out: number[] = [];
  for (let k = 0, n = scaleInt(t, count); k < n; k++) out.push(ownedPosition(t, k));
  return out;
}

/**
 * k6's GetNewExecutionTupleFromValue: the sequence re-cut so each segment's length is its share of
 * `value` (k6 does this with maxVUs for arrival-rate iterations, so VUs and iterations split alike).
 * Null when this segment gets none of `value` (the executor then has no work here).
 */
export function resegment(t: ExecutionTuple, value: number): ExecutionTuple | null {
  if (value < 1) return null;
  if (value % t.striping.lcd === 0) return t;
  const seq: Segment[] = [];
  let index = -1;
  let prev = 0;
  t.striping.sequence.forEach((_, i) => {
    const share = scaleInt({ striping: t.striping, index: i }, value);
    if (share === 0) return;
    if (i === t.index) index = seq.length;
    seq.push({ from: rat(prev, value), to: rat(prev + share, value) });
    prev += share;
  });
  return index < 0 ? null : { striping: stripe(seq), index };
}
