// k6 test double: k6/execution: scenario, instance, test (abort, fail, options) and vu (ids,
// iterations, tags and metadata).
import { TestAbortSignal, initContextError } from './errors.ts';
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
        throw new TypeError(`invalid value for metric tag '${k}': only String, Boolean and Number types are accepted as a metric tag values`);
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
      return typeof k === 'string' && k in all ? { value: all[k], enumerable: true, configurable: true, writable: true } : undefined;
    },
  });
  // `vu.metrics.tags` and `.metadata` are getter-only in k6 (newInfoObj): assigning them throws in
  // strict (module) code, as it does here.
  const vuMetrics = {
    get tags() {
      needVu('VU');
      return vuTagsView;
    },
    get metadata() {
      return st.metadata;
    },
  };
  return {
    scenario: {
      get name() { needVu('scenario'); return st.scenario?.name ?? ''; },
      get executor() { needVu('scenario'); return st.scenario?.executor ?? ''; },
      get startTime() { needVu('scenario'); return st.scenario?.startTime ?? 0; },
      get progress() { needVu('scenario'); return st.progress; },
      get iterationInInstance() { needVu('scenario'); return st.iterationInInstance; },
      get iterationInTest() { needVu('scenario'); return st.iterationInTest; },
    },
    instance: {
      get iterationsInterrupted() { return st.instance?.iterationsInterrupted ?? 0; },
      get iterationsCompleted() { return st.instance?.iterationsCompleted ?? 0; },
      get vusActive() { return st.instance?.vusActive ?? 0; },
      get vusInitialized() { return st.instance?.vusInitialized ?? 0; },
      get currentTestRunDuration() { return st.instance?.currentTestRunDuration ?? 0; },
    },
    test: {
      abort(input?: string): never {
        st.abortReason = input ?? '';
        throw new TestAbortSignal(input ?? '');
      },
      fail(message?: string): void {
        st.failMessage = message ?? '';
        ctx.log('error', `test marked as failed${message ? `: ${message}` : ''}`);
      },
      get options() {
        return st.options;
      },
    },
    vu: {
      get iterationInInstance() { needVu('VU'); return Math.max(st.iteration, 0); },
      get iterationInScenario() { needVu('VU'); return st.scenario ? st.scenarioIter.get(st.scenario.name) ?? 0 : 0; },
      get idInInstance() { return init.vuId; },
      get idInTest() { return init.vuId; },
      get tags() { needVu('VU'); return vuTagsView; },
      set tags(_v: unknown) { ctx.log('warning', 'assigning exec.vu.tags has no effect on metric tags in k6 (it replaces the property); set its keys instead (k6 test double)'); },
      metrics: vuMetrics,
    },
  };
}
