// Gates on the charts: threshold limits as horizontal lines on the panels that chart their metric,
// HPA deadlines and minimum ready counts on the replicas panel, failed gates named on their panel,
// and a panel of its own for each failed threshold whose metric no standing panel charts.
import { isFailed } from '../../verdict/gate-status.ts';
import type { GateResult, HpaExpectation } from '../../verdict/model.ts';
import { formatIn } from './legend-figures.ts';
import {
  settleSeries,
  type LimitLine,
  type PanelData,
  type PanelSources,
  type TimeMarker,
  type Unit,
} from './layout.ts';
import { PERCENTILE_OF, panelsFor, thresholdLimits, type ThresholdLimit } from './threshold-keys.ts';

/** A threshold limit in a panel's unit: rates as %, RCA times in s. */
function limitValue(l: ThresholdLimit, unit: Unit): number | null {
  const rate = l.parsed.aggregation === 'rate';
  // A counter's total (count > 10) has no place on a per-second chart, nor a rate's count on a % one.
  if ((unit === '%' || unit === 'per s') && !rate) return null;
  if (rate && unit === '%') return l.parsed.limit * 100;
  if (unit === 's') return l.parsed.limit / 1000;
  return l.parsed.limit;
}

function limitLabel(l: ThresholdLimit, unit: Unit, withService: boolean): string {
  const agg = PERCENTILE_OF[l.parsed.aggregation] ?? l.parsed.aggregation;
  const who = withService && l.tags.service ? `${l.tags.service} ` : '';
  return `${who}${agg} ${l.parsed.operator} ${formatIn(unit, limitValue(l, unit) ?? l.parsed.limit)}${l.passed ? '' : ' ✗'}`;
}

/** HPA expectations from the plan, else read back from the HPA gates' limits. */
export function expectationsFrom(gates: GateResult[], planned: HpaExpectation[] | undefined): HpaExpectation[] {
  if (planned && planned.length > 0) return planned;
  const out = new Map<string, HpaExpectation>();
  for (const g of gates) {
    if (g.kind !== 'hpa') continue;
    const up = /^(.+) scale-up$/.exec(g.name);
    const within = /within (\d+(?:\.\d+)?) s of stage (\d+)/.exec(g.limit);
    if (up && within)
      out.set(up[1]!, {
        ...(out.get(up[1]!) ?? { minReadyAtPeak: 0 }),
        hpa: up[1]!,
        scaleUpWithinSeconds: Number(within[1]),
        triggerStage: Number(within[2]),
      });
    const ready = /^(.+) ready at peak$/.exec(g.name);
    const min = /ready ≥ (\d+)/.exec(g.limit);
    if (ready && min && out.has(ready[1]!)) out.get(ready[1]!)!.minReadyAtPeak = Number(min[1]);
  }
  return [...out.values()];
}

export function panelGateFacts(
  id: string,
  unit: Unit,
  gates: GateResult[],
  src: PanelSources,
): { limits: LimitLine[]; markers: TimeMarker[]; failedGates: string[] } {
  const limits: LimitLine[] = [];
  const markers: TimeMarker[] = [];
  const failedGates: string[] = [];
  for (const l of thresholdLimits(gates)) {
    if (!panelsFor(l, src.analysis.services).includes(id)) continue;
    const value = limitValue(l, unit);
    if (value !== null) limits.push({ value, label: limitLabel(l, unit, id === 'errors'), failed: !l.passed });
    if (!l.passed) failedGates.push(`${l.key}: ${l.expression}`);
  }
  if (id === 'replicas') {
    for (const e of expectationsFrom(gates, src.facts?.hpaExpectations)) {
      const trigger = src.analysis.stages.find((s) => s.index === e.triggerStage);
      if (trigger)
        markers.push({ t: trigger.startMs / 1000 + e.scaleUpWithinSeconds, label: `${e.hpa} scale-up deadline` });
      if (e.minReadyAtPeak > 0)
        limits.push({
          value: e.minReadyAtPeak,
          label: `${e.hpa} ready ≥ ${e.minReadyAtPeak} at peak`,
          failed: gates.some((g) => g.kind === 'hpa' && g.name === `${e.hpa} ready at peak` && isFailed(g)),
        });
    }
    failedGates.push(...gates.filter((g) => g.kind === 'hpa' && isFailed(g)).map((g) => g.name));
  }
  if (id.startsWith('latency-')) {
    const service = id.slice('latency-'.length);
    failedGates.push(
      ...gates
        .filter((g) => g.kind === 'baseline' && isFailed(g) && g.name.startsWith(`baseline ${service} `))
        .map((g) => g.name),
    );
  }
  return { limits, markers, failedGates };
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** One panel per failed threshold key that no standing (non-empty) panel charts. */
export function failedMetricPanels(standing: PanelData[], gates: GateResult[], src: PanelSources): PanelData[] {
  const charted = new Set(standing.filter((p) => !p.empty).map((p) => p.id));
  const byKey = new Map<string, ThresholdLimit[]>();
  for (const l of thresholdLimits(gates)) {
    if (panelsFor(l, src.analysis.services).some((id) => charted.has(id))) continue;
    byKey.set(l.key, [...(byKey.get(l.key) ?? []), l]);
  }
  const half = src.analysis.bucketSeconds / 2;
  const x = src.analysis.times.map((t) => t / 1000 + half);
  const out: PanelData[] = [];
  for (const [key, all] of byKey) {
    const failed = all.filter((l) => !l.passed);
    if (failed.length === 0) continue;
    const metric = src.extra?.metrics[key];
    const unit: Unit = metric?.unit ?? 'value';
    const label =
      metric?.unit === '%'
        ? 'rate'
        : metric?.unit === 'per s'
          ? 'per second'
          : metric?.unit === 'ms'
            ? (PERCENTILE_OF[failed[0]!.parsed.aggregation] ?? failed[0]!.parsed.aggregation)
            : 'value';
    const series = metric ? settleSeries([{ label, style: 'solid', values: metric.values }], unit) : [];
    const empty = !series.some((s) => s.values.some((v) => v !== null));
    out.push({
      id: `gate-${slug(key)}`,
      title: `Failed gate: ${key}`,
      summary: `The metric of the failed threshold ${failed.map((l) => l.expression).join(', ')}, per time bucket${metric?.unit === '%' ? ' (share of samples that were true)' : metric?.unit === 'per s' ? ' (count per second)' : ''}; the red dashed line is its limit.`,
      unit,
      x,
      series,
      limits: all.flatMap((l) => {
        const value = limitValue(l, unit);
        return value === null ? [] : [{ value, label: limitLabel(l, unit, false), failed: !l.passed }];
      }),
      markers: [],
      failedGates: failed.map((l) => `${key}: ${l.expression}`),
      empty,
    });
  }
  return out;
}
