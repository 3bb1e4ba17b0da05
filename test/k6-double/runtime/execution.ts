// k6 test double: k6/execution as the suite uses it: scenario.startTime, .iterationInTest and
// .iterationInInstance, vu.idInTest (unique across the instances of a segmented run), vu.idInInstance,
// vu.metrics.tags (the VU's tags, applied to every sample it emits afterwards) and test.options.
import { parseSegment, parseSequence, segmentString, sequenceString } from '../../../lib/core/execution-segment.ts';
import { initContextError } from './errors.ts';
import type { SegmentStrings } from '../types.ts';
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
  // k6 (execution.go newTestInfo/optionsAsObject): the consolidated options, frozen, without the
  // vus/iterations/duration/stages shortcuts; VU context only. The double's consolidation is the
  // script's options plus the run's execution segment and sequence (null when none was given).
  let testOptions: Record<string, unknown> | undefined;
  const optionsObject = (): Record<string, unknown> => {
    if (!testOptions) {
      const o: Record<string, unknown> = JSON.parse(JSON.stringify(st.options ?? {}));
      for (const k of ['vus', 'iterations', 'duration', 'stages']) delete o[k];
      Object.assign(o, segmentStrings(init.segment, st.options));
      testOptions = deepFreeze(o);
    }
    return testOptions;
  };
  return {
    test: {
      get options() {
        if (st.inInit) throw initContextError('getting test options in the init context is not supported');
        return optionsObject();
      },
    },
    scenario: {
      get startTime() {
        needVu('scenario');
        return st.scenario?.startTime ?? 0;
      },
      get iterationInTest() {
        needVu('scenario');
        return st.iterationInTest;
      },
      get iterationInInstance() {
        needVu('scenario');
        return st.iterationInInstance;
      },
    },
    vu: {
      get idInTest() {
        return init.vuIdGlobal;
      },
      get idInInstance() {
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

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * The run's segment strings: the host's (flags and script options, consolidated), else the script's
 * own options written as k6 writes them (the setup VU starts before the host has read them; a
 * malformed one never gets here, the host refuses the run).
 */
function segmentStrings(host: SegmentStrings, script: Record<string, unknown>): SegmentStrings {
  const canonical = (v: unknown, f: (s: string) => string | null): string | null => {
    if (typeof v !== 'string') return null;
    try {
      return f(v);
    } catch {
      return v;
    }
  };
  return {
    executionSegment:
      host.executionSegment ?? canonical(script.executionSegment, (s) => segmentString(parseSegment(s))),
    executionSegmentSequence:
      host.executionSegmentSequence ??
      canonical(script.executionSegmentSequence, (s) => {
        const seq = parseSequence(s);
        return seq ? sequenceString(seq) : null;
      }),
  };
}
