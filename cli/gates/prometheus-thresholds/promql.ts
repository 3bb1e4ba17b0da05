// The PromQL that judges one k6 threshold from what k6's `-o experimental-prometheus-rw` wrote, over
// every series of the run's testid (every runner of a distributed run): pure, no HTTP.
//   Trend p(N)/med: histogram_quantile over the sum of each series' last native histogram (they are
//                   cumulative: the last holds every observation); avg = sum / count; count. min and
//                   max cannot be read from a histogram.
//   Counter:        count = the sum of each series' last value; rate = count / the run's duration.
//   Rate:           http_req_failed weighted by each series' http_reqs; any Rate when one series only.
//   Gauge:          value, when one series only.
// Time trends are in seconds in Prometheus and in ms in thresholds.

export type MetricType = 'trend' | 'counter' | 'rate' | 'gauge';
export interface MetricKind {
  type: MetricType;
  /** 'time' (ms), 'data' (bytes) or 'default' */
  contains?: string;
}

/** How to turn what Prometheus answers into the threshold's value. */
export type ThresholdPlan =
  | {
      ok: true;
      query: string;
      /** The answer is a vector of per-series values to take only when it holds one series. */
      singleSeries?: boolean;
      /** Multiply the answer by this (s -> ms: 1000). */
      scale: number;
      /** Divide the answer by the run's duration in seconds (a Counter's rate). */
      perSecond?: boolean;
      /**
       * The same over each series' latest sample within Prometheus' lookback (5 min), asked when the
       * query answers nothing: some Prometheus versions (2.42, Debian's) drop the histogram in last_over_time.
       */
      fallback?: string;
    }
  | { ok: false; reason: string };

/** Rates whose per-series ratios can be weighted by a Counter k6 records for the same samples. */
export const RATE_COUNT_COMPANION: Record<string, string> = { http_req_failed: 'http_reqs' };

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A PromQL string literal. */
export function promString(v: string): string {
  return `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

/**
 * The label matchers of a run and a k6 submetric selector: testid="..", then every `tag:value` as
 * label="value" (an empty value matches series without the label, as k6 writes no empty label).
 * Throws on a tag name that cannot be a Prometheus label.
 */
export function labelMatchers(testid: string, tags: Record<string, string>): string {
  const parts = [`testid=${promString(testid)}`];
  for (const [name, value] of Object.entries(tags)) {
    if (!LABEL_NAME.test(name)) throw new Error(`tag "${name}" cannot be a Prometheus label`);
    parts.push(`${name}=${promString(value)}`);
  }
  return parts.join(',');
}

/** The series name k6 writes a Trend's native histogram under. */
export function histogramName(metric: string, contains: string | undefined): string {
  return `k6_${metric}${contains === 'time' ? '_seconds' : contains === 'data' ? '_bytes' : ''}`;
}

/** The percentile an aggregation asks for (med = 50), or null. */
export function percentileOf(aggregation: string): number | null {
  if (aggregation === 'med') return 50;
  const m = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
  return m ? Number(m[1]) : null;
}

export interface PlanInput {
  metric: string;
  tags: Record<string, string>;
  aggregation: string;
  kind: MetricKind;
  testid: string;
  windowSeconds: number;
}

export function planThreshold(i: PlanInput): ThresholdPlan {
  let sel: string;
  try {
    sel = labelMatchers(i.testid, i.tags);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const w = `[${Math.max(1, Math.ceil(i.windowSeconds))}s]`;
  const last = (series: string): string => `last_over_time(${series}{${sel}}${w})`;
  const { aggregation: agg } = i;
  switch (i.kind.type) {
    case 'trend': {
      const series = histogramName(i.metric, i.kind.contains);
      const p = percentileOf(agg);
      // p(99.9) / 100 is 0.9990000000000001 in floating point: written as 0.999.
      const of = (h: string): string | null =>
        p !== null
          ? `histogram_quantile(${Number((p / 100).toPrecision(12))}, ${h})`
          : agg === 'avg'
            ? `histogram_sum(${h}) / histogram_count(${h})`
            : agg === 'count'
              ? `histogram_count(${h})`
              : null;
      const query = of(`sum(${last(series)})`);
      const fallback = of(`sum(${series}{${sel}})`);
      const scale = i.kind.contains === 'time' && agg !== 'count' ? 1000 : 1;
      if (query && fallback) return { ok: true, query, fallback, scale };
      return {
        ok: false,
        reason: `${agg} of a Trend cannot be read from a native histogram (it keeps buckets, not the extremes)`,
      };
    }
    case 'counter': {
      const q = `sum(${last(`k6_${i.metric}_total`)})`;
      if (agg === 'count') return { ok: true, query: q, scale: 1 };
      if (agg === 'rate') return { ok: true, query: q, scale: 1, perSecond: true };
      break;
    }
    case 'rate': {
      if (agg !== 'rate') break;
      const count = RATE_COUNT_COMPANION[i.metric];
      const ratio = last(`k6_${i.metric}_rate`);
      if (count) {
        const n = last(`k6_${count}_total`);
        return { ok: true, query: `sum(${ratio} * ${n}) / sum(${n})`, scale: 1 };
      }
      // k6 exports a Rate as the ratio of each series only: one series is the answer, several are not.
      return { ok: true, query: ratio, scale: 1, singleSeries: true };
    }
    case 'gauge':
      if (agg === 'value') return { ok: true, query: last(`k6_${i.metric}`), scale: 1, singleSeries: true };
      break;
  }
  return { ok: false, reason: `${agg} of a ${i.kind.type} is not in what k6 writes to Prometheus` };
}
