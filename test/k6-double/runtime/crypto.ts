// k6 test double: k6/crypto (hashes, HMACs and random bytes on node:crypto). Pure, no VU state.
import { createHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { toArrayBuffer, toBytes } from './convert.ts';

/** k6's algorithm names -> node's. */
const ALG: Record<string, string> = {
  md4: 'md4', md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
  sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160',
};

function encodeDigest(buf: Buffer, enc: string): string | ArrayBuffer {
  switch (enc) {
    case 'hex': return buf.toString('hex');
    case 'base64': return buf.toString('base64');
    case 'base64url': return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    case 'base64rawurl': return buf.toString('base64url');
    case 'binary': return toArrayBuffer(buf);
    default: throw new Error(`invalid output encoding: ${enc}`);
  }
}

function algOf(a: string): string {
  const alg = ALG[a];
  if (!alg) throw new Error(`invalid algorithm: ${a}`);
  return alg;
}

/** What createHash()/createHMAC() return. */
class Hasher {
  constructor(private readonly h: { update(b: Uint8Array): unknown; digest(): Buffer }) {}
  update(input: string | ArrayBuffer): void {
    this.h.update(toBytes(input));
  }
  digest(enc: string): string | ArrayBuffer {
    return encodeDigest(this.h.digest(), enc);
  }
}

const hashFn = (a: string) => (input: string | ArrayBuffer, enc: string) => encodeDigest(createHash(algOf(a)).update(toBytes(input)).digest(), enc);

export const crypto = {
  randomBytes: (n: number) => toArrayBuffer(nodeRandomBytes(n)),
  hmac: (a: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, enc: string) =>
    encodeDigest(createHmac(algOf(a), toBytes(secret)).update(toBytes(input)).digest(), enc),
  createHash: (a: string) => new Hasher(createHash(algOf(a))),
  createHMAC: (a: string, secret: string | ArrayBuffer) => new Hasher(createHmac(algOf(a), toBytes(secret))),
  md4: hashFn('md4'), md5: hashFn('md5'), sha1: hashFn('sha1'), sha256: hashFn('sha256'), sha384: hashFn('sha384'),
  sha512: hashFn('sha512'), sha512_224: hashFn('sha512_224'), sha512_256: hashFn('sha512_256'), ripemd160: hashFn('ripemd160'),
};
