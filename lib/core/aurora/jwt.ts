// The chatbot's WebSocket token (docs/aurora-contract.md §2): an HS256 JWT signed with the UTF-8 bytes of
// INTERNAL_API_SECRET + "aurora:ws-token-signing", claims {userId, orgId, aud:"chatbot-ws", jti, iat,
// exp: iat+120}. Each jti is single-use, so every (re)connect needs a fresh token.
//
// Pure: the base64url and HMAC primitives are passed in (k6/encoding + k6/crypto in bundles, see
// ws-token.ts; node:crypto in tests), so the token layout is unit-tested without k6.

export const WS_TOKEN_SIGNING_SUFFIX = 'aurora:ws-token-signing';
export const WS_TOKEN_AUDIENCE = 'chatbot-ws';
export const WS_TOKEN_TTL_SECONDS = 120;

export interface WsTokenClaims {
  userId: string;
  orgId: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface JwtPrimitives {
  /** base64url without padding of the UTF-8 bytes of a string. */
  b64url(text: string): string;
  /** HMAC-SHA256 of `data` with `key` (UTF-8), as base64url without padding. */
  hmacSha256B64url(key: string, data: string): string;
}

export interface MintInput {
  secret: string;
  userId: string;
  orgId: string;
  jti: string;
  /** Seconds since the epoch; default: now. */
  nowSeconds?: number;
  ttlSeconds?: number;
}

export function wsTokenClaims(input: MintInput): WsTokenClaims {
  const iat = Math.floor(input.nowSeconds ?? Date.now() / 1000);
  return {
    userId: input.userId,
    orgId: input.orgId,
    aud: WS_TOKEN_AUDIENCE,
    jti: input.jti,
    iat,
    exp: iat + (input.ttlSeconds ?? WS_TOKEN_TTL_SECONDS),
  };
}

export function signHs256(claims: object, key: string, p: JwtPrimitives): string {
  const signingInput = `${p.b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${p.b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${p.hmacSha256B64url(key, signingInput)}`;
}

export function mintWsTokenWith(input: MintInput, p: JwtPrimitives): string {
  return signHs256(wsTokenClaims(input), input.secret + WS_TOKEN_SIGNING_SUFFIX, p);
}

/** RFC 4122 v4 UUID text from 16 random bytes. */
export function uuidFromBytes(bytes: Uint8Array): string {
  const b = Array.from(bytes.slice(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
