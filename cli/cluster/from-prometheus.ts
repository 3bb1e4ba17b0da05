// Cluster metrics of a run from Prometheus: one range query per panel series over the run window,
// turned into timeline.json's `cluster` section. A query that fails or returns nothing leaves its
// panel in `missing` with the reason; nothing is filled in.
import type { MatrixSeries, PromClient } from './prometheus/query.ts';
import { queryRange, stepFor } from './prometheus/query.ts';
import * as Q from './queries.ts';
import { deploymentHealth } from './restarts.ts';
import type { ClusterMetrics, ClusterPanel, ClusterSeries, SeriesPoint } from './types.ts';

export interface PrometheusCollectOptions {
  client: PromClient;
  namespace: string;
  deployments: string[];
  fromMs: number;
  toMs: number;
  /** Smallest query step, s (the scrape interval). */
  minStepSeconds: number;
  rateWindowSeconds: number;
  /** For tests: a stand-in for queryRange. */
  query?: (query: string, fromMs: number, toMs: number, step: number) => Promise<MatrixSeries[]>;
}

/** The single series of an aggregated query as points (NaN and infinities dropped: 0/0 at start-up). */
export function toPoints(result: MatrixSeries[]): SeriesPoint[] {
  const first = result[0];
  if (!first) return [];
  return first.values
    .map(([t, v]) => [Math.round(t * 1000), Number(v)] as SeriesPoint)
    .filter(([, v]) => Number.isFinite(v));
}

export async function collectFromPrometheus(o: PrometheusCollectOptions): Promise<ClusterMetrics> {
  const step = stepFor(o.fromMs, o.toMs, o.minStepSeconds);
  const run = o.query ?? ((query, from, to, s) => queryRange(o.client, query, from, to, s));
  const scope = { namespace: o.namespace, rateWindowSeconds: o.rateWindowSeconds };
  const notes: string[] = [];
  const missing: ClusterMetrics['missing'] = {};
  const ask = async (query: string): Promise<MatrixSeries[] | null> => {
    try {
      return await run(query, o.fromMs, o.toMs, step);
    } catch (err) {
      notes.push(`${(err as Error).message} (query: ${query})`);
      return null;
    }
  };
  const series: ClusterSeries[] = [];
  const add = (
    panel: ClusterPanel,
    key: string,
    label: string,
    unit: ClusterSeries['unit'],
    result: MatrixSeries[] | null,
  ): number | null => {
    const points = result ? toPoints(result) : [];
    if (points.length > 0) series.push({ key, label, unit, points });
    else
      missing[panel] ??=
        result === null ? 'the query failed (see notes)' : `no ${label} series in Prometheus for this run`;
    return points.length;
  };

  for (const d of o.deployments) {
    add('cpu', `cpu/${d}`, `${d} CPU`, '%', await ask(Q.cpuPctOfRequest(scope, d)));
    add('memory', `memory/${d}`, `${d} memory`, '%', await ask(Q.memoryPctOfLimit(scope, d)));
  }
  // A panel is missing only when no Deployment had data.
  for (const panel of ['cpu', 'memory'] as const)
    if (series.some((s) => s.key.startsWith(`${panel}/`))) delete missing[panel];

  add('celery', 'celery-queue', 'Celery queue length', 'tasks', await ask(Q.CELERY_QUEUE));
  add('db', 'db-active', 'DB connections active', 'connections', await ask(Q.DB_ACTIVE));
  add('db', 'db-total', 'DB connections open', 'connections', await ask(Q.DB_TOTAL));
  const dbMax = await ask(Q.DB_MAX);
  add('redis', 'redis-used', 'Redis memory used', 'MiB', await ask(Q.REDIS_USED_MIB));
  const redisMax = await ask(Q.REDIS_MAX_MIB);

  const restarts = await ask(Q.restartCounters(scope));
  const oom = await ask(Q.oomKilledReasons(scope));
  if (restarts === null || restarts.length === 0)
    missing.restarts =
      restarts === null
        ? 'the query failed (see notes)'
        : 'no kube_pod_container_status_restarts_total series (is kube-state-metrics scraped?)';
  const deployments = deploymentHealth(
    o.deployments,
    restarts && restarts.length > 0 ? podSeries(restarts) : null,
    oom ? podSeries(oom) : null,
    o.fromMs,
  );

  const lastValue = (r: MatrixSeries[] | null): number | null => {
    const p = r ? toPoints(r) : [];
    return p.length > 0 ? (p[p.length - 1] as SeriesPoint)[1] : null;
  };
  return {
    source: 'prometheus',
    from: o.fromMs,
    to: o.toMs,
    stepSeconds: step,
    series,
    deployments,
    limits: { dbMaxConnections: lastValue(dbMax), redisMaxMiB: lastValue(redisMax) },
    missing,
    notes,
  };
}

/** Per-pod points of a per-container query (containers of one pod summed). */
function podSeries(result: MatrixSeries[]): Map<string, SeriesPoint[]> {
  const out = new Map<string, SeriesPoint[]>();
  for (const s of result) {
    const pod = s.metric.pod;
    if (!pod) continue;
    const points = s.values.map(([t, v]) => [Math.round(t * 1000), Number(v)] as SeriesPoint);
    const prev = out.get(pod);
    if (!prev) {
      out.set(pod, points);
      continue;
    }
    const byT = new Map(prev);
    for (const [t, v] of points) byT.set(t, (byT.get(t) ?? 0) + v);
    out.set(
      pod,
      [...byT.entries()].sort((a, b) => a[0] - b[0]),
    );
  }
  return out;
}
