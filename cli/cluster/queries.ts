// The PromQL behind the cluster panels and gates, written against the real exporters' series
// (cAdvisor, kube-state-metrics, celery-exporter, postgres_exporter, redis_exporter), so the same
// queries work against the simulator and a real cluster. Pure.

export interface QueryScope {
  namespace: string;
  /** Window of rate() in seconds: several scrape intervals (6 s locally, 2 min or more on a cluster). */
  rateWindowSeconds: number;
}

/** PromQL string literal. */
export function q(s: string): string {
  return JSON.stringify(s);
}

/** A Deployment's pods: <deployment>-<pod-template-hash>-<suffix>, as the ReplicaSet names them. */
export function podRegex(deployment: string): string {
  return `${deployment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z0-9]+-[a-z0-9]+`;
}

function sel(scope: QueryScope, deployment: string, extra = ''): string {
  return `namespace=${q(scope.namespace)},pod=~${q(podRegex(deployment))}${extra}`;
}

const CONTAINERS = ',container!="",container!="POD"';

/** Average CPU use of the Deployment's running containers, % of their CPU request (what the HPA targets). */
export function cpuPctOfRequest(scope: QueryScope, deployment: string): string {
  const s = sel(scope, deployment, CONTAINERS);
  return (
    `100 * sum(rate(container_cpu_usage_seconds_total{${s}}[${scope.rateWindowSeconds}s]))` +
    ` / sum(kube_pod_container_resource_requests{${sel(scope, deployment, ',resource="cpu"')}}` +
    ` and on(namespace, pod, container) container_cpu_usage_seconds_total{${s}})`
  );
}

/** The fullest container of the Deployment, % of its memory limit (an OOM kill happens per container). */
export function memoryPctOfLimit(scope: QueryScope, deployment: string): string {
  return (
    `100 * max(container_memory_working_set_bytes{${sel(scope, deployment, CONTAINERS)}}` +
    ` / on(namespace, pod, container) kube_pod_container_resource_limits{${sel(scope, deployment, ',resource="memory"')}})`
  );
}

/** Raw per-container restart counters of the namespace; restarts during the run are computed from them. */
export function restartCounters(scope: QueryScope): string {
  return `kube_pod_container_status_restarts_total{namespace=${q(scope.namespace)}}`;
}

export function oomKilledReasons(scope: QueryScope): string {
  return `kube_pod_container_status_last_terminated_reason{namespace=${q(scope.namespace)},reason="OOMKilled"}`;
}

export const CELERY_QUEUE = 'sum(celery_queue_length{queue_name="celery"})';
export const DB_ACTIVE = 'sum(pg_stat_activity_count{state="active"})';
export const DB_TOTAL = 'sum(pg_stat_activity_count)';
export const DB_MAX = 'max(pg_settings_max_connections)';
export const REDIS_USED_MIB = 'max(redis_memory_used_bytes) / 1048576';
export const REDIS_MAX_MIB = 'max(redis_memory_max_bytes) / 1048576';
