// k6 test double: the k6/http module: request and its method shorthands, asyncRequest and batch
// (both performed one request after the other), http.url``, http.file(), the cookie jar and the
// response callback.
import { CookieJar } from './cookies.ts';
import { initContextError } from './errors.ts';
import { isHttpURL, type FileData, type HttpURL, type Params } from './http-params.ts';
import { createHttpRequest } from './http-request.ts';
import type { DoubleResponse } from './http-response.ts';
import { assertResponseCallback, expectedStatuses, type ResponseCallback } from './response-callback.ts';
import type { VuContext } from './vu-context.ts';

export function createHttpModule(ctx: VuContext) {
  const { st } = ctx;
  const request = createHttpRequest(ctx);
  return {
    request,
    get: (url: string | HttpURL, params?: Params | null) => request('GET', url, null, params),
    head: (url: string | HttpURL, params?: Params | null) => request('HEAD', url, null, params),
    post: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('POST', url, body, params),
    put: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('PUT', url, body, params),
    patch: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('PATCH', url, body, params),
    del: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('DELETE', url, body, params),
    options: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('OPTIONS', url, body, params),
    asyncRequest: (method: string, url: string | HttpURL, body?: unknown, params?: Params | null) => {
      // the double performs it synchronously and hands back a settled promise
      try {
        return Promise.resolve(request(method, url, body, params));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    batch(reqs: unknown[] | Record<string, unknown>): unknown {
      // k6 runs batch requests in parallel; the double runs them one after the other
      if (st.inInit) throw initContextError('Using batch in the init context is not supported');
      const one = (r: unknown): DoubleResponse => {
        if (typeof r === 'string' || isHttpURL(r)) return request('GET', r, null, null);
        if (Array.isArray(r)) return request(r[0] as string, r[1] as string, r[2], r[3] as Params);
        const o = r as { method: string; url: string; body?: unknown; params?: Params };
        return request(o.method, o.url, o.body, o.params);
      };
      if (Array.isArray(reqs)) return reqs.map(one);
      return Object.fromEntries(Object.entries(reqs).map(([k, v]) => [k, one(v)]));
    },
    url(strings: TemplateStringsArray, ...args: unknown[]): HttpURL {
      let url = '';
      strings.forEach((s, i) => {
        url += s + (i < args.length ? String(args[i]) : '');
      });
      return { __brand: 'http-url', url, name: strings.join('${}') };
    },
    file(data: string | ArrayBuffer, filename?: string, contentType?: string): FileData {
      return { __k6doubleFile: true, data, filename, content_type: contentType };
    },
    cookieJar(): CookieJar {
      if (st.inInit) throw initContextError('Making cookie jars in the init context is not supported');
      return new CookieJar(st.jar);
    },
    expectedStatuses,
    setResponseCallback(cb: ResponseCallback): void {
      assertResponseCallback(cb);
      st.responseCallback = cb;
    },
    CookieJar,
  };
}
