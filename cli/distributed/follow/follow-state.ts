// Following a TestRun, pure: each observation (the TestRun's status.stage, its runner pods, their
// events) moves the state on and yields one progress line per stage change and per runner state
// change; the runners' start is bounded, and a timeout names each runner's reason (image pull
// errors, unschedulable pods). The shell (follow.ts) reads the API and prints.
import {
  describeRunner,
  isRunnerPod,
  runnerState,
  type PodEvent,
  type PodLike,
  type RunnerState,
} from './runner-pods.ts';

export const STAGES = ['initialization', 'initialized', 'created', 'started', 'stopped', 'finished', 'error'] as const;
export type Stage = (typeof STAGES)[number];

export interface FollowState {
  testRun: string;
  runners: number;
  stage?: string;
  /** The TestRun's last condition message, for an `error` stage. */
  detail?: string;
  pods: Map<number, RunnerState>;
  /** Lines said so far keyed by what they say, so a state is said once. */
  said: Map<string, string>;
  startedAtMs: number;
  /** When every runner was running, or the stage reached started. */
  runningAtMs?: number;
  /** When the stage reached started: the starter resumed the runners together (the load's start). */
  resumedAtMs?: number;
}

export interface Observation {
  stage?: string;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  pods: readonly PodLike[];
  events?: readonly PodEvent[];
}

export function newFollowState(testRun: string, runners: number, startedAtMs: number): FollowState {
  return { testRun, runners, pods: new Map(), said: new Map(), startedAtMs };
}

const STARTED: readonly string[] = ['started', 'stopped', 'finished'];

/** Applies one observation; returns the progress lines it yields (possibly none). */
export function observe(state: FollowState, o: Observation, nowMs: number): string[] {
  const lines: string[] = [];
  const at = `+${Math.round((nowMs - state.startedAtMs) / 1000)}s`;
  if (o.stage && o.stage !== state.stage) {
    state.stage = o.stage;
    const cond = [...(o.conditions ?? [])].reverse().find((c) => c.message);
    if (o.stage === 'error' && cond) state.detail = `${cond.reason ?? ''}${cond.reason ? ': ' : ''}${cond.message}`;
    lines.push(
      `[operator ${at}] TestRun ${state.testRun}: ${o.stage}${o.stage === 'error' && state.detail ? ` (${state.detail})` : ''}`,
    );
  }
  for (const pod of o.pods) {
    if (!isRunnerPod(state.testRun, pod)) continue;
    const r = runnerState(state.testRun, pod, o.events);
    if (!r.index) continue;
    state.pods.set(r.index, r);
    const text = describeRunner(r);
    const key = `runner ${r.index}`;
    if (state.said.get(key) !== text) {
      state.said.set(key, text);
      lines.push(`[operator ${at}] runner ${r.index}/${state.runners} (${r.pod}): ${text}`);
    }
  }
  const allRunning =
    state.pods.size >= state.runners &&
    [...state.pods.values()].every((p) => p.phase === 'running' || p.phase === 'exited');
  if (state.resumedAtMs === undefined && STARTED.includes(state.stage ?? '')) state.resumedAtMs = nowMs;
  if (state.runningAtMs === undefined && (allRunning || STARTED.includes(state.stage ?? ''))) state.runningAtMs = nowMs;
  return lines;
}

/** The TestRun is over: finished or error, or every runner pod has exited. */
export function isOver(state: FollowState): boolean {
  if (state.stage === 'finished' || state.stage === 'error') return true;
  return state.pods.size >= state.runners && [...state.pods.values()].every((p) => p.phase === 'exited');
}

/** Set when the runners have not all started within the bound: the message naming each one's reason. */
export function startTimeout(state: FollowState, nowMs: number, timeoutMs: number): string | undefined {
  if (state.runningAtMs !== undefined || nowMs - state.startedAtMs < timeoutMs) return undefined;
  const seconds = Math.round(timeoutMs / 1000);
  const lines = [
    `the runners did not start within ${seconds} s (TestRun ${state.testRun}, stage ${state.stage ?? 'none yet'})`,
  ];
  for (let i = 1; i <= state.runners; i++) {
    const r = state.pods.get(i);
    lines.push(
      `  runner ${i}: ${r ? `${r.pod}: ${describeRunner(r)}` : 'no pod yet (is the k6-operator installed and running?)'}`,
    );
  }
  const reasons = new Set([...state.pods.values()].map((r) => r.phase));
  if (reasons.has('image-pull-error'))
    lines.push(
      '  hint: check distributed.runner.image exists and the nodes can pull it (imagePullSecrets, registry access)',
    );
  if (reasons.has('unschedulable'))
    lines.push(
      '  hint: lower distributed.runner.resources, fix nodeSelector/tolerations, or add nodes (separate: true needs one node per runner)',
    );
  return lines.join('\n');
}

/** The runners at the end: one per index 1..N, a runner that never had a pod as such. */
export function finalRunners(state: FollowState): RunnerState[] {
  const out: RunnerState[] = [];
  for (let i = 1; i <= state.runners; i++)
    out.push(state.pods.get(i) ?? { index: i, pod: `${state.testRun}-${i}`, phase: 'pending', reason: 'no pod' });
  return out;
}
