// k6 test double: k6/encoding (base64 in its four variants). Pure, no VU state.
import { toArrayBuffer, toBytes } from './convert.ts';

export const encoding = {
  b64encode(input: string | ArrayBuffer, variant: string = 'std'): string {
    const b64 = Buffer.from(toBytes(input)).toString('base64');
    switch (variant) {
      case 'std': return b64;
      case 'rawstd': return b64.replace(/=+$/, '');
      case 'url': return b64.replace(/\+/g, '-').replace(/\//g, '_');
      case 'rawurl': return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      default: return b64; // k6 (encoding.go b64Encode) falls back to std for any other name
    }
  },
  b64decode(input: string, variant: string = 'std', format?: string): ArrayBuffer | string {
    if (!['std', 'rawstd', 'url', 'rawurl'].includes(variant)) variant = 'std'; // k6 (b64Decode) falls back to std
    const url = variant === 'url' || variant === 'rawurl';
    const raw = variant === 'rawstd' || variant === 'rawurl';
    const alphabet = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
    if (!alphabet.test(input) || (raw && input.includes('=')) || (!raw && input.length % 4 !== 0)) {
      throw new Error(`illegal base64 data at input byte ${Math.max(0, input.search(/[^A-Za-z0-9+/_=-]/))}`);
    }
    const buf = Buffer.from(input, url ? 'base64url' : 'base64');
    return format === 's' ? buf.toString('utf8') : toArrayBuffer(buf);
  },
};
