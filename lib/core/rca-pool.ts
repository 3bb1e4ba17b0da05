// How many users the rca scenario spreads its submissions over, so Aurora's per-user background-chat
// cap (Redis `background_chat_rate_limit:<user_id>`: 5 per 300 s, shared by webhooks and
// trigger-rca, docs/aurora-contract.md §3) is never hit. Pure.
//
// Submissions go round-robin over the pool (iteration i -> user i mod pool), so each user sees one
// submission every pool/rate seconds. Aurora's window is a fixed window opened by the first hit
// (INCR + EXPIRE), so a window can hold at most ceil(window / spacing) submissions, and arrival-rate
// jitter can pull one more in. Keeping each user at `cap - headroom` per window (4 of 5) absorbs both.

export const RCA_CAP = { perUser: 5, windowSeconds: 300 } as const;

export interface RcaPoolInput {
  /** Peak submissions per second of the rca scenario (after scale). */
  peakRatePerSecond: number;
  /** The simulator compresses Aurora's windows by this factor; 1 against real Aurora. */
  timeScale?: number;
  cap?: number;
  windowSeconds?: number;
  /** Submissions per window left unused per user, against jitter (default 1). */
  headroom?: number;
}

/** The smallest pool in which no user exceeds `cap - headroom` submissions per (time-scaled) window. */
export function rcaUserPoolSize(input: RcaPoolInput): number {
  const cap = input.cap ?? RCA_CAP.perUser;
  const headroom = input.headroom ?? 1;
  const window = (input.windowSeconds ?? RCA_CAP.windowSeconds) / (input.timeScale ?? 1);
  const allowed = cap - headroom;
  if (allowed < 1) throw new Error(`rca pool: headroom ${headroom} leaves no submission under a cap of ${cap}`);
  if (!(input.peakRatePerSecond > 0)) return 1;
  return Math.max(1, Math.ceil((input.peakRatePerSecond * window) / allowed));
}

/** Seconds between two submissions of the same user for a pool size (for docs and --dry-run). */
export function perUserSpacingSeconds(poolSize: number, peakRatePerSecond: number): number {
  return peakRatePerSecond > 0 ? poolSize / peakRatePerSecond : Infinity;
}
