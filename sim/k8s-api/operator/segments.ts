// The k6-operator's split of the load: runner i of N (1-based) runs the execution segment
// (i-1)/N:i/N of the sequence 0,1/N,...,1, written as reduced fractions with 0 and 1 plain
// (N=2: "0:1/2" and "1/2:1"; N=4: "1/4:1/2"). Pure.

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** k/n reduced: "0", "1", "1/2", "2/3". */
export function fraction(k: number, n: number): string {
  if (k === 0) return '0';
  if (k === n) return '1';
  const g = gcd(k, n);
  return `${k / g}/${n / g}`;
}

/** The segment of runner i (1..n), e.g. "1/2:1". */
export function executionSegment(i: number, n: number): string {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(i) || i < 1 || i > n)
    throw new RangeError(`runner ${i} of ${n}: need 1 <= i <= n`);
  return `${fraction(i - 1, n)}:${fraction(i, n)}`;
}

/** The sequence every runner gets, e.g. "0,1/3,2/3,1". */
export function executionSegmentSequence(n: number): string {
  return Array.from({ length: n + 1 }, (_, k) => fraction(k, n)).join(',');
}
