// Aurora's REST rate limiter (docs/aurora-contract.md §1.2): Flask-Limiter per X-User-ID, by default
// 2000/day and 500/hour, off unless RATE_LIMITING_ENABLED; a request with X-Rate-Limit-Bypass is
// exempt. Pure: the explanation of a 429 and the plan's check of per-user request rates.

export const AURORA_DEFAULT_LIMITS = { perHour: 500, perDay: 2000 } as const;

/** What a 429 means and what to do: the limit, the user count and the bypass. */
export function rateLimitedMessage(o: { users?: number; bypass: boolean }): string {
  const users = o.users === undefined ? 'the run' : `${o.users} user${o.users === 1 ? '' : 's'}`;
  return (
    `429 rate_limited: Aurora's Flask-Limiter (RATE_LIMITING_ENABLED) allows ${AURORA_DEFAULT_LIMITS.perHour}/hour and ` +
    `${AURORA_DEFAULT_LIMITS.perDay}/day per X-User-ID by default, and ${users} share${o.users === 1 ? 's' : ''} this load` +
    (o.bypass
      ? '; the bypass token was sent, so check that it matches RATE_LIMIT_BYPASS_TOKEN on the target'
      : '; set secretEnv.rateLimitBypassToken to the variable holding RATE_LIMIT_BYPASS_TOKEN (sent as X-Rate-Limit-Bypass), or raise users.count')
  );
}

export interface RateLimitCheck {
  /** Limited REST requests per user per hour the plan sends at its peak. */
  perUserPerHour: number;
  /** ... and over the whole run (for the daily limit). */
  perUserTotal: number;
  exceeds: boolean;
}

/**
 * Whether a plan's per-user REST rate would trip Aurora's default limits. `restPerSecondPeak` and
 * `restTotal` count the calls the limiter sees (not GET /api/incidents*, not health).
 */
export function checkRateLimit(restPerSecondPeak: number, restTotal: number, users: number): RateLimitCheck {
  const u = Math.max(1, users);
  const perUserPerHour = (restPerSecondPeak * 3600) / u;
  const perUserTotal = restTotal / u;
  return {
    perUserPerHour,
    perUserTotal,
    exceeds: perUserPerHour > AURORA_DEFAULT_LIMITS.perHour || perUserTotal > AURORA_DEFAULT_LIMITS.perDay,
  };
}
