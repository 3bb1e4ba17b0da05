// The report's charts as data (after xk6-dashboard): each panel has a title, a plain-English
// summary, a unit and a series query. resolvePanels() runs the queries against a run's data;
// the page only draws what it is given.
import type { RunAnalysis, Maybe } from '../analysis/types.ts';
import type { ClusterPanel, Timeline } from '../verdict/index.ts';
import { clusterPanelSeries } from './cluster.ts';

export type Unit = 'ms' | 's' | 'req/s' | '%' | 'replicas' | 'tasks' | 'connections' | 'MiB';
export type Percentile = 'p50' | 'p95' | 'p99';

export type SeriesQuery =
  /** Latency percentiles of one service's HTTP requests (panel repeated per service). */
  | { from: 'http-latency'; stats: Percentile[] }
  /** One line per service: request rate or error rate. `trendRate` adds a custom Trend's samples/s as an extra line. */
  | { from: 'http-per-service'; field: 'rps' | 'errorRate'; trendRate?: { metric: string; label: string } }
  /** Percentiles of a custom Trend, drawn in `color`'s hue; `scale` converts units (ms -> s: 0.001). */
  | { from: 'trend'; metric: string; stats: Percentile[]; color: string; scale?: number }
  /** Desired and ready replicas of every HPA in the timeline. */
  | { from: 'replicas' }
  /** A cluster panel from timeline.json's `cluster` section (shown only when the run collected one). */
  | { from: 'cluster'; panel: Exclude<ClusterPanel, 'restarts'> };

export interface PanelSpec {
  id: string;
  /** `{service}` is replaced for repeated panels. */
  title: string;
  summary: string;
  unit: Unit;
  repeat?: 'service';
  query: SeriesQuery;
}

export const REPORT_LAYOUT: PanelSpec[] = [
  {
    id: 'latency', repeat: 'service', title: 'Latency: {service}', unit: 'ms',
    summary: 'HTTP request duration (http_req_duration) per time bucket: the median, and the 95th and 99th percentiles that the SLOs hold. A widening gap between p50 and p99 is queueing.',
    query: { from: 'http-latency', stats: ['p50', 'p95', 'p99'] },
  },
  {
    id: 'rps', title: 'Request rate', unit: 'req/s',
    summary: 'Completed HTTP requests per second for each service, and chatbot turns per second. With open-model executors the offered rate is fixed, so a dip here means requests slowed down or failed.',
    query: { from: 'http-per-service', field: 'rps', trendRate: { metric: 'aurora_ws_time_to_first_message', label: 'chatbot turns' } },
  },
  {
    id: 'errors', title: 'Error rate', unit: '%',
    summary: 'Share of HTTP requests that failed (http_req_failed: a status outside 2xx/3xx, or no response) per service.',
    query: { from: 'http-per-service', field: 'errorRate' },
  },
  {
    id: 'ttfm', title: 'Chatbot: time to first message', unit: 'ms',
    summary: 'From sending a prompt over the WebSocket to its first streamed frame (aurora_ws_time_to_first_message): what a user waits before the answer starts.',
    query: { from: 'trend', metric: 'aurora_ws_time_to_first_message', stats: ['p50', 'p95', 'p99'], color: 'chatbot' },
  },
  {
    id: 'rca', title: 'RCA: time to complete', unit: 's',
    summary: 'From submitting an incident to its root-cause analysis completing (aurora_rca_time_to_complete), by completion time. Celery workers do this work, so it grows when they saturate.',
    query: { from: 'trend', metric: 'aurora_rca_time_to_complete', stats: ['p50', 'p95', 'p99'], color: 'celery', scale: 0.001 },
  },
  {
    id: 'replicas', title: 'Replicas', unit: 'replicas',
    summary: 'Desired (dashed) and ready (solid) replicas of each HorizontalPodAutoscaler, as the Kubernetes watcher saw them. Scale-up should follow the load stage that triggers it.',
    query: { from: 'replicas' },
  },
  {
    id: 'cluster-cpu', title: 'CPU % of request', unit: '%',
    summary: 'CPU use of each Deployment\'s running containers as a share of their CPU request (cAdvisor container_cpu_usage_seconds_total against kube-state-metrics requests): what the HPA targets (70%). Pinned high while latency rises means too few pods.',
    query: { from: 'cluster', panel: 'cpu' },
  },
  {
    id: 'cluster-memory', title: 'Memory % of limit', unit: '%',
    summary: 'Working set of each Deployment\'s fullest container as a share of its memory limit. At 100% the kernel kills it (OOMKilled) and the pod restarts.',
    query: { from: 'cluster', panel: 'memory' },
  },
  {
    id: 'cluster-celery', title: 'Celery queue length', unit: 'tasks',
    summary: 'RCA tasks waiting in the Celery queue (celery_queue_length). It should drain after the load; a queue that only grows means the workers are stalled or too few.',
    query: { from: 'cluster', panel: 'celery' },
  },
  {
    id: 'cluster-db', title: 'Database connections', unit: 'connections',
    summary: 'Postgres connections in use (solid) and open (dashed) against max_connections (pg_stat_activity_count, pg_settings_max_connections). Open equal to in use and flat means the pools are at their limit.',
    query: { from: 'cluster', panel: 'db' },
  },
  {
    id: 'cluster-redis', title: 'Redis memory', unit: 'MiB',
    summary: 'Redis used memory against maxmemory (redis_memory_used_bytes, redis_memory_max_bytes): Celery messages and chat sessions live there.',
    query: { from: 'cluster', panel: 'redis' },
  },
];

