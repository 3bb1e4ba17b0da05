// A second, filtered pass over k6's NDJSON for what the analysis does not chart: iterations started
// and dropped per second (achieved vs planned arrival rate), and the metric of each failed threshold
// (sticky sessions, RCA failures, WS error frames, contract violations...), on the analysis' buckets.
import { Quantiles } from '../../analysis/histogram.ts';
import { readLines } from '../../analysis/read-lines.ts';
import type { Maybe, RunAnalysis } from '../../analysis/types.ts';
import type { ThresholdLimit } from './threshold-keys.ts';
import { METRICS } from '../../../lib/core/metric-names.ts';

export interface MetricSeries {
  /** Per bucket, in the panel's unit: % for rates, per second for counters, ms for trends, the last value for gauges. */
  values: Maybe[];
  unit: 'ms' | '%' | 'per s' | 'value';
}

export interface ExtraSeries {
  /** Iterations started per second (start = end time - iteration_duration), null without samples. */
  arrivals: number[] | null;
  /** The arrivals are iterations ended per second (a distributed run's, from Prometheus), not started. */
  arrivalsEnded?: boolean;
  /** dropped_iterations per second (the open model could not start them), null without samples. */
  dropped: number[] | null;
  /** By threshold key. */
  metrics: Record<string, MetricSeries>;
  /** LLM spend (USD) up to the end of each bucket, null without samples. */
  spend?: number[] | null;
}

type Tags = Record<string, string>;
interface Acc {
  type: string;
  limit: ThresholdLimit;
  n: number[];
  hits: number[];
  sum: number[];
  last: Maybe[];
  q: Array<Quantiles | undefined>;
}

const percentile = (aggregation: string): number => {
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
  return m ? Number(m[1]) : aggregation === 'med' ? 50 : 95;
};

function finish(acc: Acc, bucketSeconds: number): MetricSeries {
  switch (acc.type) {
    case 'rate':
      return { unit: '%', values: acc.n.map((n, i) => (n === 0 ? null : ((acc.hits[i] as number) / n) * 100)) };
    case 'counter':
      return { unit: 'per s', values: acc.sum.map((s) => s / bucketSeconds) };
    case 'gauge':
      return { unit: 'value', values: acc.last };
    default: {
      const p = percentile(acc.limit.parsed.aggregation);
      return { unit: 'ms', values: acc.q.map((q) => q?.at(p) ?? null) };
    }
  }
}

const cumulative = (xs: number[]): number[] => {
  let sum = 0;
  return xs.map((x) => {
    sum += x;
    return Math.round(sum * 1e6) / 1e6;
  });
};

const matches = (want: Tags, tags: Tags): boolean => Object.entries(want).every(([k, v]) => tags[k] === v);

/** Reads `analysis.source` once more; only lines of the wanted metrics are parsed. */
export async function readExtraSeries(analysis: RunAnalysis, limits: ThresholdLimit[]): Promise<ExtraSeries> {
  const width = analysis.bucketSeconds * 1000;
  const n = analysis.times.length;
  const first = analysis.times[0] ?? 0;
  const bucket = (t: number): number => {
    const i = Math.floor((t - first) / width);
    return i >= 0 && i < n ? i : -1;
  };
  const zeros = (): number[] => new Array<number>(n).fill(0);
  const accs = limits.map(
    (limit): Acc => ({
      type: analysis.metrics[limit.metric]?.type ?? 'trend',
      limit,
      n: zeros(),
      hits: zeros(),
      sum: zeros(),
      last: new Array<Maybe>(n).fill(null),
      q: new Array(n).fill(undefined),
    }),
  );
  const wanted = new Set([
    'iteration_duration',
    'dropped_iterations',
    METRICS.llmSpend,
    ...limits.map((l) => l.metric),
  ]);
  const needles = [...wanted].map((m) => `"metric":"${m}"`);
  const arrivals = zeros(),
    dropped = zeros();
  const spend = zeros();
  let sawArrivals = false,
    sawDropped = false,
    sawSpend = false;
  const source = await readLines(analysis.source);
  for await (const batch of source.batches)
    for (const line of batch) {
      if (!needles.some((s) => line.includes(s))) continue;
      let obj: { type?: string; metric?: string; data?: { time?: string; value?: number; tags?: Tags } };
      try {
        obj = JSON.parse(line);
      } catch {
        continue;
      }
      if (obj.type !== 'Point' || !obj.metric || !wanted.has(obj.metric) || typeof obj.data?.value !== 'number')
        continue;
      const t = Date.parse(obj.data.time ?? '');
      const tags = obj.data.tags ?? {};
      if (!Number.isFinite(t) || tags.group === '::setup' || tags.group === '::teardown') continue;
      const value = obj.data.value;
      if (obj.metric === 'iteration_duration' && tags.scenario) {
        const i = bucket(t - value);
        if (i >= 0) {
          arrivals[i]++;
          sawArrivals = true;
        }
      } else if (obj.metric === 'dropped_iterations') {
        const i = bucket(t);
        if (i >= 0) {
          dropped[i] += value;
          sawDropped = true;
        }
      }
      const i = bucket(t);
      if (i < 0) continue;
      if (obj.metric === METRICS.llmSpend) {
        spend[i] += value;
        sawSpend = true;
      }
      for (const a of accs) {
        if (a.limit.metric !== obj.metric || !matches(a.limit.tags, tags)) continue;
        a.n[i]++;
        if (value !== 0) a.hits[i]++;
        a.sum[i] += value;
        a.last[i] = value;
        (a.q[i] ??= new Quantiles(2)).record(value);
      }
    }
  const perSecond = (xs: number[]): number[] => xs.map((x) => x / analysis.bucketSeconds);
  return {
    arrivals: sawArrivals ? perSecond(arrivals) : null,
    dropped: sawDropped ? perSecond(dropped) : null,
    metrics: Object.fromEntries(accs.map((a) => [a.limit.key, finish(a, analysis.bucketSeconds)])),
    spend: sawSpend ? cumulative(spend) : null,
  };
}
