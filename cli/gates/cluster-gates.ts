// Cluster gates (kind `cluster`): the Scaling guide's common failures held against the run's cluster
// metrics (timeline.json `cluster`): no OOMKilled container, restarts within a budget, the Celery
// queue back under N within T s after the load stopped, DB connections and Redis memory under a share
// of their maximum. A gate whose data is missing is not evaluated (with the reason), never passed.
import type { ClusterGateSpec, ClusterMetrics, ClusterSeries, DeploymentHealth } from '../cluster/index.ts';

export type { ClusterGateSpec } from '../cluster/index.ts';
import { notEvaluated as markNotEvaluated, type GateResult } from '../verdict/index.ts';
import { formatNumber, formatSeconds } from './format.ts';

const pct = (v: number): string => `${formatNumber(Math.round(v * 10) / 10)}%`;

/** A gate whose data is missing: not evaluated ('data missing'), the reason in `detail`. */
function notEvaluated(name: string, limit: string, reason: string): GateResult {
  return markNotEvaluated(
    { kind: 'cluster', name, measured: 'not evaluated', limit, passed: false },
    'data missing',
    reason,
  );
}

function series(c: ClusterMetrics, key: string): ClusterSeries | undefined {
  return c.series.find((s) => s.key === key && s.points.length > 0);
}

function oomGate(d: DeploymentHealth, why: string | undefined): GateResult {
  const name = `${d.deployment} no OOMKilled`;
  const limit = '0 containers OOMKilled';
  if (d.oomKilled === null) return notEvaluated(name, limit, why ?? 'no pod status or kube-state-metrics data');
  const passed = d.oomKilled === 0;
  const gate: GateResult = { kind: 'cluster', name, measured: `${d.oomKilled} OOMKilled`, limit, passed };
  if (!passed)
    gate.detail = `OOMKilled during the run: ${d.oomKilledPods.join(', ')}; the container reached its memory limit (kubectl describe pod shows Last State: Terminated, Reason: OOMKilled)`;
  return gate;
}

function restartGate(d: DeploymentHealth, max: number, why: string | undefined): GateResult {
  const name = `${d.deployment} restarts`;
  const limit = `≤ ${max} restart${max === 1 ? '' : 's'}`;
  if (d.restarts === null) return notEvaluated(name, limit, why ?? 'no pod status or kube-state-metrics data');
  const passed = d.restarts <= max;
  const gate: GateResult = {
    kind: 'cluster',
    name,
    measured: `${d.restarts} restart${d.restarts === 1 ? '' : 's'}`,
    limit,
    passed,
  };
  if (!passed)
    gate.detail = `containers of ${d.deployment} restarted during the run${d.oomKilled ? ` (${d.oomKilled} OOMKilled)` : ''}`;
  return gate;
}

/** Queue back under `below` within the window after `loadEndMs`. */
export function celeryQueueGate(
  c: ClusterMetrics,
  spec: { below: number; withinSeconds: number },
  loadEndMs: number,
): GateResult {
  const name = 'Celery queue drains after the load';
  const limit = `under ${spec.below} task${spec.below === 1 ? '' : 's'} within ${formatSeconds(spec.withinSeconds)} after the load stopped`;
  const s = series(c, 'celery-queue');
  if (!s) return notEvaluated(name, limit, c.missing.celery ?? 'no Celery queue series');
  const deadline = loadEndMs + spec.withinSeconds * 1000;
  const after = s.points.filter(([t]) => t >= loadEndMs);
  const before = s.points.filter(([t]) => t <= loadEndMs);
  const atStop = before.length > 0 ? (before[before.length - 1] as [number, number])[1] : after[0]?.[1];
  const under = after.find(([, v]) => v < spec.below);
  if (atStop !== undefined && atStop < spec.below) {
    return {
      kind: 'cluster',
      name,
      measured: `${formatNumber(atStop)} queued when the load stopped`,
      limit,
      passed: true,
    };
  }
  if (under) {
    const took = (under[0] - loadEndMs) / 1000;
    const passed = under[0] <= deadline;
    const gate: GateResult = {
      kind: 'cluster',
      name,
      measured: `under ${spec.below} after ${formatSeconds(took)} (from ${formatNumber(atStop ?? 0)})`,
      limit,
      passed,
    };
    if (!passed)
      gate.detail =
        'the workers drained the backlog, but too slowly: check the celery-worker HPA and worker concurrency';
    return gate;
  }
  const last = (after[after.length - 1] ?? s.points[s.points.length - 1]) as [number, number];
  const watched = (last[0] - loadEndMs) / 1000;
  if (last[0] < deadline) {
    return notEvaluated(
      name,
      limit,
      `the data ends ${formatSeconds(Math.max(0, watched))} after the load stopped, before the window closed (queue at ${formatNumber(last[1])})`,
    );
  }
  const peak = Math.max(...after.map(([, v]) => v));
  return {
    kind: 'cluster',
    name,
    measured: `still ${formatNumber(last[1])} queued ${formatSeconds(watched)} after the load stopped (peak ${formatNumber(peak)})`,
    limit,
    passed: false,
    detail: 'the Celery queue did not drain: workers stalled, too few workers, or tasks slower than the arrival rate',
  };
}

