// k6 test double: k6/timers (also installed as globals). Timers keep the VU's event loop alive and
// their callbacks run on it.
import {
  clearInterval as nodeClearInterval,
  clearTimeout as nodeClearTimeout,
  setInterval as nodeSetInterval,
  setTimeout as nodeSetTimeout,
} from 'node:timers';
import type { EventLoop } from './event-loop.ts';
import type { VuContext } from './vu-context.ts';

type TimerCallback = (...a: unknown[]) => void;

export type K6Timers = ReturnType<typeof createTimers>;

export function createTimers({ st }: VuContext, loop: EventLoop) {
  function setTimeout(cb: TimerCallback, delay?: number, ...args: unknown[]): number {
    if (typeof cb !== 'function') throw new TypeError('setTimeout\'s callback isn\'t a callable function');
    const id = ++st.timerSeq;
    const handle = nodeSetTimeout(() => {
      st.timers.delete(id);
      loop.runCallback(() => cb(...args));
    }, Math.max(0, Number(delay) || 0));
    st.timers.set(id, { handle, interval: false });
    return id;
  }
  /** Clears a timeout or an interval: the ids share one table, as in k6's event loop. */
  function clearTimer(id: number): void {
    const t = st.timers.get(id);
    if (!t) return;
    (t.interval ? nodeClearInterval : nodeClearTimeout)(t.handle);
    st.timers.delete(id);
    loop.maybeFinishLoop();
  }
  function setInterval(cb: TimerCallback, delay?: number, ...args: unknown[]): number {
    if (typeof cb !== 'function') throw new TypeError('setInterval\'s callback isn\'t a callable function');
    const id = ++st.timerSeq;
    const handle = nodeSetInterval(() => loop.runCallback(() => cb(...args)), Math.max(1, Number(delay) || 0));
    st.timers.set(id, { handle, interval: true });
    return id;
  }
  return { setTimeout, clearTimeout: clearTimer, setInterval, clearInterval: clearTimer };
}
