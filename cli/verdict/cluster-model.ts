// The cluster side of a run (data model; cli/cluster/ collects it): the Scaling guide's key metrics over the run, as timeline.json's
// `cluster` section. From Prometheus (range queries) or, without one, from the Kubernetes API (pod
// status: restarts and OOMKilled only); what neither gave is listed in `missing`, never invented.

/** [ms since the epoch, value]. */
export type SeriesPoint = [number, number];

export interface ClusterSeries {
  /** Stable id: "cpu/aurora-oss-server", "celery-queue", "db-active", ... */
  key: string;
  label: string;
  unit: '%' | 'tasks' | 'connections' | 'MiB' | 'restarts';
  points: SeriesPoint[];
}

export interface DeploymentHealth {
  deployment: string;
  /** Container restarts during the run (all pods, including ones gone by the end); null = unknown. */
  restarts: number | null;
  /** OOMKilled terminations seen during the run; null = unknown. */
  oomKilled: number | null;
  /** Pods whose container was OOMKilled during the run. */
  oomKilledPods: string[];
}

export type ClusterPanel = 'cpu' | 'memory' | 'restarts' | 'celery' | 'db' | 'redis';

export interface ClusterMetrics {
  source: 'prometheus' | 'kubernetes-api';
  /** Run window queried, ms since the epoch. */
  from: number;
  to: number;
  /** Seconds between points (Prometheus query step, or the pod poll interval). */
  stepSeconds: number;
  /** CPU % of request and memory % of limit per Deployment; queue, connections, Redis. */
  series: ClusterSeries[];
  deployments: DeploymentHealth[];
  /** Settings read with the series: max_connections, Redis maxmemory (null = unknown). */
  limits: { dbMaxConnections: number | null; redisMaxMiB: number | null };
  /** Panels with no data, and why (e.g. "no Prometheus: install it with apt-get install prometheus"). */
  missing: Partial<Record<ClusterPanel, string>>;
  /** Query errors and the like, plain text (never credentials). */
  notes: string[];
}