export interface SeriesData {
  label: string;
  /** A key the page maps to a colour: a service name, an HPA name, or a percentile. */
  colorKey: string;
  style: 'solid' | 'thin' | 'dashed';
  step?: boolean;
  values: Maybe[];
}

export interface PanelData {
  id: string;
  title: string;
  summary: string;
  unit: Unit;
  /** x values, seconds since the epoch (uPlot's time unit). */
  x: number[];
  series: SeriesData[];
  /** True when no series holds a value: the page shows a note instead of a chart. */
  empty: boolean;
  /** Why an empty panel is empty (e.g. not evaluated without Prometheus). */
  note?: string;
}

const PCT_STYLE: Record<Percentile, SeriesData['style']> = { p50: 'thin', p95: 'solid', p99: 'dashed' };
const toSeconds = (ms: number): number => ms / 1000;
const scaled = (values: Maybe[], k: number): Maybe[] => values.map((v) => (v === null ? null : v * k));

function replicaSeries(timeline: Timeline | null, endMs: number): { x: number[]; series: SeriesData[] } {
  const points = (timeline?.points ?? []).filter((p) => p.kind === 'hpa').sort((a, b) => a.t - b.t);
  const hpas = [...new Set(points.map((p) => p.name))].sort();
  const times = [...new Set(points.map((p) => p.t))];
  // Carry the last state to the end of the chart, so a steady count still draws to the right edge.
  const last = times[times.length - 1];
  if (last !== undefined && endMs > last) times.push(endMs);
  const series: SeriesData[] = [];
  for (const hpa of hpas) {
    const own = points.filter((p) => p.name === hpa);
    for (const field of ['desired', 'ready'] as const) {
      let i = 0;
      let last: Maybe = null;
      // Watch points are changes: a value holds until the next point of the same HPA.
      const values = times.map((t) => {
        while (i < own.length && (own[i]?.t as number) <= t) {
          const v = own[i]?.[field];
          if (typeof v === 'number') last = v;
          i++;
        }
        return last;
      });
      if (values.some((v) => v !== null)) {
        series.push({ label: `${hpa} ${field}`, colorKey: hpa, style: field === 'desired' ? 'dashed' : 'solid', step: true, values });
      }
    }
  }
  return { x: times.map(toSeconds), series };
}

function resolveQuery(spec: PanelSpec, analysis: RunAnalysis, timeline: Timeline | null, service?: string): { x: number[]; series: SeriesData[]; note?: string } {
  // A bucket summarises [start, start + width): draw it at its middle.
  const half = (analysis.bucketSeconds * 1000) / 2;
  const x = analysis.times.map((t) => toSeconds(t + half));
  const q = spec.query;
  switch (q.from) {
    case 'http-latency': {
      const s = analysis.http[service as string];
      return { x, series: s ? q.stats.map((p) => ({ label: p, colorKey: service as string, style: PCT_STYLE[p], values: s[p] })) : [] };
    }
    case 'http-per-service': {
      const series: SeriesData[] = analysis.services.map((svc) => {
        const s = analysis.http[svc];
        const values = q.field === 'rps' ? (s?.rps ?? []) : scaled(s?.errorRate ?? [], 100);
        return { label: svc, colorKey: svc, style: 'solid', values };
      });
      const extra = q.trendRate && analysis.trends[q.trendRate.metric];
      if (extra) {
        series.push({ label: q.trendRate!.label, colorKey: 'chatbot', style: 'dashed', values: extra.count.map((n) => n / analysis.bucketSeconds) });
      }
      return { x, series };
    }
    case 'trend': {
      const t = analysis.trends[q.metric];
      const k = q.scale ?? 1;
      return { x, series: t ? q.stats.map((p) => ({ label: p, colorKey: q.color, style: PCT_STYLE[p], values: scaled(t[p], k) })) : [] };
    }
    case 'replicas':
      return replicaSeries(timeline, chartEndMs(analysis, timeline));
    case 'cluster':
      return clusterPanelSeries(timeline?.cluster, q.panel);
  }
}

/** The shared time axis: from the first load bucket to the later of load end and watch end, ms. */
export function chartRangeMs(analysis: RunAnalysis, timeline: Timeline | null): [number, number] {
  const start = analysis.times[0] ?? analysis.startMs;
  return [start, Math.max(chartEndMs(analysis, timeline), start + 1000)];
}

function chartEndMs(analysis: RunAnalysis, timeline: Timeline | null): number {
  const lastBucket = analysis.times.length > 0 ? (analysis.times[analysis.times.length - 1] as number) + analysis.bucketSeconds * 1000 : analysis.endMs;
  const points = timeline?.points ?? [];
  const lastPoint = points.reduce((m, p) => Math.max(m, p.t), 0);
  return Math.max(lastBucket, analysis.loadEndMs, timeline?.endedAt ?? 0, lastPoint);
}

/** Runs every panel's query; repeated panels become one panel per service. */
export function resolvePanels(analysis: RunAnalysis, timeline: Timeline | null, layout: PanelSpec[] = REPORT_LAYOUT): PanelData[] {
  const out: PanelData[] = [];
  for (const spec of layout) {
    if (spec.query.from === 'cluster' && !timeline?.cluster) continue;
    const instances = spec.repeat === 'service' ? analysis.services : [undefined];
    for (const service of instances) {
      const { x, series, note } = resolveQuery(spec, analysis, timeline, service);
      out.push({
        id: service ? `${spec.id}-${service}` : spec.id,
        title: service ? spec.title.replace('{service}', service) : spec.title,
        summary: spec.summary,
        unit: spec.unit,
        x,
        series,
        empty: !series.some((s) => s.values.some((v) => v !== null)),
        ...(note ? { note } : {}),
      });
    }
  }
  return out;
}
