// One runner pod of a TestRun, read from its status the way `kubectl describe pod` would say it:
// waiting to be scheduled (and why), pulling its image (or failing to), running, or exited with k6's
// exit code. The operator names runner Jobs `<testrun>-<i>` (1-based) and labels their pods
// `k6_cr=<testrun>`, `runner=true`. Pure.

export interface PodLike {
  metadata?: { name?: string; labels?: Record<string, string> };
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
    containerStatuses?: {
      name?: string;
      ready?: boolean;
      state?: {
        waiting?: { reason?: string; message?: string };
        running?: { startedAt?: unknown };
        terminated?: { exitCode?: number; reason?: string; message?: string };
      };
      lastState?: { terminated?: { exitCode?: number; reason?: string } };
    }[];
  };
}

/** A Kubernetes event about a pod (FailedScheduling, Failed pull, ...). */
export interface PodEvent {
  pod: string;
  reason: string;
  message: string;
}

export type RunnerPhase = 'pending' | 'unschedulable' | 'image-pull-error' | 'starting' | 'running' | 'exited';

export interface RunnerState {
  /** 1-based, as the operator numbers its runner Jobs. */
  index: number;
  pod: string;
  phase: RunnerPhase;
  /** The Kubernetes reason (Unschedulable, ErrImagePull, ImagePullBackOff, OOMKilled, ...). */
  reason?: string;
  message?: string;
  exitCode?: number;
}

export const IMAGE_PULL_ERRORS = ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull'];

/** The runner's index: the job-name label `<testrun>-<i>`, else the pod name `<testrun>-<i>[-suffix]`. */
export function runnerIndex(testRun: string, pod: PodLike): number | undefined {
  const from = (s: string | undefined) => {
    if (!s?.startsWith(`${testRun}-`)) return undefined;
    const m = /^(\d+)(?:-|$)/.exec(s.slice(testRun.length + 1));
    return m ? Number(m[1]) : undefined;
  };
  return from(pod.metadata?.labels?.['job-name']) ?? from(pod.metadata?.name);
}

export function isRunnerPod(testRun: string, pod: PodLike): boolean {
  const l = pod.metadata?.labels ?? {};
  if (l.k6_cr !== undefined && l.k6_cr !== testRun) return false;
  if (l.runner !== undefined) return l.runner === 'true' && runnerIndex(testRun, pod) !== undefined;
  return runnerIndex(testRun, pod) !== undefined;
}

export function runnerState(testRun: string, pod: PodLike, events: readonly PodEvent[] = []): RunnerState {
  const name = pod.metadata?.name ?? '?';
  const base = { index: runnerIndex(testRun, pod) ?? 0, pod: name };
  const s = pod.status ?? {};
  const c = s.containerStatuses?.[0];
  const terminated = c?.state?.terminated;
  if (terminated || s.phase === 'Succeeded' || s.phase === 'Failed') {
    const exitCode = terminated?.exitCode ?? (s.phase === 'Succeeded' ? 0 : undefined);
    return {
      ...base,
      phase: 'exited',
      ...(exitCode === undefined ? {} : { exitCode }),
      ...(terminated?.reason || s.reason ? { reason: terminated?.reason ?? s.reason } : {}),
      ...(terminated?.message || s.message ? { message: terminated?.message ?? s.message } : {}),
    };
  }
  const waiting = c?.state?.waiting;
  if (waiting?.reason && IMAGE_PULL_ERRORS.includes(waiting.reason))
    return { ...base, phase: 'image-pull-error', reason: waiting.reason, message: waiting.message };
  if (c?.state?.running) return { ...base, phase: 'running' };
  const scheduled = s.conditions?.find((x) => x.type === 'PodScheduled');
  if (scheduled?.status === 'False') {
    const ev = [...events].reverse().find((e) => e.pod === name && e.reason === 'FailedScheduling');
    return {
      ...base,
      phase: 'unschedulable',
      reason: scheduled.reason ?? 'Unschedulable',
      message: scheduled.message ?? ev?.message,
    };
  }
  const pullEvent = [...events]
    .reverse()
    .find((e) => e.pod === name && (IMAGE_PULL_ERRORS.includes(e.reason) || e.reason === 'Failed'));
  if (pullEvent) return { ...base, phase: 'image-pull-error', reason: pullEvent.reason, message: pullEvent.message };
  if (waiting?.reason) return { ...base, phase: 'starting', reason: waiting.reason, message: waiting.message };
  return { ...base, phase: s.phase === 'Running' ? 'starting' : 'pending' };
}

/** One runner's state for a progress line: "running", "exited 0", "ImagePullBackOff: Back-off pulling ...". */
export function describeRunner(r: RunnerState): string {
  switch (r.phase) {
    case 'exited':
      return r.exitCode === undefined
        ? `ended without an exit code${r.reason ? ` (${r.reason})` : ''}`
        : `exited ${r.exitCode}${r.exitCode === 99 ? " (its own slice's thresholds; the verdict is over all runners)" : ''}${r.reason && r.reason !== 'Completed' && r.reason !== 'Error' ? ` (${r.reason})` : ''}`;
    case 'running':
      return 'running';
    case 'unschedulable':
    case 'image-pull-error':
      return `${r.reason}${r.message ? `: ${r.message}` : ''}`;
    case 'starting':
      return `starting${r.reason ? ` (${r.reason})` : ''}`;
    default:
      return 'pending';
  }
}
