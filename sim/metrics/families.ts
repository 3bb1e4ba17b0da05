/**
 * A snapshot of the simulated cluster -> the metric families real exporters publish, with their
 * names and labels: cAdvisor (via the kubelet), kube-state-metrics, danihodovic/celery-exporter,
 * prometheus-community/postgres_exporter and oliver006/redis_exporter. Pure.
 */
import type { MetricFamily, Sample } from './exposition.ts';

export interface PodSnapshot {
  name: string;
  ready: boolean;
  restarts: number;
  /** Reason of the container's last termination (kubelet lastState.terminated.reason). */
  lastTerminatedReason?: string;
  cpuSeconds: number;
  memoryBytes: number;
}

export interface DeploymentSnapshot {
  name: string;
  container: string;
  image: string;
  specReplicas: number;
  cpuRequestCores: number;
  cpuLimitCores?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
  pods: PodSnapshot[];
}

export interface HpaSnapshot {
  name: string;
  current: number;
  desired: number;
  min: number;
  max: number;
}

export interface ClusterSnapshot {
  namespace: string;
  node: string;
  deployments: DeploymentSnapshot[];
  hpas: HpaSnapshot[];
  celery: { queueLength: number; activeWorkers: number };
  postgres: { datname: string; active: number; idle: number; maxConnections: number };
  redis: { usedBytes: number; maxBytes: number; connectedClients: number };
}

const family = (name: string, type: MetricFamily['type'], help: string, samples: Sample[]): MetricFamily => ({
  name,
  type,
  help,
  samples,
});

function cadvisor(s: ClusterSnapshot): MetricFamily[] {
  const cpu: Sample[] = [];
  const mem: Sample[] = [];
  for (const d of s.deployments) {
    for (const p of d.pods) {
      // A container that is not running has no cgroup, so cAdvisor has no series for it.
      if (!p.ready) continue;
      const labels = { namespace: s.namespace, pod: p.name, container: d.container, image: d.image };
      cpu.push({ labels, value: round(p.cpuSeconds, 6) });
      mem.push({ labels, value: p.memoryBytes });
    }
  }
  return [
    family('container_cpu_usage_seconds_total', 'counter', 'Cumulative cpu time consumed in seconds.', cpu),
    family('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes.', mem),
  ];
}

function resources(s: ClusterSnapshot, which: 'requests' | 'limits'): Sample[] {
  const out: Sample[] = [];
  for (const d of s.deployments) {
    const cpu = which === 'requests' ? d.cpuRequestCores : d.cpuLimitCores;
    const mem = which === 'requests' ? d.memoryRequestBytes : d.memoryLimitBytes;
    for (const p of d.pods) {
      const base = { namespace: s.namespace, pod: p.name, container: d.container, node: s.node };
      if (cpu !== undefined) out.push({ labels: { ...base, resource: 'cpu', unit: 'core' }, value: cpu });
      if (mem !== undefined) out.push({ labels: { ...base, resource: 'memory', unit: 'byte' }, value: mem });
    }
  }
  return out;
}

