// What a plan will do over time, in wall-clock seconds of the target: the load stages with their
// offsets, the peak arrival rate and VU pool, and the total duration. Computed from the scenarios'
// exported k6 options (shape-from-options.ts) and used by safety checks, --dry-run and the run bound.

export interface ShapeStage {
  /** Load stage index (the `stage` tag samples carry). */
  index: number;
  /** Offset from the start of the run, seconds. */
  startSeconds: number;
  durationSeconds: number;
  /** Total target arrival rate of all arrival-rate scenarios at the end of this stage (iterations/s). */
  targetRate: number;
}

export interface ShapeScenario {
  name: string;
  executor: string;
  exec?: string;
  startSeconds: number;
  /** Length of the scenario's own schedule, without gracefulStop. */
  durationSeconds: number;
  gracefulStopSeconds: number;
  /** Highest arrival rate this scenario asks for (iterations/s); 0 for VU-based executors. */
  peakRate: number;
  maxVUs: number;
  /**
   * Iterations the schedule starts: the integral of the arrival rate, or vus x iterations; undefined
   * for VU-based executors, whose iteration count depends on the target's speed.
   */
  iterations?: number;
  /** ramping-arrival-rate: the rate it starts from (iterations/s). */
  startRate?: number;
  /** ramping-* executors: their stages with absolute offsets. */
  stages?: { startSeconds: number; durationSeconds: number; target: number }[];
}

export interface LoadShape {
  scenarios: ShapeScenario[];
  stages: ShapeStage[];
  /** Sum of the scenarios' peak arrival rates (an upper bound: peaks may not coincide). */
  peakArrivalRate: number;
  /** Sum of the scenarios' VU pools (maxVUs, or vus). */
  maxVUs: number;
  /** When the last scenario's schedule ends, seconds. */
  durationSeconds: number;
  /** The longest gracefulStop of any scenario, seconds. */
  gracefulStopSeconds: number;
  /** The k6 thresholds the bundle will apply, after env overrides. */
  thresholds: Record<string, string[]>;
}
