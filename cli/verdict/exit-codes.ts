// Exit codes of `npm run load`, documented in the README. When several apply: 130, then 3, then 99,
// 4, 5, 7 (a broken run says so before any gate does); which gate kind maps to which code, and in what
// order, is declared in gate-kinds.ts.
export const EXIT = {
  /** Every gate passed. */
  ok: 0,
  /** Bad flags, an invalid env file, a refused plan, a missing secret or no usable k6. */
  invalidConfig: 2,
  /** k6 crashed or the script threw (107), or the target could not be reached. */
  runFailed: 3,
  /** A k6 threshold failed (as k6 itself exits). */
  thresholdsFailed: 99,
  /** An HPA expectation failed: no scale-up in time, too few ready replicas, no scale-down. */
  hpaFailed: 4,
  /** A regression against the baseline beyond the env file's tolerance. */
  baselineRegressed: 5,
  /** The scaling-readiness preflight found a failing must-have; no load was sent. */
  preflightFailed: 6,
  /** A cluster gate failed: a container OOMKilled or restarted, the Celery queue did not drain, DB connections or Redis memory too high. */
  clusterFailed: 7,
  /** Interrupted (Ctrl-C / SIGTERM); reports were still written. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
