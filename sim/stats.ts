/**
 * The simulator's own health, for `/__sim/stats`: event-loop lag (so a run can tell the simulator
 * saturated rather than Aurora's model), requests served, per-pod load, Celery backlog, replicas.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LagSnapshot {
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Event-loop delay over the last complete window (default 5 s real) and the window in progress. */
export class LagMonitor {
  // The histogram records the time between its timer's ticks, so the resolution itself is
  // subtracted: an idle loop reads ~0 ms of lag.
  private static readonly RESOLUTION_MS = 10;
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: LagMonitor.RESOLUTION_MS });
  private last: LagSnapshot = { meanMs: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs = 5000) {
    this.h.enable();
    this.timer = setInterval(() => {
      this.last = this.snapshot();
      this.h.reset();
    }, windowMs);
    this.timer.unref();
  }

  /** The worse of the last full window and the current one, so a fresh spike shows at once. */
  read(): LagSnapshot {
    const now = this.snapshot();
    const worse = now.p99Ms >= this.last.p99Ms ? now : this.last;
    return { ...worse, maxMs: Math.max(now.maxMs, this.last.maxMs) };
  }

  stop(): void {
    clearInterval(this.timer);
    this.h.disable();
  }

  private snapshot(): LagSnapshot {
    const ms = (ns: number): number =>
      Number.isFinite(ns) ? Math.max(0, Math.round(ns / 1e4) / 100 - LagMonitor.RESOLUTION_MS) : 0;
    return {
      meanMs: ms(this.h.mean),
      p50Ms: ms(this.h.percentile(50)),
      p99Ms: ms(this.h.percentile(99)),
      maxMs: ms(this.h.max),
    };
  }
}