function kubeStateMetrics(s: ClusterSnapshot): MetricFamily[] {
  const ns = s.namespace;
  const hpa = (pick: (h: HpaSnapshot) => number): Sample[] =>
    s.hpas.map((h) => ({ labels: { namespace: ns, horizontalpodautoscaler: h.name }, value: pick(h) }));
  const perDeployment = (pick: (d: DeploymentSnapshot) => number): Sample[] =>
    s.deployments.map((d) => ({ labels: { namespace: ns, deployment: d.name }, value: pick(d) }));
  const perContainer = (pick: (p: PodSnapshot, d: DeploymentSnapshot) => Sample | null): Sample[] =>
    s.deployments.flatMap((d) => d.pods.map((p) => pick(p, d)).filter((x): x is Sample => x !== null));
  return [
    family(
      'kube_horizontalpodautoscaler_status_current_replicas',
      'gauge',
      'Current number of replicas of pods managed by this autoscaler.',
      hpa((h) => h.current),
    ),
    family(
      'kube_horizontalpodautoscaler_status_desired_replicas',
      'gauge',
      'Desired number of replicas of pods managed by this autoscaler.',
      hpa((h) => h.desired),
    ),
    family(
      'kube_horizontalpodautoscaler_spec_min_replicas',
      'gauge',
      'Lower limit for the number of pods that can be set by the autoscaler, default 1.',
      hpa((h) => h.min),
    ),
    family(
      'kube_horizontalpodautoscaler_spec_max_replicas',
      'gauge',
      'Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.',
      hpa((h) => h.max),
    ),
    family(
      'kube_deployment_spec_replicas',
      'gauge',
      'Number of desired pods for a deployment.',
      perDeployment((d) => d.specReplicas),
    ),
    family(
      'kube_deployment_status_replicas_ready',
      'gauge',
      'The number of ready replicas per deployment.',
      perDeployment((d) => d.pods.filter((p) => p.ready).length),
    ),
    family(
      'kube_pod_container_status_restarts_total',
      'counter',
      'The number of container restarts per container.',
      perContainer((p, d) => ({ labels: { namespace: ns, pod: p.name, container: d.container }, value: p.restarts })),
    ),
    family(
      'kube_pod_container_status_last_terminated_reason',
      'gauge',
      'Describes the last reason the container was in terminated state.',
      perContainer((p, d) =>
        p.lastTerminatedReason
          ? { labels: { namespace: ns, pod: p.name, container: d.container, reason: p.lastTerminatedReason }, value: 1 }
          : null,
      ),
    ),
    family(
      'kube_pod_container_resource_requests',
      'gauge',
      'The number of requested request resource by a container.',
      resources(s, 'requests'),
    ),
    family(
      'kube_pod_container_resource_limits',
      'gauge',
      'The number of requested limit resource by a container.',
      resources(s, 'limits'),
    ),
  ];
}

function exporters(s: ClusterSnapshot): MetricFamily[] {
  const q = { queue_name: 'celery' };
  const pg = s.postgres;
  return [
    family('celery_queue_length', 'gauge', 'The number of message in broker queue.', [
      { labels: q, value: s.celery.queueLength },
    ]),
    family('celery_active_worker_count', 'gauge', 'The number of active workers in broker queue.', [
      { labels: q, value: s.celery.activeWorkers },
    ]),
    family(
      'pg_up',
      'gauge',
      'Whether the last scrape of metrics from PostgreSQL was able to connect to the server (1 for yes, 0 for no).',
      [{ labels: {}, value: 1 }],
    ),
    family('pg_stat_activity_count', 'gauge', 'number of connections in this state', [
      { labels: { datname: pg.datname, state: 'active' }, value: pg.active },
      { labels: { datname: pg.datname, state: 'idle' }, value: pg.idle },
    ]),
    family('pg_settings_max_connections', 'gauge', 'Sets the maximum number of concurrent connections.', [
      { labels: {}, value: pg.maxConnections },
    ]),
    family('redis_up', 'gauge', 'Information about the Redis instance', [{ labels: {}, value: 1 }]),
    family('redis_memory_used_bytes', 'gauge', 'memory_used_bytes metric', [{ labels: {}, value: s.redis.usedBytes }]),
    family('redis_memory_max_bytes', 'gauge', 'memory_max_bytes metric', [{ labels: {}, value: s.redis.maxBytes }]),
    family('redis_connected_clients', 'gauge', 'connected_clients metric', [
      { labels: {}, value: s.redis.connectedClients },
    ]),
  ];
}

export function metricFamilies(s: ClusterSnapshot): MetricFamily[] {
  return [...cadvisor(s), ...kubeStateMetrics(s), ...exporters(s)];
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}
