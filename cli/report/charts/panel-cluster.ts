// The cluster panels' series from timeline.json's `cluster` section: CPU % of request and memory % of
// limit per Deployment, the Celery queue, DB connections in use and open against max_connections,
// Redis memory against maxmemory, on the union of their timestamps. Pure.
import type { Maybe } from '../../analysis/types.ts';
import type { ClusterMetrics, ClusterPanel, ClusterSeries } from '../../verdict/index.ts';
import { SERVICE_HUES, serviceHue } from './colors.ts';
import type { RawSeries } from './layout.ts';

export type ClusterChart = Exclude<ClusterPanel, 'restarts'>;

const PANEL_KEYS: Record<ClusterChart, (s: ClusterSeries) => boolean> = {
  cpu: (s) => s.key.startsWith('cpu/'),
  memory: (s) => s.key.startsWith('memory/'),
  celery: (s) => s.key === 'celery-queue',
  db: (s) => s.key === 'db-active' || s.key === 'db-total',
  redis: (s) => s.key === 'redis-used',
};

const LIMIT_GREY = '#9ca3af';

function prefer(s: ClusterSeries): string | undefined {
  const slash = s.key.indexOf('/');
  if (slash >= 0) return serviceHue(s.key.slice(slash + 1));
  if (s.key.startsWith('celery')) return SERVICE_HUES.celery;
  if (s.key.startsWith('db-')) return '#0d9488';
  return '#dc2626';
}

/** One panel's series, plus a flat line for the maximum where it is known; `note` says why there are none. */
export function clusterPanelSeries(
  c: ClusterMetrics | undefined,
  panel: ClusterChart,
): { x: number[]; series: RawSeries[]; note?: string } {
  if (!c) return { x: [], series: [], note: 'No cluster metrics in this run.' };
  const picked = c.series.filter(PANEL_KEYS[panel]);
  if (picked.length === 0) return { x: [], series: [], note: `Not evaluated: ${c.missing[panel] ?? 'no data'}.` };
  const times = [...new Set(picked.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const series: RawSeries[] = picked.map((s) => {
    const byT = new Map(s.points);
    const label = s.key.includes('/') ? s.key.slice(s.key.indexOf('/') + 1) : s.label;
    return {
      label,
      prefer: prefer(s),
      style: s.key === 'db-total' ? 'dashed' : 'solid',
      values: times.map((t): Maybe => byT.get(t) ?? null),
    };
  });
  const max = panel === 'db' ? c.limits.dbMaxConnections : panel === 'redis' ? c.limits.redisMaxMiB : null;
  if (max !== null) {
    series.push({
      label: panel === 'db' ? 'max_connections' : 'maxmemory',
      prefer: LIMIT_GREY,
      style: 'thin',
      values: times.map(() => max),
    });
  }
  return { x: times.map((t) => t / 1000), series };
}
