// k6 TEST DOUBLE stand-in for `k6` (test/k6-double, not k6). The implementation lives in
// ../vu-runtime.ts and is installed by the VU worker as globalThis.__k6double before the bundle runs.
import type { K6DoubleRuntime } from '../vu-runtime.ts';

const rt = (globalThis as unknown as { __k6double?: K6DoubleRuntime }).__k6double;
if (!rt) throw new Error('this bundle was built against the k6 test double (test/k6-double); run it with runBundle() or test/k6-double/bin/k6');

export const { check, group, sleep, fail, randomSeed } = rt.k6;
export default rt.k6;
