// k6 test double: k6/encoding as the suite uses it: b64encode() in its four variants. Pure.
import { toBytes } from './convert.ts';

export const encoding = {
  b64encode(input: string | ArrayBuffer, variant: string = 'std'): string {
    const b64 = Buffer.from(toBytes(input)).toString('base64');
    switch (variant) {
      case 'rawstd':
        return b64.replace(/=+$/, '');
      case 'url':
        return b64.replace(/\+/g, '-').replace(/\//g, '_');
      case 'rawurl':
        return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      default:
        return b64; // k6 (encoding.go b64Encode) falls back to std for any other name
    }
  },
};
