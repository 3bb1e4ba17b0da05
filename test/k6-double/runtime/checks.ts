// k6 test double: the `k6` module as the suite uses it: check() and sleep().
import { blockingSleep } from './blocking.ts';
import { stringifyTags } from './convert.ts';
import { initContextError } from './errors.ts';
import type { VuContext } from './vu-context.ts';

export function createK6Module(ctx: VuContext) {
  const { st } = ctx;

  /** One `checks` sample per named check, tagged with its name (k6's check system tag). */
  function check<VT>(
    val: VT,
    sets: Record<string, ((v: VT) => unknown) | unknown>,
    tags?: Record<string, unknown>,
  ): boolean {
    if (st.inInit) throw initContextError('Using check() in the init context is not supported');
    let all = true;
    for (const [name, checker] of Object.entries(sets ?? {})) {
      if (name.includes('::')) throw new Error("group and check names may not contain '::'");
      const ok = typeof checker === 'function' ? !!(checker as (v: VT) => unknown)(val) : !!checker;
      const t = { ...ctx.baseTags(), ...stringifyTags(tags) };
      ctx.setSystemTag(t, 'check', name);
      ctx.emit('checks', ok ? 1 : 0, t);
      if (!ok) all = false;
    }
    return all;
  }

  /** k6 allows sleep() in the init context too; it just blocks. */
  function sleep(seconds: number): void {
    blockingSleep(ctx, Math.max(0, Number(seconds) || 0) * 1000);
  }

  return { check, sleep };
}
