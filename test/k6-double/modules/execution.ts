// k6 TEST DOUBLE stand-in for `k6/execution` (test/k6-double, not k6): only what the suite imports
// (api-surface.test.ts keeps it so). The implementation is ../runtime/, installed by the VU worker.
import { runtimeApi } from '../runtime/api.ts';

export const { scenario, vu, test } = runtimeApi().execution;
export default { scenario, vu, test };
