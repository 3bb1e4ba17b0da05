// k6 test double: k6/http's Response, built from the host's wire response: status, canonical
// headers, Set-Cookie cookies, error/error_code, body by responseType, request echo, json(selector).
import { parseSetCookie } from '../cookie-jar.ts';
import { gjsonGet } from '../gjson.ts';
import { canonicalHeaderKey, textDecoder, toArrayBuffer } from './convert.ts';
import type { RequestCookies } from './cookies.ts';
import type { HttpWireResponse } from '../types.ts';

/** k6's error and error_code of a response: the network error, else 1000 + a 4xx/5xx status. */
export function responseError(resp: HttpWireResponse): { code: number; message: string } {
  if (resp.error) return resp.error;
  if (resp.status >= 400 && resp.status < 600) return { code: 1000 + resp.status, message: '' };
  return { code: 0, message: '' };
}

type ResponseCookie = { name: string; value: string; domain: string; path: string; httpOnly: boolean; secure: boolean; maxAge: number; expires: number };

export interface ResponseInit {
  wire: HttpWireResponse;
  url: string;
  method: string;
  reqHeaders: [string, string][];
  reqBody: Uint8Array | null;
  reqCookies: RequestCookies;
  responseType: string;
}

export class DoubleResponse {
  body: string | ArrayBuffer | null;
  status: number;
  status_text: string;
  headers: Record<string, string>;
  cookies: Record<string, ResponseCookie[]>;
  error: string;
  error_code: number;
  proto: string;
  remote_ip: string;
  remote_port: number;
  url: string;
  timings: HttpWireResponse['timings'];
  tls_version = '';
  tls_cipher_suite = '';
  ocsp = { produced_at: 0, this_update: 0, next_update: 0, revocation_reason: '', revoked_at: 0, status: '' };
  request: { method: string; url: string; headers: Record<string, string[]>; body: string; cookies: RequestCookies };
  private parsed: { ok: true; value: unknown } | null = null;

  constructor(init: ResponseInit) {
    const { wire } = init;
    this.status = wire.status;
    this.status_text = wire.status ? `${wire.status} ${wire.statusText}` : '';
    this.headers = {};
    const setCookies: string[] = [];
    for (const [k, v] of wire.headers) {
      const ck = canonicalHeaderKey(k);
      this.headers[ck] = this.headers[ck] === undefined ? v : `${this.headers[ck]}, ${v}`;
      if (ck === 'Set-Cookie') setCookies.push(v);
    }
    this.cookies = {};
    for (const line of setCookies) {
      const c = parseSetCookie(line);
      if (!c) continue;
      (this.cookies[c.name] ??= []).push({
        name: c.name, value: c.value, domain: c.domain, path: c.path, httpOnly: c.httpOnly, secure: c.secure,
        maxAge: c.maxAge, expires: c.expires,
      });
    }
    const ec = responseError(wire);
    this.error = ec.message;
    this.error_code = ec.code;
    this.proto = wire.proto;
    this.remote_ip = wire.remoteIp;
    this.remote_port = wire.remotePort;
    this.url = init.url;
    this.timings = wire.timings;
    this.body = responseBody(wire, init.responseType);
    const rh: Record<string, string[]> = {};
    for (const [k, v] of init.reqHeaders) (rh[canonicalHeaderKey(k)] ??= []).push(v);
    this.request = {
      method: init.method, url: init.url, headers: rh, body: init.reqBody ? textDecoder.decode(init.reqBody) : '',
      cookies: init.reqCookies,
    };
  }

  json(selector?: string): unknown {
    if (this.parsed === null) {
      if (typeof this.body !== 'string') {
        throw new Error('cannot parse json due to an error: the body is null (responseType "none"?) or binary');
      }
      try {
        this.parsed = { ok: true, value: JSON.parse(this.body) };
      } catch (e) {
        throw new Error(`cannot parse json due to an error: ${(e as Error).message}`);
      }
    }
    if (selector === undefined || selector === '') return this.parsed.value;
    const v = gjsonGet(this.parsed.value, selector);
    return v === undefined ? null : v;
  }
  html(): never {
    throw new Error('Response.html() is not implemented by the k6 test double');
  }
  clickLink(): never {
    throw new Error('Response.clickLink() is not implemented by the k6 test double');
  }
  submitForm(): never {
    throw new Error('Response.submitForm() is not implemented by the k6 test double');
  }
}

/** The body by responseType: text, an ArrayBuffer, or null ("none", or no response at all). */
function responseBody(wire: HttpWireResponse, responseType: string): string | ArrayBuffer | null {
  if (responseType === 'none') return null;
  if (!wire.body) return wire.status ? '' : null;
  if (responseType === 'binary') return toArrayBuffer(wire.body);
  return textDecoder.decode(wire.body);
}
