// Follows a submitted TestRun until it is over (finished, error, every runner exited), is
// interrupted, or its runners do not start in time: polls status.stage, the runner pods and, while a
// runner is not running, its events, every second through the OperatorClient; prints one line per
// stage change and per runner state change (follow-state.ts). A failing read is said once and retried.
import { finalRunners, isOver, newFollowState, observe, startTimeout } from './follow-state.ts';
import type { OperatorClient } from '../submit/kube-objects.ts';
import type { RunnerState } from './runner-pods.ts';

export interface FollowOptions {
  client: Pick<OperatorClient, 'status' | 'runnerPods' | 'podEvents'>;
  testRun: string;
  runners: number;
  startTimeoutMs: number;
  /** The run bound: past it the run stops as timed out. */
  killAfterMs: number;
  say: (line: string) => void;
  /** Set by Ctrl-C: the follower stops at its next poll. */
  interrupted: () => boolean;
  pollMs?: number;
}

export interface Followed {
  runners: RunnerState[];
  stage?: string;
  /** Why it ended early: the runners never started (with each one's reason), or the TestRun failed. */
  problem?: string;
  timedOut: boolean;
  interrupted: boolean;
  /** When the runners were resumed together (stage started), else when they all ran (ms since the epoch). */
  loadStartMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function followTestRun(o: FollowOptions): Promise<Followed> {
  const started = Date.now();
  const state = newFollowState(o.testRun, o.runners, started);
  let lastError = '';
  const done = (extra: Partial<Followed>): Followed => ({
    runners: finalRunners(state),
    stage: state.stage,
    timedOut: false,
    interrupted: false,
    ...((state.resumedAtMs ?? state.runningAtMs) ? { loadStartMs: state.resumedAtMs ?? state.runningAtMs } : {}),
    ...extra,
  });
  for (;;) {
    if (o.interrupted()) return done({ interrupted: true });
    try {
      const [status, pods] = await Promise.all([o.client.status(), o.client.runnerPods()]);
      const waiting = pods
        .filter(
          (p) =>
            !p.status?.containerStatuses?.[0]?.state?.running && !p.status?.containerStatuses?.[0]?.state?.terminated,
        )
        .map((p) => p.metadata?.name ?? '');
      const events = waiting.length ? await o.client.podEvents(waiting).catch(() => []) : [];
      for (const line of observe(
        state,
        { stage: status?.stage, conditions: status?.conditions, pods, events },
        Date.now(),
      ))
        o.say(line);
      lastError = '';
    } catch (err) {
      const text = (err as Error).message;
      if (text !== lastError) o.say(`[operator] reading TestRun ${o.testRun} failed: ${text} (retrying)`);
      lastError = text;
    }
    if (isOver(state))
      return done(
        state.stage === 'error'
          ? { problem: `TestRun ${o.testRun} ended in stage error${state.detail ? `: ${state.detail}` : ''}` }
          : {},
      );
    const late = startTimeout(state, Date.now(), o.startTimeoutMs);
    if (late) return done({ problem: late });
    if (Date.now() - started > o.killAfterMs) return done({ timedOut: true });
    await sleep(o.pollMs ?? 1000);
  }
}
