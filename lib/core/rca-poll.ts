// RCA follow-up timing, pure: back-off between polls and what an auroraStatus means (docs/aurora-contract.md §3).

export interface PollTiming {
  /** Seconds, Aurora clock (divided by timeScale for the simulator). */
  initialSeconds: number;
  maxSeconds: number;
  maxWaitSeconds: number;
  timeScale: number;
  /** Growth of the interval per poll. */
  factor?: number;
}

/** Real seconds to wait before poll number `attempt` (0-based), never past the deadline. */
export function pollDelaySeconds(t: PollTiming, attempt: number, remainingSeconds: number): number {
  const raw = Math.min(t.maxSeconds, t.initialSeconds * (t.factor ?? 1.5) ** attempt) / t.timeScale;
  return Math.max(0, Math.min(raw, remainingSeconds));
}

/** The real seconds an RCA may take before it counts as a timeout. */
export function maxWaitRealSeconds(t: Pick<PollTiming, 'maxWaitSeconds' | 'timeScale'>): number {
  return t.maxWaitSeconds / t.timeScale;
}

export type RcaPhase = 'waiting' | 'running' | 'complete' | 'error';

/** idle/null/queued: still waiting for a worker; running/summarizing: a worker has it. */
export function rcaPhase(auroraStatus: unknown): RcaPhase {
  switch (auroraStatus) {
    case 'complete':
      return 'complete';
    case 'error':
      return 'error';
    case 'running':
    case 'summarizing':
      return 'running';
    default:
      return 'waiting';
  }
}

/** Aurora-clock seconds a smoke waits for a worker to pick an RCA up (a smoke asks "is it up", not "how long"). */
export const SMOKE_RCA_WAIT_SECONDS = 120;

export interface RcaFollow {
  /** `running`: stop following once a worker has the RCA (smoke); `complete`: follow it to its end. */
  until: 'running' | 'complete';
  /** Aurora-clock seconds before the RCA counts as a timeout. */
  maxWaitSeconds: number;
}

/**
 * How far a profile follows an RCA. A smoke proves the pipeline (accepted, picked up by a worker)
 * within SMOKE_RCA_WAIT_SECONDS, so it ends in a minute or two however slow a complete RCA is; every
 * other profile follows each RCA to complete or error, for up to rca.maxWaitSeconds.
 */
export function rcaFollow(profile: string, maxWaitSeconds: number): RcaFollow {
  return profile === 'smoke'
    ? { until: 'running', maxWaitSeconds: Math.min(maxWaitSeconds, SMOKE_RCA_WAIT_SECONDS) }
    : { until: 'complete', maxWaitSeconds };
}
