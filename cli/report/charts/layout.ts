// The report's charts as data (after xk6-dashboard): each panel has a title, a plain-English
// summary, a unit and a series query. resolvePanels() runs the queries against a run's data and adds
// what a reader needs to judge them: SLO limit lines, HPA markers, and a panel for every failed
// gate's metric; the page only draws what it is given.
import type { RunAnalysis, Maybe } from '../../analysis/types.ts';
import type { GateResult, Timeline } from '../../verdict/model.ts';
import { PERCENTILE_COLORS, SERVICE_HUES, distinctColors, serviceHue } from './colors.ts';
import { legendFigure } from './legend-figures.ts';
import type { ExtraSeries } from './metric-series.ts';
import { failedMetricPanels, panelGateFacts } from './panel-gates.ts';
import { type ClusterChart, clusterPanelSeries } from './panel-cluster.ts';
import { cpuSeries, replicaSeries } from './panel-replicas.ts';
import type { PlanFacts } from './plan-facts.ts';
import { plannedRate } from './stage-bands.ts';

export type Unit =
  | 'ms'
  | 's'
  | 'req/s'
  | 'it/s'
  | '%'
  | 'replicas'
  | 'per s'
  | 'value'
  | 'tasks'
  | 'connections'
  | 'MiB'
  | 'USD';
export type Percentile = 'p50' | 'p95' | 'p99';

export type SeriesQuery =
  /** Latency percentiles of one service's HTTP requests (panel repeated per service). */
  | { from: 'http-latency'; stats: Percentile[] }
  /** One line per service: request rate or error rate. `trendRate` adds a custom Trend's samples/s as an extra line. */
  | { from: 'http-per-service'; field: 'rps' | 'errorRate'; trendRate?: { metric: string; label: string } }
  /** Percentiles of a custom Trend; `scale` converts units (ms -> s: 0.001). */
  | { from: 'trend'; metric: string; stats: Percentile[]; scale?: number }
  /** Planned arrival rate (plan.json) against iterations started and dropped (k6's output). */
  | { from: 'arrival' }
  /** Desired and ready replicas of every HPA in the timeline. */
  | { from: 'replicas' }
  /** Average CPU utilisation of every HPA's target, when the watcher recorded it. */
  | { from: 'hpa-cpu' }
  /** A cluster panel from timeline.json's `cluster` section (shown only when the run collected one). */
  | { from: 'cluster'; panel: ClusterChart }

  /** LLM spend as Aurora reported it, cumulative (k6's output). */
  | { from: 'spend' };

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
    id: 'latency',
    repeat: 'service',
    title: 'Latency: {service}',
    unit: 'ms',
    summary:
      'HTTP request duration (http_req_duration) per time bucket: the median, and the 95th and 99th percentiles that the SLOs hold (red dashed lines: the thresholds). A widening gap between p50 and p99 is queueing.',
    query: { from: 'http-latency', stats: ['p50', 'p95', 'p99'] },
  },
  {
    id: 'arrival',
    title: 'Arrival rate: planned vs achieved',
    unit: 'it/s',
    summary:
      'Iterations per second the plan asked for (all arrival-rate scenarios), those k6 started, and those it dropped for want of a free VU. Achieved below planned means the load generator, not the target, set the pace.',
    query: { from: 'arrival' },
  },
  {
    id: 'rps',
    title: 'Request rate',
    unit: 'req/s',
    summary:
      'Completed HTTP requests per second for each service, and chatbot turns per second. With open-model executors the offered rate is fixed, so a dip here means requests slowed down or failed.',
    query: {
      from: 'http-per-service',
      field: 'rps',
      trendRate: { metric: 'aurora_ws_time_to_first_message', label: 'chatbot turns' },
    },
  },
  {
    id: 'errors',
    title: 'Error rate',
    unit: '%',
    summary:
      'Share of HTTP requests that failed (http_req_failed: a status outside 2xx/3xx, or no response) per service; red dashed lines are the error-rate thresholds.',
    query: { from: 'http-per-service', field: 'errorRate' },
  },
  {
    id: 'ttfm',
    title: 'Chatbot: time to first message',
    unit: 'ms',
    summary:
      'From sending a prompt over the WebSocket to its first streamed frame (aurora_ws_time_to_first_message): what a user waits before the answer starts.',
    query: { from: 'trend', metric: 'aurora_ws_time_to_first_message', stats: ['p50', 'p95', 'p99'] },
  },
  {
    id: 'rca',
    title: 'RCA: time to complete',
    unit: 's',
    summary:
      'From submitting an incident to its root-cause analysis completing (aurora_rca_time_to_complete), by completion time. Celery workers do this work, so it grows when they saturate.',
    query: { from: 'trend', metric: 'aurora_rca_time_to_complete', stats: ['p50', 'p95', 'p99'], scale: 0.001 },
  },
  {
    id: 'spend',
    title: 'LLM spend (cumulative)',
    unit: 'USD',
    summary:
      "LLM spend as Aurora reported it (aurora_llm_spend_usd: each chat turn's usage_final and each RCA's tokenUsage), summed from the start of the run; k6 stops the run when it reaches safety.maxLlmSpendUsd.",
    query: { from: 'spend' },
  },
  {
    id: 'replicas',
    title: 'Replicas',
    unit: 'replicas',
    summary:
      'Desired (dashed) and ready (solid) replicas of each HorizontalPodAutoscaler, as the Kubernetes watcher saw them. Markers: the scale-up deadline of each HPA expectation, and the ready count it must reach at the peak.',
    query: { from: 'replicas' },
  },
  {
    id: 'cpu',
    title: 'HPA CPU utilisation',
    unit: '%',
    summary:
      "Average CPU of each HPA's pods, in percent of their requests, as the HPA reported it: what drives the scaling decisions above.",
    query: { from: 'hpa-cpu' },
  },
  {
    id: 'cluster-cpu',
    title: 'CPU % of request',
    unit: '%',
    summary:
      "CPU use of each Deployment's running containers as a share of their CPU request (cAdvisor container_cpu_usage_seconds_total against kube-state-metrics requests): what the HPA targets (70%). Pinned high while latency rises means too few pods.",
    query: { from: 'cluster', panel: 'cpu' },
  },
  {
    id: 'cluster-memory',
    title: 'Memory % of limit',
    unit: '%',
    summary:
      "Working set of each Deployment's fullest container as a share of its memory limit. At 100% the kernel kills it (OOMKilled) and the pod restarts.",
    query: { from: 'cluster', panel: 'memory' },
  },
  {
    id: 'cluster-celery',
    title: 'Celery queue length',
    unit: 'tasks',
    summary:
      'RCA tasks waiting in the Celery queue (celery_queue_length). It should drain after the load; a queue that only grows means the workers are stalled or too few.',
    query: { from: 'cluster', panel: 'celery' },
  },
  {
    id: 'cluster-db',
    title: 'Database connections',
    unit: 'connections',
    summary:
      'Postgres connections in use (solid) and open (dashed) against max_connections (pg_stat_activity_count, pg_settings_max_connections). Open equal to in use and flat at 2 per pod under db-pool=2: the pools are at their limit.',
    query: { from: 'cluster', panel: 'db' },
  },
  {
    id: 'cluster-redis',
    title: 'Redis memory',
    unit: 'MiB',
    summary:
      'Redis used memory against maxmemory (redis_memory_used_bytes, redis_memory_max_bytes): Celery messages and chat sessions live there.',
    query: { from: 'cluster', panel: 'redis' },
  },
];

