// The cluster side of a run in the reports: the restarts/OOMKilled table and the peaks of the Celery
// queue, DB connections and Redis memory, for report.html and summary.md (the panels: charts/). Pure.
import type { ClusterMetrics, ClusterSeries } from '../verdict/index.ts';

interface HealthRow {
  deployment: string;
  cpu: string;
  memory: string;
  restarts: string;
  oom: string;
}

const peak = (s: ClusterSeries | undefined): string => {
  if (!s || s.points.length === 0) return '–';
  const v = Math.max(...s.points.map(([, x]) => x));
  return `${Math.round(v * 10) / 10}%`;
};

export function clusterHealthRows(c: ClusterMetrics): HealthRow[] {
  return c.deployments.map((d) => ({
    deployment: d.deployment,
    cpu: peak(c.series.find((s) => s.key === `cpu/${d.deployment}`)),
    memory: peak(c.series.find((s) => s.key === `memory/${d.deployment}`)),
    restarts: d.restarts === null ? 'not evaluated' : String(d.restarts),
    oom:
      d.oomKilled === null
        ? 'not evaluated'
        : d.oomKilled === 0
          ? '0'
          : `${d.oomKilled} (${d.oomKilledPods.join(', ')})`,
  }));
}

function peakOf(c: ClusterMetrics, key: string): number | null {
  const s = c.series.find((x) => x.key === key);
  return s && s.points.length > 0 ? Math.max(...s.points.map(([, v]) => v)) : null;
}

/** One line each for the Celery queue, DB connections and Redis (peaks against their maximum). */
export function clusterFacts(c: ClusterMetrics): string[] {
  const q = peakOf(c, 'celery-queue');
  const db = peakOf(c, 'db-total');
  const redis = peakOf(c, 'redis-used');
  const of = (v: number, max: number | null, unit: string) =>
    max
      ? `${Math.round(v * 10) / 10} of ${max} ${unit} (${Math.round((1000 * v) / max) / 10}%)`
      : `${Math.round(v * 10) / 10} ${unit}`;
  return [
    `Celery queue: ${q === null ? `not evaluated (${c.missing.celery ?? 'no data'})` : `peak ${q} task${q === 1 ? '' : 's'}`}`,
    `DB connections: ${db === null ? `not evaluated (${c.missing.db ?? 'no data'})` : `peak ${of(db, c.limits.dbMaxConnections, 'connections')}`}`,
    `Redis memory: ${redis === null ? `not evaluated (${c.missing.redis ?? 'no data'})` : `peak ${of(redis, c.limits.redisMaxMiB, 'MiB')}`}`,
  ];
}

const SOURCE: Record<ClusterMetrics['source'], string> = {
  prometheus: 'Prometheus',
  'kubernetes-api': 'the Kubernetes API (pod status)',
};

export function clusterMarkdown(c: ClusterMetrics | undefined, cell: (s: string) => string): string[] {
  if (!c) return [];
  const lines = [
    '### Cluster',
    '',
    `_From ${SOURCE[c.source]}, every ${c.stepSeconds} s over the run._`,
    '',
    '| Deployment | CPU peak (% of request) | Memory peak (% of limit) | Restarts | OOMKilled |',
    '|---|--:|--:|--:|---|',
    ...clusterHealthRows(c).map(
      (r) => `| ${cell(r.deployment)} | ${r.cpu} | ${r.memory} | ${r.restarts} | ${cell(r.oom)} |`,
    ),
    '',
    ...clusterFacts(c).map((f) => `- ${cell(f)}`),
    '',
  ];
  return lines;
}

export function clusterHtml(c: ClusterMetrics | undefined, esc: (s: string) => string): string {
  if (!c) return '';
  const rows = clusterHealthRows(c)
    .map(
      (r) =>
        `<tr><td class="mono">${esc(r.deployment)}</td><td class="num">${esc(r.cpu)}</td><td class="num">${esc(r.memory)}</td><td class="num">${esc(r.restarts)}</td><td>${esc(r.oom)}</td></tr>`,
    )
    .join('');
  return (
    `<h2>Cluster <span class="muted" style="font-weight:400;font-size:12px">(from ${esc(SOURCE[c.source])})</span></h2>` +
    `<table class="routes cluster"><thead><tr><th>Deployment</th><th class="num">CPU peak (% of request)</th><th class="num">Memory peak (% of limit)</th><th class="num">Restarts</th><th>OOMKilled</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<ul class="notes">${clusterFacts(c)
      .map((f) => `<li>${esc(f)}</li>`)
      .join('')}</ul>`
  );
}
