// The load stages on the chart's time axis, named from the plan (ramp-up, step 1, peak...), and
// where the load stages end: after that, only the RCA polls of analyses still in flight run (the
// wind-down), which is shaded as such rather than left under the last stage's band.
import type { Maybe, RunAnalysis } from '../../analysis/types.ts';
import type { PlanFacts } from './plan-facts.ts';

export interface StageBand {
  index: number;
  name: string;
  /** Seconds since the epoch. */
  start: number;
  end: number;
}

export interface LoadWindow {
  bands: StageBand[];
  /** When the load stages ended (s since the epoch): the plan's end, not the last RCA poll. */
  loadStop: number;
}

/**
 * The plan's stage 0 on the wall clock: a stage's first sample comes at or after its planned start,
 * so the smallest (first sample - planned offset) over all stages is the closest estimate.
 */
export function planAnchorMs(analysis: RunAnalysis, facts: PlanFacts | null): number | undefined {
  if (!facts) return undefined;
  let anchor: number | undefined;
  for (const s of analysis.stages) {
    const planned = facts.stages.find((p) => p.index === s.index);
    if (!planned) continue;
    const a = s.startMs - planned.startSeconds * 1000;
    if (anchor === undefined || a < anchor) anchor = a;
  }
  return anchor;
}

export function loadWindow(analysis: RunAnalysis, facts: PlanFacts | null): LoadWindow {
  const anchor = planAnchorMs(analysis, facts);
  const planned = facts && anchor !== undefined ? facts.stages[facts.stages.length - 1] : undefined;
  const plannedEnd =
    planned && anchor !== undefined ? anchor + (planned.startSeconds + planned.durationSeconds) * 1000 : undefined;
  const lastStart = analysis.stages[analysis.stages.length - 1]?.startMs ?? analysis.startMs;
  // An interrupted run stops before its plan does: load stopped at its last sample then.
  const stopMs =
    plannedEnd !== undefined ? Math.max(lastStart, Math.min(plannedEnd, analysis.loadEndMs)) : analysis.loadEndMs;
  const bands = analysis.stages.map((s, i) => ({
    index: s.index,
    name: facts?.stages.find((p) => p.index === s.index)?.name ?? `stage ${s.index}`,
    start: s.startMs / 1000,
    end: Math.min(analysis.stages[i + 1]?.startMs ?? stopMs, stopMs) / 1000,
  }));
  return { bands, loadStop: stopMs / 1000 };
}

/** The planned total arrival rate (iterations/s) at each x (s since the epoch): linear within a stage, 0 outside. */
export function plannedRate(analysis: RunAnalysis, facts: PlanFacts | null, x: number[]): Maybe[] | null {
  const anchor = planAnchorMs(analysis, facts);
  // smoke (per-VU iterations) plans no arrival rate: nothing to compare.
  if (!facts || anchor === undefined || facts.stages.every((s) => !s.targetRate)) return null;
  return x.map((sec) => {
    const offset = sec - anchor / 1000;
    for (let i = 0; i < facts.stages.length; i++) {
      const s = facts.stages[i]!;
      if (offset < s.startSeconds || offset >= s.startSeconds + s.durationSeconds) continue;
      // A stage ramps from the previous stage's target to its own (the first from its own: smoke and holds start at level).
      const from = i > 0 ? (facts.stages[i - 1]!.targetRate ?? 0) : s.kind === 'ramp-up' ? 0 : (s.targetRate ?? 0);
      const to = s.targetRate ?? from;
      return from + (to - from) * ((offset - s.startSeconds) / Math.max(s.durationSeconds, 1e-9));
    }
    return 0;
  });
}
