// Token minting inside k6: lib/core/aurora/jwt.ts with k6/crypto (HMAC-SHA256) and k6/encoding.
import { hmac, randomBytes } from 'k6/crypto';
import { b64encode } from 'k6/encoding';
import { mintWsTokenWith, uuidFromBytes, type JwtPrimitives } from '../../core/aurora/jwt.ts';

const K6_PRIMITIVES: JwtPrimitives = {
  b64url: (text) => b64encode(text, 'rawurl'),
  hmacSha256B64url: (key, data) => hmac('sha256', key, data, 'base64rawurl'),
};

export function uuidv4(): string {
  return uuidFromBytes(new Uint8Array(randomBytes(16)));
}

/** A fresh single-use token for one WebSocket connect. */
export function mintWsToken(secret: string, userId: string, orgId: string): string {
  return mintWsTokenWith({ secret, userId, orgId, jti: uuidv4() }, K6_PRIMITIVES);
}
