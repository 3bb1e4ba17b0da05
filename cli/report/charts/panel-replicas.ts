// Replica and CPU series of every HPA from the watcher's timeline. Watch points are changes: a
// value holds until the next point of the same HPA, and the last state is carried to the chart's end.
import type { Maybe } from '../../analysis/types.ts';
import type { Timeline, TimelinePoint } from '../../verdict/model.ts';
import { hpaColor } from './colors.ts';
import type { RawSeries } from './layout.ts';

type Field = 'desired' | 'ready' | 'cpu';

function hpaPoints(
  timeline: Timeline | null,
  endMs: number,
): { points: TimelinePoint[]; hpas: string[]; times: number[] } {
  const points = (timeline?.points ?? []).filter((p) => p.kind === 'hpa').sort((a, b) => a.t - b.t);
  const hpas = [...new Set(points.map((p) => p.name))].sort();
  const times = [...new Set(points.map((p) => p.t))];
  const last = times[times.length - 1];
  if (last !== undefined && endMs > last) times.push(endMs);
  return { points, hpas, times };
}

function held(own: TimelinePoint[], times: number[], field: Field): Maybe[] {
  let i = 0;
  let last: Maybe = null;
  return times.map((t) => {
    while (i < own.length && (own[i]?.t as number) <= t) {
      const v = own[i]?.[field];
      if (typeof v === 'number') last = v;
      i++;
    }
    return last;
  });
}

export function replicaSeries(timeline: Timeline | null, endMs: number): { x: number[]; series: RawSeries[] } {
  const { points, hpas, times } = hpaPoints(timeline, endMs);
  const series: RawSeries[] = [];
  for (const hpa of hpas) {
    const own = points.filter((p) => p.name === hpa);
    for (const field of ['desired', 'ready'] as const) {
      const values = held(own, times, field);
      if (values.some((v) => v !== null)) {
        series.push({
          label: `${hpa} ${field}`,
          prefer: hpaColor(hpa, field),
          style: field === 'desired' ? 'dashed' : 'solid',
          step: true,
          values,
        });
      }
    }
  }
  return { x: times.map((t) => t / 1000), series };
}

export function cpuSeries(timeline: Timeline | null, endMs: number): { x: number[]; series: RawSeries[] } {
  const { points, hpas, times } = hpaPoints(timeline, endMs);
  const series: RawSeries[] = [];
  for (const hpa of hpas) {
    const values = held(
      points.filter((p) => p.name === hpa),
      times,
      'cpu',
    );
    if (values.some((v) => v !== null))
      series.push({ label: `${hpa} CPU`, prefer: hpaColor(hpa, 'desired'), style: 'solid', step: true, values });
  }
  return { x: times.map((t) => t / 1000), series };
}
