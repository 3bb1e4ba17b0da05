// k6 test double: k6/http as the suite uses it: request() and post(), batch() (performed one request
// after the other; k6 runs them in parallel) and cookieJar(), the VU's jar.
import { CookieJar } from './cookies.ts';
import { initContextError } from './errors.ts';
import { createHttpRequest, type Params } from './http-request.ts';
import type { DoubleResponse } from './http-response.ts';
import type { VuContext } from './vu-context.ts';

type BatchRequest =
  | { method: string; url: string; body?: unknown; params?: Params }
  | [string, string, unknown?, Params?];

export function createHttpModule(ctx: VuContext) {
  const { st } = ctx;
  const request = createHttpRequest(ctx);
  return {
    request,
    post: (url: string, body?: unknown, params?: Params | null) => request('POST', url, body, params),
    batch(reqs: BatchRequest[]): DoubleResponse[] {
      if (st.inInit) throw initContextError('Using batch in the init context is not supported');
      return reqs.map((r) =>
        Array.isArray(r) ? request(r[0], r[1], r[2], r[3]) : request(r.method, r.url, r.body, r.params),
      );
    },
    cookieJar(): CookieJar {
      if (st.inInit) throw initContextError('Making cookie jars in the init context is not supported');
      return new CookieJar(st.jar);
    },
  };
}
