// The cluster side of a run: its data model lives with the verdict's (timeline.json `cluster`), the
// gates' settings here.
export type { ClusterMetrics, ClusterPanel, ClusterSeries, DeploymentHealth, SeriesPoint } from '../verdict/index.ts';

/** One profile's cluster gates, seconds already on the wall clock (divided by the time scale). */
export interface ClusterGateSpec {
  /** No container OOMKilled during the run (default on). */
  noOomKilled: boolean;
  /** Container restarts allowed per Deployment during the run; undefined = not gated. */
  maxRestarts?: number;
  /** After the load stops, the Celery queue must be under `below` within `withinSeconds`. */
  celeryQueue?: { below: number; withinSeconds: number };
  /** Open DB connections never above this % of max_connections. */
  maxDbConnectionsPct?: number;
  /** Redis used memory never above this % of maxmemory. */
  maxRedisMemoryPct?: number;
  /** Deployments the OOM and restart gates cover; default: every Deployment the run watched. */
  deployments?: string[];
}
