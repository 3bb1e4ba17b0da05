// k6 test double: the `k6` module: check(), group(), sleep(), fail() and randomSeed().
import { blockingSleep } from './blocking.ts';
import { stringifyTags } from './convert.ts';
import { initContextError } from './errors.ts';
import type { VuContext } from './vu-context.ts';

export function createK6Module(ctx: VuContext) {
  const { st } = ctx;

  function check<VT>(val: VT, sets: Record<string, ((v: VT) => unknown) | unknown>, tags?: Record<string, unknown>): boolean {
    if (st.inInit) throw initContextError('Using check() in the init context is not supported');
    let all = true;
    for (const [name, checker] of Object.entries(sets ?? {})) {
      if (name.includes('::')) throw new Error('group and check names may not contain \'::\'');
      const ok = typeof checker === 'function' ? !!(checker as (v: VT) => unknown)(val) : !!checker;
      const t = { ...ctx.baseTags(), ...stringifyTags(tags) };
      ctx.setSystemTag(t, 'check', name);
      ctx.emit('checks', ok ? 1 : 0, t);
      if (!ok) all = false;
    }
    return all;
  }

  function group<RT>(name: string, fn: () => RT): RT {
    if (st.inInit) throw initContextError('Using group() in the init context is not supported');
    if (typeof name !== 'string' || name.includes('::')) throw new Error('group and check names may not contain \'::\'');
    const parent = st.groupPath;
    const path = `${parent}::${name}`;
    if (!st.seenGroups.has(path)) {
      st.seenGroups.add(path);
      ctx.post({ type: 'group', path });
    }
    st.groupPath = path;
    const start = performance.now();
    let ret: RT;
    try {
      ret = fn();
      if (ret && typeof (ret as unknown as Promise<unknown>).then === 'function') {
        ctx.log('warning', 'group() does not support async functions as arguments; the group duration and tags do not cover the async part (k6 test double)');
      }
      ctx.emit('group_duration', performance.now() - start, ctx.baseTags());
    } finally {
      st.groupPath = parent;
    }
    return ret;
  }

  /** k6 allows sleep() in the init context too; it just blocks. */
  function sleep(seconds: number): void {
    blockingSleep(ctx, Math.max(0, Number(seconds) || 0) * 1000);
  }

  function fail(err?: string): never {
    const e = new Error(err ?? '');
    e.name = 'GoError';
    throw e;
  }

  return { check, group, sleep, fail, randomSeed };
}

/** Replaces Math.random with a seeded generator (mulberry32), as k6's randomSeed() does. */
function randomSeed(seed: number): void {
  let a = Math.floor(seed) >>> 0;
  Math.random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