export interface SeriesData {
  label: string;
  /** The stroke, unique within its panel. */
  color: string;
  style: 'solid' | 'thin' | 'dashed';
  step?: boolean;
  values: Maybe[];
  /** What the legend shows before hovering: "peak 812 ms". */
  figure: string;
}

/** A horizontal line: a threshold's limit, or a minimum replica count. */
export interface LimitLine {
  value: number;
  label: string;
  failed: boolean;
}
/** A vertical line: an HPA's scale-up deadline. Seconds since the epoch. */
export interface TimeMarker {
  t: number;
  label: string;
}

export interface PanelData {
  id: string;
  title: string;
  summary: string;
  unit: Unit;
  /** x values, seconds since the epoch (uPlot's time unit). */
  x: number[];
  series: SeriesData[];
  limits: LimitLine[];
  markers: TimeMarker[];
  /** Names of the failed gates this panel shows. */
  failedGates: string[];
  /** True when no series holds a value: the page shows a note instead of a chart. */
  empty: boolean;
  /** Why an empty panel is empty (e.g. not evaluated without Prometheus). */
  note?: string;
}

/** A series before colours and figures are settled. */
export type RawSeries = Omit<SeriesData, 'color' | 'figure'> & { prefer?: string };

const PCT_STYLE: Record<Percentile, SeriesData['style']> = { p50: 'thin', p95: 'solid', p99: 'dashed' };
const toSeconds = (ms: number): number => ms / 1000;
const scaled = (values: Maybe[], k: number): Maybe[] => values.map((v) => (v === null ? null : v * k));

export interface PanelSources {
  analysis: RunAnalysis;
  timeline: Timeline | null;
  facts?: PlanFacts | null;
  extra?: ExtraSeries | null;
  gates?: GateResult[];
}

