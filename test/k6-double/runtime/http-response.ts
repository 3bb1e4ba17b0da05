// k6 test double: k6/http's Response as the suite reads it (status, headers in canonical form, body,
// error/error_code, proto, url, timings, json()), built from the host's wire response.
import { canonicalHeaderKey, textDecoder } from './convert.ts';
import type { HttpWireResponse } from '../types.ts';

/** k6's error and error_code of a response: the network error, else 1000 + a 4xx/5xx status. */
export function responseError(resp: HttpWireResponse): { code: number; message: string } {
  if (resp.error) return resp.error;
  if (resp.status >= 400 && resp.status < 600) return { code: 1000 + resp.status, message: '' };
  return { code: 0, message: '' };
}

export class DoubleResponse {
  readonly body: string | null;
  readonly status: number;
  readonly headers: Record<string, string> = {};
  readonly error: string;
  readonly error_code: number;
  readonly proto: string;
  readonly url: string;
  readonly timings: HttpWireResponse['timings'];
  private parsed: { value: unknown } | null = null;

  constructor(wire: HttpWireResponse, url: string) {
    this.status = wire.status;
    for (const [k, v] of wire.headers) {
      const ck = canonicalHeaderKey(k);
      this.headers[ck] = this.headers[ck] === undefined ? v : `${this.headers[ck]}, ${v}`;
    }
    const ec = responseError(wire);
    this.error = ec.message;
    this.error_code = ec.code;
    this.proto = wire.proto;
    this.url = url;
    this.timings = wire.timings;
    // no response at all: null body; a response: its text ('' when empty)
    this.body = wire.body ? textDecoder.decode(wire.body) : wire.status ? '' : null;
  }

  /** The parsed body (k6's selector argument is not supported: the suite does not use it). */
  json(): unknown {
    if (this.parsed === null) {
      if (this.body === null) throw new Error('cannot parse json due to an error: the body is null');
      try {
        this.parsed = { value: JSON.parse(this.body) };
      } catch (e) {
        throw new Error(`cannot parse json due to an error: ${(e as Error).message}`);
      }
    }
    return this.parsed.value;
  }
}
