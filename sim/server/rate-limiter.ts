/**
 * Aurora's optional Flask-Limiter (docs/aurora-contract.md §1.2; on when RATE_LIMITING_ENABLED):
 * fixed windows in simulated time per X-User-ID (per client otherwise), e.g. `500/hour` or
 * `2000/day;500/hour`. Health routes and `GET /api/incidents*` are exempt, and so is a request whose
 * X-Rate-Limit-Bypass header carries RATE_LIMIT_BYPASS_TOKEN. (Aurora also exempts loopback clients;
 * every client of the simulator is loopback, so here that exemption does not apply.)
 */
import { secretMatches } from './auth.ts';
import type { Denied, Headers } from './auth.ts';

export interface RateLimit {
  max: number;
  windowMs: number;
  /** As written: "500/hour". */
  spec: string;
}

const UNIT_MS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** "500/hour;2000/day" -> limits, or an error naming the fix. */
export function parseRateLimits(spec: string): RateLimit[] | { error: string } {
  const out: RateLimit[] = [];
  for (const part of spec.split(/[;,]/).map((p) => p.trim())) {
    const m = /^(\d+)\s*(?:\/|per\s+)\s*(second|minute|hour|day)s?$/i.exec(part);
    const max = m ? Number(m[1]) : 0;
    if (!m || max < 1) {
      return { error: `rate limit "${part}" is not <n>/<second|minute|hour|day>, e.g. --rate-limit 500/hour` };
    }
    out.push({ max, windowMs: UNIT_MS[m[2].toLowerCase()], spec: `${max}/${m[2].toLowerCase()}` });
  }
  return out;
}

/** Flask-Limiter's 429 answer. */
export const RATE_LIMITED: Denied = { status: 429, body: { error: 'Rate limit exceeded' } };

const header = (h: Headers, name: string): string => {
  const v = h[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};

const isExempt = (method: string, path: string): boolean =>
  path.startsWith('/health') || (method === 'GET' && path.startsWith('/api/incidents'));

export class RestLimiter {
  private readonly windows = new Map<string, { count: number; expiresAt: number }>();
  private readonly bypass: Buffer | null;

  constructor(
    private readonly limits: readonly RateLimit[],
    private readonly now: () => number,
    bypassToken: string | undefined,
  ) {
    this.bypass = bypassToken ? Buffer.from(bypassToken) : null;
  }

  /** null when the request may go on; the 429 when one of the limits is used up (the hit still counts). */
  check(method: string, path: string, headers: Headers): Denied | null {
    if (this.limits.length === 0 || isExempt(method, path)) return null;
    if (this.bypass && secretMatches(header(headers, 'x-rate-limit-bypass'), this.bypass)) return null;
    const who = header(headers, 'x-user-id') || 'anonymous';
    const t = this.now();
    let limited = false;
    for (const limit of this.limits) {
      const key = `${limit.spec}:${who}`;
      let w = this.windows.get(key);
      if (!w || w.expiresAt <= t) {
        w = { count: 0, expiresAt: t + limit.windowMs };
        this.windows.set(key, w);
      }
      w.count += 1;
      if (w.count > limit.max) limited = true;
    }
    return limited ? RATE_LIMITED : null;
  }
}
