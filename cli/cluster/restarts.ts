// Restarts and OOM kills per Deployment during a run, from per-pod observations over time (the
// restart counters and last-terminated reasons of kube-state-metrics, or pod status polls of the
// Kubernetes API). A pod first seen after the run started counts its restarts from 0. Pure.
import { podRegex } from './queries.ts';
import type { DeploymentHealth, SeriesPoint } from './types.ts';

/** A pod seen this long after the run started is new (created during the run). */
const NEW_POD_AFTER_MS = 3000;

export function deploymentOf(pod: string, deployments: readonly string[]): string | undefined {
  return deployments.find((d) => new RegExp(`^${podRegex(d)}$`).test(pod));
}

/** Restart increase of one pod's counter over the run (counter resets are taken as a new container). */
export function restartIncrease(points: readonly SeriesPoint[], runStartMs: number): number {
  if (points.length === 0) return 0;
  const first = points[0] as SeriesPoint;
  let increase = first[0] - runStartMs > NEW_POD_AFTER_MS ? first[1] : 0;
  for (let i = 1; i < points.length; i++) {
    const prev = (points[i - 1] as SeriesPoint)[1];
    const cur = (points[i] as SeriesPoint)[1];
    increase += cur >= prev ? cur - prev : cur;
  }
  return increase;
}

/**
 * restarts: per pod, its restart counter over time; null = unknown. oomReasons: per pod, 1 while its
 * container's last termination was OOMKilled (absent otherwise); null = unknown.
 */
export function deploymentHealth(
  deployments: readonly string[],
  restarts: Map<string, SeriesPoint[]> | null,
  oomReasons: Map<string, SeriesPoint[]> | null,
  runStartMs: number,
): DeploymentHealth[] {
  return deployments.map((deployment) => {
    if (restarts === null)
      return { deployment, restarts: null, oomKilled: oomReasons === null ? null : 0, oomKilledPods: [] };
    let total = 0;
    let oom = 0;
    const oomPods: string[] = [];
    for (const [pod, points] of restarts) {
      if (deploymentOf(pod, deployments) !== deployment) continue;
      const inc = restartIncrease(points, runStartMs);
      total += inc;
      const reason = oomReasons?.get(pod);
      // Restarts of a container whose last termination reads OOMKilled were OOM kills.
      if (inc > 0 && reason && reason.some(([, v]) => v > 0)) {
        oom += inc;
        oomPods.push(pod);
      }
    }
    return { deployment, restarts: total, oomKilled: oomReasons === null ? null : oom, oomKilledPods: oomPods.sort() };
  });
}
