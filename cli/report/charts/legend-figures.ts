// The figure a legend shows before anyone hovers: a series' peak (latency, errors), average and
// peak (rates), or end value and peak (replicas), formatted in the panel's unit.
import type { Maybe } from '../../analysis/types.ts';
import { formatMs } from '../../gates/format.ts';

export type FigureUnit =
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

const trim = (s: string): string => (s.includes('.') ? s.replace(/\.?0+$/, '') : s);
const digits = (v: number): number => (Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);

export function formatIn(unit: FigureUnit, v: number): string {
  switch (unit) {
    case 'ms':
      return formatMs(v);
    case 's':
      return formatMs(v * 1000);
    case 'req/s':
    case 'it/s':
    case 'per s':
      return `${trim(v.toFixed(digits(v)))}/s`;
    case '%':
      return `${trim(v.toFixed(v < 1 ? 2 : 1))}%`;
    case 'MiB':
      return `${trim(v.toFixed(digits(v)))} MiB`;
    case 'USD':
      return `$${v.toFixed(v < 1 ? 4 : 2)}`;
    default:
      return trim(v.toFixed(digits(v)));
  }
}

/** "peak 812 ms", "avg 4.2/s · peak 9.1/s", "end 2 · peak 4"; "no data" for an empty series. */
export function legendFigure(values: Maybe[], unit: FigureUnit): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return 'no data';
  const peak = Math.max(...present);
  if (unit === 'USD') return `end ${formatIn(unit, present[present.length - 1] as number)}`;
  if (unit === 'replicas')
    return `end ${formatIn(unit, present[present.length - 1] as number)} · peak ${formatIn(unit, peak)}`;
  if (unit === 'req/s' || unit === 'it/s' || unit === 'per s') {
    // The average over the buckets that had traffic: idle wind-down buckets do not dilute it.
    const busy = present.filter((v) => v > 0);
    const avg = busy.length ? busy.reduce((a, b) => a + b, 0) / busy.length : 0;
    return `avg ${formatIn(unit, avg)} · peak ${formatIn(unit, peak)}`;
  }
  return `peak ${formatIn(unit, peak)}`;
}
