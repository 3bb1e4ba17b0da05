// k6 test double: how `-o experimental-prometheus-rw` maps k6 samples to Prometheus time series, as
// k6 does: one sink per time series (metric + tags), cumulative since the run started; every k6 tag
// a label (empty names or values dropped), `__name__` = k6_<metric> with its suffix, labels sorted.
//   Counter -> k6_<name>_total (the sum so far)      Gauge -> k6_<name> (the last value, as sent)
//   Rate    -> k6_<name>_rate (non-zero / all)       Trend -> native histogram k6_<name>_seconds
//              (time, ms -> s) / _bytes (data) / no suffix; or, not native, one gauge per trend
//              stat: k6_<name>_p99, _avg ... (no unit suffix; time values in seconds).
// Only series that got a sample with a later millisecond than their last one are sent at a push,
// stamped with that millisecond. Pure.
import { Sink } from '../../metrics/sink.ts';
import type { MetricContains, Sample, Tags } from '../../types.ts';
import { NativeHistogram, type HistogramSnapshot } from './native-histogram.ts';

export interface Label {
  name: string;
  value: string;
}
export interface TimeSeries {
  labels: Label[];
  samples: { value: number; timestamp: number }[];
  histograms: (HistogramSnapshot & { timestamp: number })[];
}

export interface MappingOptions {
  trendAsNativeHistogram: boolean;
  trendStats: string[];
}

interface Entry {
  sample: Sample;
  latestMs: number;
  sink: Sink;
  histogram: NativeHistogram | null;
}

const baseUnit = (c: MetricContains): string => (c === 'time' ? 'seconds' : c === 'data' ? 'bytes' : '');
/** Prometheus' base units: time in seconds (k6 records ms), data already in bytes. */
const adaptUnit = (c: MetricContains, v: number): number => (c === 'time' ? v / 1000 : v);

/** A trend stat's series suffix: p(95) -> p95, p(99.9) -> p999. */
export function statSuffix(stat: string): string {
  const p = /^p\((.+)\)$/.exec(stat);
  return p ? `p${(p[1] as string).replaceAll('.', '')}` : stat;
}

/** The labels of a series: __name__ (k6_ + metric + _suffix) and every non-empty tag, sorted by name. */
export function seriesLabels(metric: string, tags: Tags, suffix: string): Label[] {
  const labels: Label[] = [{ name: '__name__', value: `k6_${metric}${suffix ? `_${suffix}` : ''}` }];
  for (const [name, value] of Object.entries(tags)) if (name && value) labels.push({ name, value });
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const seriesKey = (s: Sample): string =>
  `${s.metric}\u0000${Object.keys(s.tags)
    .sort()
    .map((k) => `${k}\u0001${s.tags[k]}`)
    .join('\u0000')}`;

export class SeriesMapper {
  private readonly entries = new Map<string, Entry>();
  private seen = new Set<Entry>();

  constructor(private readonly o: MappingOptions) {}

  add(samples: readonly Sample[]): void {
    for (const s of samples) {
      const key = seriesKey(s);
      const ms = Math.trunc(s.time);
      let e = this.entries.get(key);
      if (!e) {
        const native = s.type === 'trend' && this.o.trendAsNativeHistogram;
        e = { sample: s, latestMs: ms, sink: new Sink(s.type), histogram: native ? new NativeHistogram() : null };
        this.entries.set(key, e);
        this.seen.add(e);
      } else if (ms > e.latestMs) {
        e.latestMs = ms;
        this.seen.add(e);
      }
      if (e.histogram) e.histogram.observe(adaptUnit(s.contains, s.value));
      else e.sink.add(s.value);
    }
  }

  /** The series to push now (those with newer samples since the last call). */
  take(): TimeSeries[] {
    const out: TimeSeries[] = [];
    for (const e of this.seen) out.push(...this.map(e));
    this.seen = new Set();
    return out;
  }

  private map(e: Entry): TimeSeries[] {
    const { metric, tags, type, contains } = e.sample;
    const one = (suffix: string, value: number): TimeSeries => ({
      labels: seriesLabels(metric, tags, suffix),
      samples: [{ value, timestamp: e.latestMs }],
      histograms: [],
    });
    switch (type) {
      case 'counter':
        return [one('total', e.sink.sum)];
      case 'gauge':
        return [one('', e.sink.last)];
      case 'rate':
        return [one('rate', e.sink.count ? e.sink.trues / e.sink.count : 0)];
      case 'trend':
        if (e.histogram)
          return [
            {
              labels: seriesLabels(metric, tags, baseUnit(contains)),
              samples: [],
              histograms: [{ ...e.histogram.snapshot(), timestamp: e.latestMs }],
            },
          ];
        // As k6: every stat in the base unit, the count included (k6 divides it too for time trends).
        return this.o.trendStats.map((stat) =>
          one(statSuffix(stat), adaptUnit(contains, stat === 'sum' ? e.sink.sum : e.sink.agg(stat, 0))),
        );
    }
  }
}
