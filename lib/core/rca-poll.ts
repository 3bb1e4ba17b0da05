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
