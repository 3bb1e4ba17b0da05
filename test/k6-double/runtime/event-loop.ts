// k6 test double: the VU's event loop. An exported function runs until it, its promises, its
// timers and its WebSockets are all done; an exception in a callback ends the iteration, as in k6.
import { clearTimeout as nodeClearTimeout, setImmediate as nodeSetImmediate } from 'node:timers';
import { toScriptError } from './errors.ts';
import type { VuContext } from './vu-context.ts';
import type { LoopRun } from './vu-state.ts';

export interface EventLoop {
  /** Runs fn and waits for everything it started; resolves with its (awaited) value or the error. */
  runOnEventLoop(fn: () => unknown): Promise<{ error?: unknown; value?: unknown }>;
  /** Runs a callback on the loop: an exception ends the iteration. */
  runCallback(fn: () => void): void;
  /** Ends the current run once nothing is pending any more. */
  maybeFinishLoop(): void;
}

export function createEventLoop(ctx: VuContext): EventLoop {
  const { st } = ctx;

  function pendingCount(): number {
    return st.timers.size + st.sockets.size + (st.loop?.pendingPromises ?? 0);
  }
  function maybeFinishLoop(): void {
    const loop = st.loop;
    if (!loop || loop.done) return;
    nodeSetImmediate(() => {
      if (st.loop === loop && !loop.done && pendingCount() === 0) loop.finish({});
    });
  }
  function failLoop(err: unknown): void {
    const loop = st.loop;
    if (!loop || loop.done) {
      // an error outside any iteration (should not happen): log it
      ctx.log('error', toScriptError(err).stack, { source: 'stacktrace' });
      return;
    }
    loop.finish({ error: err });
  }
  function runCallback(fn: () => void): void {
    if (!st.loop || st.loop.done) return;
    try {
      fn();
    } catch (e) {
      failLoop(e);
      return;
    }
    maybeFinishLoop();
  }
  function cleanupLoopResources(): void {
    for (const handle of st.timers.values()) nodeClearTimeout(handle);
    st.timers.clear();
    for (const ws of st.sockets.values()) ws.__forceClose();
    st.sockets.clear();
  }

  process.on('unhandledRejection', (reason) => failLoop(reason));

  function runOnEventLoop(fn: () => unknown): Promise<{ error?: unknown; value?: unknown }> {
    return new Promise((resolve) => {
      const loop: LoopRun = {
        done: false,
        pendingPromises: 0,
        value: undefined,
        finish(outcome) {
          if (loop.done) return;
          loop.done = true;
          cleanupLoopResources();
          st.loop = null;
          resolve({ ...outcome, value: loop.value });
        },
      };
      st.loop = loop;
      let v: unknown;
      try {
        v = fn();
      } catch (e) {
        loop.finish({ error: e });
        return;
      }
      if (v && typeof (v as Promise<unknown>).then === 'function') {
        loop.pendingPromises++;
        (v as Promise<unknown>).then(
          (val) => {
            loop.pendingPromises--;
            loop.value = val;
            maybeFinishLoop();
          },
          (err) => {
            loop.pendingPromises--;
            if (!loop.done) loop.finish({ error: err });
          },
        );
      } else {
        loop.value = v;
      }
      maybeFinishLoop();
    });
  }

  return { runOnEventLoop, runCallback, maybeFinishLoop };
}
