// Cluster metrics of a run without Prometheus: what the Kubernetes API gives (restarts and OOMKilled
// from pod status); CPU, memory, the Celery queue, DB connections and Redis are listed as missing.
import type { PodObservations } from './pod-poller.ts';
import { deploymentHealth } from './restarts.ts';
import type { ClusterMetrics } from './types.ts';

export function clusterFromPods(o: {
  obs: PodObservations;
  deployments: string[];
  fromMs: number;
  toMs: number;
  intervalSeconds: number;
  why: string;
}): ClusterMetrics {
  const known = o.obs.polls > 0;
  const missing: ClusterMetrics['missing'] = {
    cpu: o.why,
    memory: o.why,
    celery: o.why,
    db: o.why,
    redis: o.why,
  };
  if (!known) missing.restarts = `the Kubernetes API gave no pod status (${o.obs.errors[0] ?? 'no poll completed'})`;
  return {
    source: 'kubernetes-api',
    from: o.fromMs,
    to: o.toMs,
    stepSeconds: o.intervalSeconds,
    series: [],
    deployments: deploymentHealth(
      o.deployments,
      known ? o.obs.restarts : null,
      known ? o.obs.oomReasons : null,
      o.fromMs,
    ),
    limits: { dbMaxConnections: null, redisMaxMiB: null },
    missing,
    notes: [...o.obs.errors],
  };
}
