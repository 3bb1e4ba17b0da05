// k6 test double: k6/execution as the suite uses it: scenario.startTime and .iterationInTest,
// vu.idInTest and vu.metrics.tags (the VU's tags, applied to every sample it emits afterwards).
import { initContextError } from './errors.ts';
import type { VuContext } from './vu-context.ts';

const isTagValue = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export function createExecutionModule(ctx: VuContext) {
  const { st, init } = ctx;
  function needVu(what: string): void {
    if (st.inInit) throw initContextError(`getting ${what} information in the init context is not supported`);
  }
  // k6 (execution.go tagsDynamicObject): reads see all of the VU's current tags (run, scenario and
  // system tags included); a set stores String(value) and refuses anything but string/number/boolean;
  // the tags last until the VU's next activation (scenario), not just the iteration.
  const vuTagsView = new Proxy({} as Record<string, string>, {
    get: (_t, k) => (typeof k === 'string' ? ctx.baseTags()[k] : undefined),
    set: (_t, k, v) => {
      if (typeof k !== 'string') return false;
      if (!isTagValue(v)) {
        throw new TypeError(
          `invalid value for metric tag '${k}': only String, Boolean and Number types are accepted as a metric tag values`,
        );
      }
      st.vuTags[k] = String(v);
      return true;
    },
    has: (_t, k) => typeof k === 'string' && k in ctx.baseTags(),
    deleteProperty: (_t, k) => {
      if (typeof k === 'string') delete st.vuTags[k];
      return true;
    },
    ownKeys: () => Object.keys(ctx.baseTags()),
    getOwnPropertyDescriptor: (_t, k) => {
      const all = ctx.baseTags();
      return typeof k === 'string' && k in all
        ? { value: all[k], enumerable: true, configurable: true, writable: true }
        : undefined;
    },
  });
  return {
    scenario: {
      get startTime() {
        needVu('scenario');
        return st.scenario?.startTime ?? 0;
      },
      get iterationInTest() {
        needVu('scenario');
        return st.iterationInTest;
      },
    },
    vu: {
      get idInTest() {
        return init.vuId;
      },
      // getter-only in k6 (newInfoObj): assigning it throws in strict (module) code, as it does here
      metrics: {
        get tags() {
          needVu('VU');
          return vuTagsView;
        },
      },
    },
  };
}
