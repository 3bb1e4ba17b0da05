// k6 TEST DOUBLE stand-in for `k6/http` (test/k6-double, not k6). The implementation lives in
// ../vu-runtime.ts and is installed by the VU worker as globalThis.__k6double before the bundle runs.
import type { K6DoubleRuntime } from '../vu-runtime.ts';

const rt = (globalThis as unknown as { __k6double?: K6DoubleRuntime }).__k6double;
if (!rt) throw new Error('this bundle was built against the k6 test double (test/k6-double); run it with runBundle() or test/k6-double/bin/k6');

export const {
  request, get, head, post, put, patch, del, options, asyncRequest, batch, url, file, cookieJar,
  expectedStatuses, setResponseCallback, CookieJar,
} = rt.http;
export const TLS_1_0 = 'tls1.0';
export const TLS_1_1 = 'tls1.1';
export const TLS_1_2 = 'tls1.2';
export const TLS_1_3 = 'tls1.3';
export default rt.http;
