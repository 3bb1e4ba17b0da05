// k6 test double: one k6/http request, synchronous like k6's: the VU blocks while the host performs
// it. Follows redirects (301/302/303 turn into a body-less GET), sends and stores the VU jar's
// cookies, emits the http_req_* samples with k6's tags per hop and logs network errors as k6 does.
import { syncHttp } from './blocking.ts';
import { parseDurationMs, stringifyTags, toBytes } from './convert.ts';
import { initContextError } from './errors.ts';
import { DoubleResponse, responseError } from './http-response.ts';
import { USER_AGENT } from './user-agent.ts';
import type { VuContext } from './vu-context.ts';
import type { HttpWireResponse, Tags } from '../types.ts';

/** The request params the suite passes. */
export interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, unknown>;
  timeout?: string | number;
}

const MAX_REDIRECTS = 10;

export type HttpRequest = (method: string, url: string, body?: unknown, params?: Params | null) => DoubleResponse;

export function createHttpRequest(ctx: VuContext): HttpRequest {
  const { st } = ctx;

  /** The http_req_* samples of one hop (lib/netext/httpext/transport.go measureAndEmitMetrics). */
  function emitHttpReqSamples(wire: HttpWireResponse, url: string, method: string, userTags: Tags): void {
    const ec = responseError(wire);
    // a user `name` becomes `url` too
    const tags: Tags = { ...ctx.baseTags(), ...userTags };
    if (userTags.name !== undefined) ctx.setSystemTag(tags, 'url', userTags.name);
    else {
      ctx.setSystemTag(tags, 'name', url);
      ctx.setSystemTag(tags, 'url', url);
    }
    ctx.setSystemTag(tags, 'method', method);
    if (ec.message) ctx.setSystemTag(tags, 'error', ec.message);
    if (ec.code) ctx.setSystemTag(tags, 'error_code', String(ec.code));
    ctx.setSystemTag(tags, 'status', String(wire.status));
    if (wire.proto) ctx.setSystemTag(tags, 'proto', wire.proto);
    // k6's default response callback: 200-399 are expected
    const expected = wire.status >= 200 && wire.status <= 399;
    ctx.setSystemTag(tags, 'expected_response', String(expected));
    const t = wire.startTime + wire.timings.duration + wire.timings.blocked;
    ctx.emit('http_reqs', 1, tags, t);
    ctx.emit('http_req_duration', wire.timings.duration, tags, t);
    ctx.emit('http_req_blocked', wire.timings.blocked, tags, t);
    ctx.emit('http_req_connecting', wire.timings.connecting, tags, t);
    ctx.emit('http_req_tls_handshaking', wire.timings.tls_handshaking, tags, t);
    ctx.emit('http_req_sending', wire.timings.sending, tags, t);
    ctx.emit('http_req_waiting', wire.timings.waiting, tags, t);
    ctx.emit('http_req_receiving', wire.timings.receiving, tags, t);
    ctx.emit('http_req_failed', expected ? 0 : 1, tags, t);
  }

  return function request(method, url, body, paramsArg) {
    if (st.inInit) throw initContextError('Making http requests in the init context is not supported');
    ctx.checkInterrupt();
    const params: Params = paramsArg ?? {};
    method = String(method).toUpperCase();
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:')
        throw new Error(`unsupported protocol scheme "${u.protocol.replace(':', '')}"`);
    } catch (e) {
      const err = new Error(`invalid URL "${url}": ${(e as Error).message}`);
      err.name = 'GoError';
      throw err;
    }
    if (
      body !== null &&
      body !== undefined &&
      typeof body === 'object' &&
      !(body instanceof ArrayBuffer) &&
      !ArrayBuffer.isView(body)
    ) {
      throw new Error('the k6 test double sends string or binary bodies only (k6 would encode an object as a form)');
    }
    const userTags = stringifyTags(params.tags);
    const headers: [string, string][] = [['User-Agent', USER_AGENT]];
    for (const [k, v] of Object.entries(params.headers ?? {})) {
      if (k.toLowerCase() === 'user-agent') headers[0] = [k, String(v)];
      else headers.push([k, String(v)]);
    }
    let bodyBytes = body === null || body === undefined ? null : toBytes(body);
    const timeoutMs = parseDurationMs(params.timeout, 60000);

    let curUrl = url;
    let curMethod = method;
    for (let redirects = 0; ; redirects++) {
      const cookie = st.jar.cookieHeader(curUrl);
      const hop = cookie ? [...headers, ['Cookie', cookie] as [string, string]] : headers;
      const wire = syncHttp(ctx, { method: curMethod, url: curUrl, headers: hop, body: bodyBytes, timeoutMs });
      st.ioSent += wire.bytesSent;
      st.ioRecv += wire.bytesReceived;
      const setCookies = wire.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
      if (setCookies.length) st.jar.storeSetCookies(curUrl, setCookies);
      emitHttpReqSamples(wire, curUrl, curMethod, userTags);
      if (wire.error) {
        ctx.log('warning', 'Request Failed', {
          error: `${curMethod[0]}${curMethod.slice(1).toLowerCase()} "${curUrl}": ${wire.error.message}`,
        });
      }
      const location = wire.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if (wire.status >= 300 && wire.status < 400 && wire.status !== 304 && location && redirects < MAX_REDIRECTS) {
        curUrl = new URL(location, curUrl).toString();
        if (
          (wire.status === 301 || wire.status === 302 || wire.status === 303) &&
          curMethod !== 'GET' &&
          curMethod !== 'HEAD'
        ) {
          curMethod = 'GET';
          bodyBytes = null;
          for (let i = headers.length - 1; i >= 0; i--)
            if (/^content-(type|length)$/i.test(headers[i]![0])) headers.splice(i, 1);
        }
        continue;
      }
      return new DoubleResponse(wire, curUrl);
    }
  };
}
