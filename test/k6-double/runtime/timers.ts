// k6 test double: k6/timers as the suite uses it: setTimeout() and clearTimeout(). Timers keep the
// VU's event loop alive and their callbacks run on it.
import { clearTimeout as nodeClearTimeout, setTimeout as nodeSetTimeout } from 'node:timers';
import type { EventLoop } from './event-loop.ts';
import type { VuContext } from './vu-context.ts';

type TimerCallback = (...a: unknown[]) => void;

export function createTimers({ st }: VuContext, loop: EventLoop) {
  function setTimeout(cb: TimerCallback, delay?: number, ...args: unknown[]): number {
    if (typeof cb !== 'function') throw new TypeError("setTimeout's callback isn't a callable function");
    const id = ++st.timerSeq;
    const handle = nodeSetTimeout(
      () => {
        st.timers.delete(id);
        loop.runCallback(() => cb(...args));
      },
      Math.max(0, Number(delay) || 0),
    );
    st.timers.set(id, handle);
    return id;
  }
  function clearTimeout(id: number): void {
    const handle = st.timers.get(id);
    if (handle === undefined) return;
    nodeClearTimeout(handle);
    st.timers.delete(id);
    loop.maybeFinishLoop();
  }
  return { setTimeout, clearTimeout };
}
