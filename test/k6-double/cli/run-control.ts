// k6 test double: the run's execution state as k6's REST API reports it (lib.ExecutionStatus), the
// paused start (`--paused`: VUs initialised, nothing runs until resumed) and a stop from outside.
// Pure state; the REST API (rest-api.ts) and cli.ts drive it.

/** k6's lib.ExecutionStatus values, in k6's order. */
export const EXECUTION_STATUS = {
  Created: 0,
  InitVUs: 1,
  InitExecutors: 2,
  InitDone: 3,
  PausedBeforeRun: 4,
  Started: 5,
  Setup: 6,
  Running: 7,
  Teardown: 8,
  Ended: 9,
  Interrupted: 10,
} as const;

export type ExecutionStatus = (typeof EXECUTION_STATUS)[keyof typeof EXECUTION_STATUS];

/** What a pause/resume request may answer: nothing (done), or k6's "Pause error" detail. */
export type PauseOutcome = { ok: true } | { ok: false; detail: string };

export class RunControl {
  status: ExecutionStatus = EXECUTION_STATUS.Created;
  /** True from a stop request (REST or signal) on, as k6's run context once cancelled. */
  stopped = false;
  private paused: boolean;
  private resumeGate: Promise<void>;
  private openGate: () => void = () => {};
  private readonly onStop: () => void;

  constructor(opts: { paused: boolean; onStop: () => void }) {
    this.paused = opts.paused;
    this.onStop = opts.onStop;
    this.resumeGate = opts.paused ? new Promise<void>((resolve) => (this.openGate = resolve)) : Promise.resolve();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Started and not ended: the "running" attribute. */
  get running(): boolean {
    return this.status >= EXECUTION_STATUS.Started && this.status < EXECUTION_STATUS.Ended;
  }

  /** Resolves when the run may start: at once unless paused; on resume or on a stop otherwise. */
  async waitUntilResumed(): Promise<void> {
    if (this.paused) this.status = EXECUTION_STATUS.PausedBeforeRun;
    await this.resumeGate;
  }

  /** PATCH paused=<pause>: only a paused run that has not started can be resumed, as in k6. */
  setPaused(pause: boolean, executor: { type: string; name: string }): PauseOutcome {
    if (this.paused && this.status < EXECUTION_STATUS.Started) {
      if (pause) return { ok: false, detail: 'execution is already paused' };
      this.paused = false;
      this.openGate();
      return { ok: true };
    }
    return {
      ok: false,
      detail: `${executor.type} executor '${executor.name}' doesn't support pause and resume operations after its start`,
    };
  }

  /** PATCH stopped=true, or a signal: the run ends (a paused run ends without starting). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop();
    this.openGate();
  }
}