function resolveQuery(
  spec: PanelSpec,
  src: PanelSources,
  service?: string,
): { x: number[]; series: RawSeries[]; note?: string } {
  const { analysis, timeline } = src;
  // A bucket summarises [start, start + width): draw it at its middle.
  const half = (analysis.bucketSeconds * 1000) / 2;
  const x = analysis.times.map((t) => toSeconds(t + half));
  const q = spec.query;
  const percentiles = (stats: Percentile[], s: Record<Percentile, Maybe[]> | undefined, k = 1): RawSeries[] =>
    s
      ? stats.map((p) => ({ label: p, prefer: PERCENTILE_COLORS[p], style: PCT_STYLE[p], values: scaled(s[p], k) }))
      : [];
  switch (q.from) {
    case 'http-latency':
      return { x, series: percentiles(q.stats, analysis.http[service as string]) };
    case 'http-per-service': {
      const series: RawSeries[] = analysis.services.map((svc) => {
        const s = analysis.http[svc];
        const values = q.field === 'rps' ? (s?.rps ?? []) : scaled(s?.errorRate ?? [], 100);
        return { label: svc, prefer: serviceHue(svc), style: 'solid', values };
      });
      const extra = q.trendRate && analysis.trends[q.trendRate.metric];
      if (extra) {
        series.push({
          label: q.trendRate!.label,
          prefer: SERVICE_HUES.chatbot,
          style: 'dashed',
          values: extra.count.map((n) => n / analysis.bucketSeconds),
        });
      }
      return { x, series };
    }
    case 'trend':
      return { x, series: percentiles(q.stats, analysis.trends[q.metric], q.scale ?? 1) };
    case 'arrival': {
      const series: RawSeries[] = [];
      const planned = plannedRate(analysis, src.facts ?? null, x);
      if (planned) series.push({ label: 'planned', prefer: '#475569', style: 'dashed', values: planned });
      if (src.extra?.arrivals)
        series.push({
          label: src.extra.arrivalsEnded ? 'ended' : 'started',
          prefer: '#2563eb',
          style: 'solid',
          values: src.extra.arrivals,
        });
      if (src.extra?.dropped)
        series.push({ label: 'dropped', prefer: '#db2777', style: 'solid', values: src.extra.dropped });
      // Without a plan the started line alone tells nothing the request rate does not.
      return { x, series: planned ? series : [] };
    }
    case 'replicas':
      return replicaSeries(timeline, chartEndMs(analysis, timeline));
    case 'hpa-cpu':
      return cpuSeries(timeline, chartEndMs(analysis, timeline));
    case 'cluster':
      return clusterPanelSeries(timeline?.cluster, q.panel);
    case 'spend':
      return {
        x,
        series: src.extra?.spend
          ? [{ label: 'spend', prefer: '#b45309', style: 'solid', values: src.extra.spend }]
          : [],
      };
  }
}

/** The shared time axis: from the first load bucket to the later of load end and watch end, ms. */
export function chartRangeMs(analysis: RunAnalysis, timeline: Timeline | null): [number, number] {
  const start = analysis.times[0] ?? analysis.startMs;
  return [start, Math.max(chartEndMs(analysis, timeline), start + 1000)];
}

function chartEndMs(analysis: RunAnalysis, timeline: Timeline | null): number {
  const lastBucket =
    analysis.times.length > 0
      ? (analysis.times[analysis.times.length - 1] as number) + analysis.bucketSeconds * 1000
      : analysis.endMs;
  const points = timeline?.points ?? [];
  const lastPoint = points.reduce((m, p) => Math.max(m, p.t), 0);
  return Math.max(lastBucket, analysis.loadEndMs, timeline?.endedAt ?? 0, lastPoint);
}

/** Colours made distinct within the panel, and each series' legend figure. */
export function settleSeries(raw: RawSeries[], unit: Unit): SeriesData[] {
  const colors = distinctColors(raw.map((s) => s.prefer));
  return raw.map(({ prefer: _prefer, ...s }, i) => ({
    ...s,
    color: colors[i] as string,
    figure: legendFigure(s.values, unit),
  }));
}

/**
 * Runs every panel's query; repeated panels become one panel per service. Panels for failed gates
 * whose metric no standing panel charts come first. `sources` may also be a bare analysis (with the
 * timeline as second argument), as before.
 */
export function resolvePanels(
  sources: PanelSources | RunAnalysis,
  timeline: Timeline | null = null,
  layout: PanelSpec[] = REPORT_LAYOUT,
): PanelData[] {
  const src: PanelSources = 'analysis' in sources ? sources : { analysis: sources, timeline };
  const gates = src.gates ?? [];
  const out: PanelData[] = [];
  for (const spec of layout) {
    if (spec.query.from === 'cluster' && !src.timeline?.cluster) continue;
    const instances = spec.repeat === 'service' ? src.analysis.services : [undefined];
    for (const service of instances) {
      const { x, series, note } = resolveQuery(spec, src, service);
      const id = service ? `${spec.id}-${service}` : spec.id;
      const settled = settleSeries(series, spec.unit);
      out.push({
        id,
        title: service ? spec.title.replace('{service}', service) : spec.title,
        summary: spec.summary,
        unit: spec.unit,
        x,
        series: settled,
        ...panelGateFacts(id, spec.unit, gates, src),
        empty: !settled.some((s) => s.values.some((v) => v !== null)),
        ...(note ? { note } : {}),
      });
    }
  }
  return [...failedMetricPanels(out, gates, src), ...out];
}
