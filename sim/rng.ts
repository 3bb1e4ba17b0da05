/**
 * Seeded pseudo-random numbers, so latency and duration draws repeat for a given `--seed`.
 * mulberry32: tiny, fast, good enough for simulation (not for crypto).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Lognormal-ish draw with the given median and spread (sigma of the underlying normal). */
  lognormal(median: number, sigma: number): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // A cheap approximately-normal draw: the sum of 4 uniforms, centred and scaled to unit variance.
  // Avoids Box-Muller's log/sqrt/cos on the hot path; tails are bounded at ±3.46 sigma, which also
  // keeps one unlucky draw from producing an absurd latency.
  const normal = (): number => (next() + next() + next() + next() - 2) * 1.7320508;
  return {
    next,
    lognormal: (median, sigma) => median * Math.exp(sigma * normal()),
  };
}
