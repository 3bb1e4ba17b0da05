// Simulated time for aurora-sim.
//
// One factor, `timeScale`, compresses every simulated *period* (HPA sync, stabilization windows,
// policy periods, pod start-up delay, RCA durations): with timeScale 20 a 15 s HPA sync fires every
// 750 real ms. Work itself is never scaled: request latency and CPU use stay in real time, because
// they are what the load generator measures.
//
// Two clocks share one interface:
//   - createClock(timeScale): real timers underneath, for the running simulator and end-to-end tests;
//   - createManualClock(timeScale): time moves only when a test calls advance(), for exact,
//     instant specifications of time-driven behaviour (HPA windows of 5 simulated minutes run in 0 ms).
import { performance } from 'node:perf_hooks';

export interface SimClock {
  /** e.g. 20 => simulated periods run 20x faster in real time. */
  readonly timeScale: number;
  /** Simulated ms since the clock was created. */
  now(): number;
  /** A simulated duration, in real ms. */
  toReal(simMs: number): number;
  /** Runs fn once after simMs simulated ms; returns a function that cancels it. */
  setTimeout(fn: () => void, simMs: number): () => void;
  /** Runs fn every simMs simulated ms; returns a function that cancels it. */
  setInterval(fn: () => void, simMs: number): () => void;
}

export interface ClockOptions {
  /**
   * Unref the real timers so that simulated periods never keep the process alive on their own
   * (the simulator's servers do). Default true. Tests that wait on the clock alone pass false
   * and cancel their timers (Cluster.stop() does).
   */
  unref?: boolean;
}

function checkTimeScale(timeScale: number): void {
  if (!Number.isFinite(timeScale) || timeScale <= 0) {
    throw new RangeError(`timeScale must be a finite number > 0, got ${timeScale}`);
  }
}

function checkDuration(simMs: number, what: string): void {
  if (!Number.isFinite(simMs) || simMs < 0) {
    throw new RangeError(`${what} must be a finite number of simulated ms >= 0, got ${simMs}`);
  }
}

export function createClock(timeScale: number, options: ClockOptions = {}): SimClock {
  checkTimeScale(timeScale);
  const unref = options.unref ?? true;
  const startedAt = performance.now();
  const toReal = (simMs: number): number => simMs / timeScale;
  return {
    timeScale,
    now: () => (performance.now() - startedAt) * timeScale,
    toReal,
    setTimeout(fn, simMs) {
      checkDuration(simMs, 'setTimeout delay');
      const timer = setTimeout(fn, toReal(simMs));
      if (unref) timer.unref();
      return () => clearTimeout(timer);
    },
    setInterval(fn, simMs) {
      checkDuration(simMs, 'setInterval period');
      // Node clamps intervals below 1 ms to 1 ms; a 0 period would spin.
      const timer = setInterval(fn, Math.max(1, toReal(simMs)));
      if (unref) timer.unref();
      return () => clearInterval(timer);
    },
  };
}

export interface ManualClock extends SimClock {
  /** Moves simulated time forward, firing due timers in order (timers they schedule included). */
  advance(simMs: number): void;
  /** Timers still scheduled. */
  pending(): number;
}

interface ManualTimer {
  id: number;
  due: number;
  fn: () => void;
  every?: number;
}

/** A clock that only moves when advance() is called. No real timers at all. */
export function createManualClock(timeScale = 1): ManualClock {
  checkTimeScale(timeScale);
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, ManualTimer>();
  const schedule = (fn: () => void, simMs: number, every?: number): (() => void) => {
    const id = nextId++;
    timers.set(id, { id, due: now + simMs, fn, every });
    return () => void timers.delete(id);
  };
  const nextDue = (limit: number): ManualTimer | undefined => {
    let next: ManualTimer | undefined;
    for (const t of timers.values()) {
      if (t.due <= limit && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
    }
    return next;
  };
  return {
    timeScale,
    now: () => now,
    toReal: (simMs) => simMs / timeScale,
    setTimeout(fn, simMs) {
      checkDuration(simMs, 'setTimeout delay');
      return schedule(fn, simMs);
    },
    setInterval(fn, simMs) {
      checkDuration(simMs, 'setInterval period');
      if (simMs === 0) throw new RangeError('setInterval period must be > 0 on a manual clock');
      return schedule(fn, simMs, simMs);
    },
    advance(simMs) {
      checkDuration(simMs, 'advance');
      const target = now + simMs;
      // Bounded: a runaway timer chain (an interval scheduling intervals) stops the test loudly.
      for (let fired = 0; ; fired++) {
        if (fired > 1_000_000) throw new Error('manual clock: more than 1e6 timers fired in one advance()');
        const timer = nextDue(target);
        if (!timer) break;
        now = timer.due;
        if (timer.every !== undefined) timer.due += timer.every;
        else timers.delete(timer.id);
        timer.fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
