// k6 test double: the k6 globals the suite uses: __ENV (the run's environment, frozen) and console
// (to the VU's log, as k6's logfmt lines).
import { formatArg } from './convert.ts';
import type { VuContext } from './vu-context.ts';

export function installGlobals(ctx: VuContext): void {
  const line = (a: unknown[]) => a.map(formatArg).join(' ');
  const g = globalThis as unknown as Record<string, unknown>;
  g.__ENV = Object.freeze({ ...ctx.init.env });
  g.console = {
    log: (...a: unknown[]) => ctx.log('info', line(a), { source: 'console' }),
    info: (...a: unknown[]) => ctx.log('info', line(a), { source: 'console' }),
    debug: (...a: unknown[]) => ctx.log('debug', line(a), { source: 'console' }),
    warn: (...a: unknown[]) => ctx.log('warning', line(a), { source: 'console' }),
    error: (...a: unknown[]) => ctx.log('error', line(a), { source: 'console' }),
  };
}
