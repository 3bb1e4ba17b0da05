// k6 test double: k6's globals: __ENV, __VU, __ITER, open() (init context only), console (to the
// VU's log) and the k6/timers functions.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { formatArg, toArrayBuffer } from './convert.ts';
import { initContextError } from './errors.ts';
import type { K6Timers } from './timers.ts';
import type { VuContext } from './vu-context.ts';

export function installGlobals(ctx: VuContext, timers: K6Timers): void {
  const { st, init } = ctx;

  function open(filePath: string, mode?: string): string | ArrayBuffer {
    if (!st.inInit) {
      throw initContextError('The "open()" function is only available in the init stage (i.e. the global scope), see https://k6.io/docs/using-k6/test-life-cycle for more information');
    }
    const p = filePath.startsWith('file://') ? new URL(filePath).pathname : filePath;
    const full = isAbsolute(p) ? p : resolvePath(init.scriptDir, p);
    const buf = readFileSync(full);
    return mode === 'b' ? toArrayBuffer(buf) : buf.toString('utf8');
  }

  const line = (a: unknown[]) => a.map(formatArg).join(' ');
  const k6console = {
    log: (...a: unknown[]) => ctx.log('info', line(a), { source: 'console' }),
    info: (...a: unknown[]) => ctx.log('info', line(a), { source: 'console' }),
    debug: (...a: unknown[]) => ctx.log('debug', line(a), { source: 'console' }),
    warn: (...a: unknown[]) => ctx.log('warning', line(a), { source: 'console' }),
    error: (...a: unknown[]) => ctx.log('error', line(a), { source: 'console' }),
  };

  const g = globalThis as unknown as Record<string, unknown>;
  g.__ENV = Object.freeze({ ...init.env });
  g.__VU = init.vuId;
  g.__ITER = 0;
  g.open = open;
  g.console = k6console;
  g.setTimeout = timers.setTimeout;
  g.clearTimeout = timers.clearTimeout;
  g.setInterval = timers.setInterval;
  g.clearInterval = timers.clearInterval;
  g.global = globalThis;
}
