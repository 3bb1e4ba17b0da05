// The wind-down, said out loud. When the load stages end, k6 still waits for the iterations in
// flight: an RCA is followed until it completes, fails or rca.maxWaitSeconds (target clock) pass, so
// a slow target can add up to that much to the run. The plan line says so before the load starts,
// with the run's maximum wall time; during the wind-down a status line says what k6 waits for (RCAs
// in flight, how old the oldest is at least) and by when it stops waiting. Pure: fed with k6's
// samples and a clock by the shell in execute.ts.
import type { LoadShape, RunPlan } from '../../plan/index.ts';

/** Status lines during the wind-down: at most one per this many ms (CI logs included). */
export const WIND_DOWN_EVERY_MS = 15_000;

export const clock = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** The line printed before the load: schedule, how long the wind-down may last and why, the bound. */
export function windDownPlanLine(
  shape: Pick<LoadShape, 'durationSeconds' | 'gracefulStopSeconds' | 'scenarios'>,
  plan: Pick<RunPlan, 'runConfig'>,
  killAfterMs: number,
): string {
  const rca = shape.scenarios.find((s) => s.exec === 'rca' || s.name === 'rca');
  const { maxWaitSeconds } = plan.runConfig.rca;
  const timeScale = plan.runConfig.timeScale;
  const why = rca
    ? `RCAs in flight are followed up to rca.maxWaitSeconds ${maxWaitSeconds}s of the target's clock` +
      `${timeScale !== 1 ? ` (${clock(maxWaitSeconds / timeScale)} here)` : ''}`
    : 'iterations in flight finish';
  const iterations = shape.scenarios.every((s) => /iterations$/.test(s.executor));
  const load = iterations
    ? `a few iterations per scenario, each scenario cut after ${clock(shape.durationSeconds)} at most`
    : `load for ${clock(shape.durationSeconds)}`;
  return (
    `plan: ${load}, then up to ${clock(shape.gracefulStopSeconds)} of wind-down while ${why}; ` +
    `k6 is stopped after ${clock(killAfterMs / 1000)} at the latest (setup included)`
  );
}

/** What the shell feeds in: one sample of k6's NDJSON, reduced to what the wind-down needs. */
export interface WindDownSample {
  metric: string;
  /** Sample time, ms since the epoch. */
  timeMs: number;
  /** Carries the `stage` tag: an iteration of the load, not setup. */
  inLoad: boolean;
}

/** Tracks RCAs submitted and ended, and the load's start, from k6's samples. */
export class WindDown {
  private readonly accepted: number[] = [];
  private ended = 0;
  private loadStartMs: number | null = null;
  private lastSaidMs = Number.NEGATIVE_INFINITY;
  private lastSaidInFlight = -1;

  constructor(
    /** The load schedule, seconds. */
    private readonly loadSeconds: number,
    /** How long k6 may wait after the load (the longest gracefulStop), seconds. */
    private readonly graceSeconds: number,
    /** Whether the run includes RCAs (their count in flight is what the wind-down waits for). */
    private readonly withRca: boolean,
    private readonly everyMs = WIND_DOWN_EVERY_MS,
  ) {}

  /** The load's first iteration has not been seen yet (samples with a `stage` tag are wanted). */
  get wantsLoadStart(): boolean {
    return this.loadStartMs === null;
  }

  add(s: WindDownSample): void {
    if (this.loadStartMs === null && s.inLoad) this.loadStartMs = s.timeMs;
    if (s.metric === 'aurora_rca_accept_latency') this.accepted.push(s.timeMs);
    else if (s.metric === 'aurora_rca_failed') this.ended += 1;
  }

  get inFlight(): number {
    return Math.max(0, this.accepted.length - this.ended);
  }

  /** The status line due at `nowMs`, or null (the load still runs, or a line was said recently). */
  status(nowMs: number): string | null {
    if (this.loadStartMs === null) return null;
    const loadEndMs = this.loadStartMs + this.loadSeconds * 1000;
    if (nowMs < loadEndMs) return null;
    const n = this.withRca ? this.inFlight : 0;
    if (n === 0 && this.lastSaidInFlight === 0) return null; // said once is enough
    if (nowMs - this.lastSaidMs < this.everyMs) return null;
    this.lastSaidMs = nowMs;
    this.lastSaidInFlight = n;
    const after = `wind-down (${clock((nowMs - loadEndMs) / 1000)} after the load)`;
    const stopsIn = clock((loadEndMs + this.graceSeconds * 1000 - nowMs) / 1000);
    if (n === 0)
      return `${after}: ${this.withRca ? 'no RCA in flight; ' : ''}k6 ends once the last iterations finish, in ${stopsIn} at most`;
    // Which RCAs ended is not in the samples; the oldest in flight is at least as old as the n-th newest.
    const oldest = this.accepted.slice().sort((a, b) => a - b)[this.accepted.length - n];
    return (
      `${after}: waiting for ${n} RCA${n === 1 ? '' : 's'} in flight, the oldest submitted ` +
      `${clock((nowMs - oldest) / 1000)} ago or more; k6 stops waiting in ${stopsIn} at most`
    );
  }
}

/** Reads one NDJSON line of `k6 run --out json` into a sample, or null (not a Point the wind-down needs). */
export function windDownSample(line: string, wantsLoadStart: boolean): WindDownSample | null {
  const rca = line.includes('"aurora_rca_accept_latency"') || line.includes('"aurora_rca_failed"');
  if (!rca && !(wantsLoadStart && line.includes('"stage":'))) return null;
  if (!line.includes('"Point"')) return null;
  try {
    const v = JSON.parse(line) as {
      metric?: string;
      type?: string;
      data?: { time?: string; tags?: Record<string, string> };
    };
    if (v.type !== 'Point' || !v.metric || !v.data?.time) return null;
    return { metric: v.metric, timeMs: Date.parse(v.data.time), inLoad: v.data.tags?.stage !== undefined };
  } catch {
    return null;
  }
}
