/**
 * The chatbot's WebSocket token check (server/main_chatbot.py _validate_ws_token): HS256 JWT keyed by
 * the UTF-8 bytes of INTERNAL_API_SECRET + "aurora:ws-token-signing", PyJWT semantics:
 * exp and aud required, aud must be "chatbot-ws", iat/nbf must not be in the future, jti required.
 * Pure: the replay check (single-use jti) is the caller's, after this succeeds.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WS_AUDIENCE = 'chatbot-ws';
export const wsSigningKey = (secret: string): Buffer => Buffer.from(`${secret}aurora:ws-token-signing`, 'utf8');

export interface WsClaims {
  userId?: unknown;
  orgId?: unknown;
  aud: unknown;
  jti: string;
  iat?: number;
  exp: number;
}
export type TokenCheck = { ok: true; claims: WsClaims } | { ok: false; reason: string };

const fail = (reason: string): TokenCheck => ({ ok: false, reason });

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function verifyWsToken(token: string, key: Buffer, nowSec: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return fail('malformed token');
  const [h, p, s] = parts;
  const header = decodeJson(h);
  if (header?.alg !== 'HS256') return fail('unsupported or missing alg');
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail('bad signature');
  const payload = decodeJson(p);
  if (!payload) return fail('malformed payload');
  if (typeof payload.exp !== 'number') return fail('missing exp');
  if (payload.aud === undefined) return fail('missing aud');
  if (payload.exp <= nowSec) return fail('expired');
  const aud = payload.aud;
  if (!(aud === WS_AUDIENCE || (Array.isArray(aud) && aud.includes(WS_AUDIENCE)))) return fail('wrong audience');
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > nowSec))
    return fail('iat in the future');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > nowSec))
    return fail('not yet valid');
  if (typeof payload.jti !== 'string' || payload.jti === '') return fail('missing jti');
  return { ok: true, claims: payload as unknown as WsClaims };
}

/** Mint a token the way Next.js /api/ws-token does; for tests and tools. */
export function mintWsToken(
  secret: string,
  claims: { userId: string; orgId: string; jti: string; iat?: number; exp?: number; aud?: string },
): string {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = enc({ alg: 'HS256', typ: 'JWT' });
  const body = enc({
    userId: claims.userId,
    orgId: claims.orgId,
    aud: claims.aud ?? WS_AUDIENCE,
    jti: claims.jti,
    iat,
    exp: claims.exp ?? iat + 120,
  });
  const sig = createHmac('sha256', wsSigningKey(secret)).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Single-use jti: Redis SET ws:jti:<jti> NX EX 120, in simulated time. */
export class JtiRegistry {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly now: () => number,
    private readonly ttlSimMs = 120_000,
  ) {}

  /** True the first time a jti is seen within its TTL. */
  claim(jti: string): boolean {
    const t = this.now();
    const until = this.seen.get(jti);
    if (until !== undefined && until > t) return false;
    this.seen.set(jti, t + this.ttlSimMs);
    if (this.seen.size > 50_000) for (const [k, v] of this.seen) if (v <= t) this.seen.delete(k);
    return true;
  }
}
