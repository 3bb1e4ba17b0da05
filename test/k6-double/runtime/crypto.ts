// k6 test double: k6/crypto as the suite uses it: hmac() and randomBytes(), on node:crypto. Pure.
import { createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { toArrayBuffer, toBytes } from './convert.ts';

/** k6's algorithm names -> node's (the suite signs with sha256; the others cost nothing). */
const ALG: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

function encodeDigest(buf: Buffer, enc: string): string | ArrayBuffer {
  switch (enc) {
    case 'hex':
      return buf.toString('hex');
    case 'base64':
      return buf.toString('base64');
    case 'base64url':
      return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'base64rawurl':
      return buf.toString('base64url');
    case 'binary':
      return toArrayBuffer(buf);
    default:
      throw new Error(`invalid output encoding: ${enc}`);
  }
}

export const crypto = {
  randomBytes: (n: number): ArrayBuffer => toArrayBuffer(nodeRandomBytes(n)),
  hmac(a: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, enc: string): string | ArrayBuffer {
    const alg = ALG[a];
    if (!alg) throw new Error(`invalid algorithm: ${a}`);
    return encodeDigest(createHmac(alg, toBytes(secret)).update(toBytes(input)).digest(), enc);
  },
};