function maxShareGate(
  name: string,
  s: ClusterSeries | undefined,
  max: number | null,
  limitPct: number,
  why: string | undefined,
  unit: string,
  hint: string,
): GateResult {
  const limit = `never above ${pct(limitPct)} of max`;
  if (!s) return notEvaluated(name, limit, why ?? 'no series');
  if (max === null || !(max > 0)) return notEvaluated(name, limit, 'the maximum is unknown (no max series)');
  const [t, peak] = s.points.reduce((best, p) => (p[1] > best[1] ? p : best));
  const share = (100 * peak) / max;
  const passed = share <= limitPct;
  const gate: GateResult = {
    kind: 'cluster',
    name,
    measured: `peak ${formatNumber(Math.round(peak * 10) / 10)} of ${formatNumber(max)} ${unit} (${pct(share)}) at ${new Date(t).toISOString()}`,
    limit,
    passed,
  };
  if (!passed) gate.detail = hint;
  return gate;
}

export function clusterGates(
  spec: ClusterGateSpec | undefined,
  c: ClusterMetrics | null,
  watched: readonly string[],
  loadEndMs: number,
): GateResult[] {
  if (!spec) return [];
  const none = 'no cluster metrics were collected in this run';
  const gates: GateResult[] = [];
  const deployments = spec.deployments ?? [...watched];
  for (const name of deployments) {
    const d = c?.deployments.find((x) => x.deployment === name) ?? {
      deployment: name,
      restarts: null,
      oomKilled: null,
      oomKilledPods: [],
    };
    const why = c ? c.missing.restarts : none;
    if (spec.noOomKilled) gates.push(oomGate(d, why));
    if (spec.maxRestarts !== undefined) gates.push(restartGate(d, spec.maxRestarts, why));
  }
  if (spec.celeryQueue) {
    gates.push(
      c
        ? celeryQueueGate(c, spec.celeryQueue, loadEndMs)
        : notEvaluated('Celery queue drains after the load', `under ${spec.celeryQueue.below}`, none),
    );
  }
  if (spec.maxDbConnectionsPct !== undefined) {
    gates.push(
      maxShareGate(
        'DB connections',
        c ? series(c, 'db-total') : undefined,
        c?.limits.dbMaxConnections ?? null,
        spec.maxDbConnectionsPct,
        c ? c.missing.db : none,
        'connections',
        'connections near max_connections: size the pools (replicas x gunicorn workers x pool) below it, or add PgBouncer',
      ),
    );
  }
  if (spec.maxRedisMemoryPct !== undefined) {
    gates.push(
      maxShareGate(
        'Redis memory',
        c ? series(c, 'redis-used') : undefined,
        c?.limits.redisMaxMiB ?? null,
        spec.maxRedisMemoryPct,
        c ? c.missing.redis : none,
        'MiB',
        'Redis is close to maxmemory: writes fail or keys get evicted; check the eviction policy and what grows (queued tasks, sessions)',
      ),
    );
  }
  return gates;
}
