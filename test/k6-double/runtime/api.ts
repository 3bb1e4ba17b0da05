// k6 test double: how a module stand-in (modules/*.ts, bundled into the scenario) reaches the VU's
// runtime, which the worker installs as globalThis.__k6double before it evaluates the bundle.
import type { K6DoubleRuntime } from '../vu-runtime.ts';

export function runtimeApi(): K6DoubleRuntime {
  const rt = (globalThis as unknown as { __k6double?: K6DoubleRuntime }).__k6double;
  if (!rt)
    throw new Error(
      'this bundle was built against the k6 test double (test/k6-double); run it with runBundle() or test/k6-double/bin/k6',
    );
  return rt;
}
