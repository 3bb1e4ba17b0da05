// Replica calculation for a Resource metric with an averageUtilization target
// (replica_calculator.go GetResourceReplicas, groupPods; metrics/utilization.go). Pure; part of the
// HPA algorithm (hpa-algorithm.ts).
import { DEFAULT_TOLERANCE } from './hpa-behavior.ts';

export interface PodMetricSample {
  name: string;
  /** Pending = created, not yet Ready (the simulator's start-up delay). */
  phase: 'Pending' | 'Running' | 'Failed';
  ready: boolean;
  /** Average CPU use over the metrics window; undefined = no metric yet ("missing pod"). */
  millicores?: number;
  /** The pod's CPU request; utilisation is relative to it. */
  requestMillicores: number;
}

export interface ResourceReplicasInput {
  /** scale.spec.replicas of the target. */
  currentReplicas: number;
  /** spec.metrics[].resource.target.averageUtilization, in percent. */
  targetUtilization: number;
  tolerance?: number;
  pods: readonly PodMetricSample[];
}

export type ResourceReplicasResult =
  | { ok: true; replicas: number; utilization: number; rawAverageMillicores: number }
  | { ok: false; error: string };

interface UtilizationRatio {
  ratio: number;
  utilization: number;
  rawAverageMillicores: number;
}

/**
 * GetResourceUtilizationRatio: utilisation is an integer percent (Go int32 truncation), and the
 * ratio is computed from that integer, exactly as the controller does.
 */
export function resourceUtilizationRatio(
  metrics: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): UtilizationRatio {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, value] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue; // a pod without a request is skipped, as in the Go code
    metricsTotal += value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { ratio: 0, utilization: 0, rawAverageMillicores: 0 };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverageMillicores: Math.trunc(metricsTotal / entries),
  };
}

/**
 * desiredReplicas = ceil(readyPods × currentUtilization / target), no change within the tolerance.
 * Pods still starting (unready) count as 0% on a scale-up; pods without a metric count as 0% on a
 * scale-up and 100% on a scale-down; if those assumptions flip the direction, nothing changes.
 */
export function calcResourceReplicas(input: ResourceReplicasInput): ResourceReplicasResult {
  const { currentReplicas, targetUtilization, pods } = input;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };

  const metrics = new Map<string, number>();
  const requests = new Map<string, number>();
  const unready: string[] = [];
  const missing: string[] = [];
  let readyPodCount = 0;
  for (const pod of pods) {
    requests.set(pod.name, pod.requestMillicores);
    if (pod.phase === 'Failed') continue; // ignored
    if (pod.phase === 'Pending' || !pod.ready) {
      unready.push(pod.name);
      continue;
    }
    if (pod.millicores === undefined) {
      missing.push(pod.name);
      continue;
    }
    metrics.set(pod.name, pod.millicores);
    readyPodCount++;
  }
  if (metrics.size === 0) {
    return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  }

  const first = resourceUtilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number): ResourceReplicasResult => ({
    ok: true,
    replicas,
    utilization: first.utilization,
    rawAverageMillicores: first.rawAverageMillicores,
  });
  const within = (ratio: number): boolean => Math.abs(1 - ratio) <= tolerance;

  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (within(first.ratio)) return result(currentReplicas);
    return result(Math.ceil(first.ratio * readyPodCount));
  }

  if (missing.length > 0) {
    if (first.ratio < 1) {
      // On a scale-down, a missing pod is assumed to use its whole request (or the target, if > 100%).
      const fallback = Math.max(100, targetUtilization);
      for (const name of missing) metrics.set(name, ((requests.get(name) ?? 0) * fallback) / 100);
    } else if (first.ratio > 1) {
      for (const name of missing) metrics.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);

  const second = resourceUtilizationRatio(metrics, requests, targetUtilization);
  if (within(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) {
    return result(currentReplicas);
  }
  const newReplicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && newReplicas > currentReplicas) || (second.ratio > 1 && newReplicas < currentReplicas)) {
    return result(currentReplicas);
  }
  return result(newReplicas);
}
