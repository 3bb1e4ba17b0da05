// k6 test double: one k6/http request, synchronous like k6's: the VU blocks while the host performs
// it. Follows redirects (301/302/303 turn into a body-less GET), sends and stores cookies, emits the
// http_req_* samples with k6's tags per hop, and logs (or, with options.throw, throws) network errors.
import { syncHttp } from './blocking.ts';
import { parseDurationMs, stringifyTags } from './convert.ts';
import { jarOf, requestCookies } from './cookies.ts';
import { initContextError } from './errors.ts';
import { encodeBody, type HeaderMap } from './http-body.ts';
import { isHttpURL, type HttpURL, type Params } from './http-params.ts';
import { DoubleResponse, responseError } from './http-response.ts';
import { isExpected, type ResponseCallback } from './response-callback.ts';
import { USER_AGENT } from './user-agent.ts';
import type { VuContext } from './vu-context.ts';
import type { HttpWireResponse, Tags } from '../types.ts';

export type HttpRequest = (method: string, urlArg: string | HttpURL, body?: unknown, paramsArg?: Params | null) => DoubleResponse;

export function createHttpRequest(ctx: VuContext): HttpRequest {
  const { st } = ctx;

  /** The http_req_* samples of one hop (lib/netext/httpext/transport.go measureAndEmitMetrics). */
  function emitHttpReqSamples(wire: HttpWireResponse, url: string, method: string, userTags: Tags, cb: ResponseCallback): void {
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
    let expected: boolean | undefined;
    if (cb) {
      expected = isExpected(cb, wire.status);
      ctx.setSystemTag(tags, 'expected_response', String(expected));
    }
    const t = wire.startTime + wire.timings.duration + wire.timings.blocked;
    ctx.emit('http_reqs', 1, tags, t);
    ctx.emit('http_req_duration', wire.timings.duration, tags, t);
    ctx.emit('http_req_blocked', wire.timings.blocked, tags, t);
    ctx.emit('http_req_connecting', wire.timings.connecting, tags, t);
    ctx.emit('http_req_tls_handshaking', wire.timings.tls_handshaking, tags, t);
    ctx.emit('http_req_sending', wire.timings.sending, tags, t);
    ctx.emit('http_req_waiting', wire.timings.waiting, tags, t);
    ctx.emit('http_req_receiving', wire.timings.receiving, tags, t);
    if (expected !== undefined) ctx.emit('http_req_failed', expected ? 0 : 1, tags, t);
  }

  return function request(method, urlArg, body, paramsArg) {
    if (st.inInit) throw initContextError('Making http requests in the init context is not supported');
    ctx.checkInterrupt();
    const params: Params = paramsArg ?? {};
    method = String(method).toUpperCase();
    let url: string;
    let nameTag: string | undefined;
    if (isHttpURL(urlArg)) {
      url = urlArg.url;
      nameTag = urlArg.name;
    } else {
      url = String(urlArg);
    }
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported protocol scheme "${u.protocol.replace(':', '')}"`);
    } catch (e) {
      const err = new Error(`invalid URL "${url}": ${(e as Error).message}`);
      err.name = 'GoError';
      throw err;
    }
    const userTags = stringifyTags(params.tags);
    if (userTags.name === undefined && nameTag !== undefined) userTags.name = nameTag;
    const headerMap: HeaderMap = new Map();
    headerMap.set('user-agent', ['User-Agent', st.options.userAgent ?? USER_AGENT]);
    for (const [k, v] of Object.entries(params.headers ?? {})) headerMap.set(k.toLowerCase(), [k, String(v)]);
    let bodyBytes = encodeBody(body, headerMap);
    const jar = params.jar === undefined ? st.jar : jarOf(params.jar);
    const timeoutMs = parseDurationMs(params.timeout, 60000);
    const responseType = params.responseType ?? (st.options.discardResponseBodies ? 'none' : 'text');
    const maxRedirects = params.redirects ?? st.options.maxRedirects ?? 10;
    const cb = params.responseCallback !== undefined ? params.responseCallback : st.responseCallback;

    let curUrl = url;
    let curMethod = method;
    let redirects = 0;
    for (;;) {
      const cookies = requestCookies(jar ? jar.matching(curUrl) : [], params.cookies, headerMap.get('cookie')?.[1]);
      const headers: [string, string][] = [...headerMap.values()].filter(([k]) => k.toLowerCase() !== 'cookie');
      if (cookies.header !== undefined) headers.push(['Cookie', cookies.header]);

      const wire = syncHttp(ctx, { method: curMethod, url: curUrl, headers, body: bodyBytes, timeoutMs });
      st.ioSent += wire.bytesSent;
      st.ioRecv += wire.bytesReceived;
      const setCookies = wire.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
      if (jar && setCookies.length) jar.storeSetCookies(curUrl, setCookies);
      emitHttpReqSamples(wire, curUrl, curMethod, userTags, cb);

      if (wire.error) {
        ctx.log('warning', 'Request Failed', { error: `${curMethod[0]}${curMethod.slice(1).toLowerCase()} "${curUrl}": ${wire.error.message}` });
        if (st.options.throw) {
          const e = new Error(`${curMethod} ${curUrl}: ${wire.error.message}`);
          e.name = 'GoError';
          throw e;
        }
      }

      const location = wire.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if (wire.status >= 300 && wire.status < 400 && location && wire.status !== 304) {
        if (redirects >= maxRedirects) {
          if (maxRedirects > 0) {
            ctx.log('warning', `Stopped after ${redirects} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this`, { url: curUrl });
          }
        } else {
          redirects++;
          curUrl = new URL(location, curUrl).toString();
          if (wire.status === 301 || wire.status === 302 || wire.status === 303) {
            if (curMethod !== 'GET' && curMethod !== 'HEAD') curMethod = 'GET';
            bodyBytes = null;
            headerMap.delete('content-type');
            headerMap.delete('content-length');
          }
          continue;
        }
      }
      return new DoubleResponse({
        wire, url: curUrl, method: curMethod, reqHeaders: headers, reqBody: bodyBytes, reqCookies: cookies.reqCookies, responseType,
      });
    }
  };
}
