// The drift gate: within each hold stage, aurora-server's p95 and error rate over the stage's last
// part against its first part, so a soak catches a slow leak without a baseline. Pure: the two
// parts of every hold (drift-windows.ts reads them from k6's NDJSON) and the env file's tolerance in,
// gates out. A rise must pass both the relative and the absolute tolerance to count, as for baselines.
import type { GateResult } from '../verdict/index.ts';
import { formatDelta, formatMs, formatPct } from './format.ts';

/** aurora-server requests (phase:request) of one part of a hold stage. */
export interface DriftPart {
  requests: number;
  errors: number;
  /** ms; null when the part had no request. */
  p95: number | null;
}

export interface HoldWindow {
  stage: number;
  /** The stage's kind in the profile: `hold`. */
  kind: string;
  first: DriftPart;
  last: DriftPart;
}

export interface DriftLimits {
  /** The share of the stage each part covers (0.25 = first and last quarter). */
  share: number;
  p95: { relative: number; absoluteMs: number };
  errorRate: { absolute: number };
  minCount: number;
}

const errorRate = (p: DriftPart): number => (p.requests === 0 ? 0 : p.errors / p.requests);

function describeLimit(t: DriftLimits): string {
  const part = t.share === 0.25 ? 'quarter' : formatPct(t.share);
  return (
    `last ${part} vs first: p95 rise ≤ ${formatMs(t.p95.absoluteMs)} or ≤ ${formatPct(t.p95.relative)}, ` +
    `error rate rise ≤ ${formatPct(t.errorRate.absolute)}`
  );
}

/**
 * One gate per hold stage with enough requests in both parts. A hold with too few is not judged;
 * when `required` (soak: drift is what the profile is for) that fails the run as a run problem.
 */
export function driftGates(windows: readonly HoldWindow[], t: DriftLimits, required: boolean): GateResult[] {
  const gates: GateResult[] = [];
  for (const w of windows) {
    const name = `aurora-server drift in stage ${w.stage} (${w.kind})`;
    const limit = describeLimit(t);
    const fewest = Math.min(w.first.requests, w.last.requests);
    if (fewest < t.minCount || w.first.p95 === null || w.last.p95 === null) {
      if (required) {
        gates.push({
          kind: 'run',
          name,
          measured: `not evaluated: ${w.first.requests} and ${w.last.requests} requests in the first and last part`,
          limit: `${t.minCount} requests in each part; ${limit}`,
          passed: false,
          detail: 'too few requests to judge drift in a profile that exists to find it: a longer hold or a higher rate',
        });
      }
      continue;
    }
    const rise = w.last.p95 - w.first.p95;
    const relative = w.first.p95 === 0 ? (rise > 0 ? Infinity : 0) : rise / w.first.p95;
    const latencyDrift = rise > t.p95.absoluteMs && relative > t.p95.relative;
    const errorRise = errorRate(w.last) - errorRate(w.first);
    const errorDrift = errorRise > t.errorRate.absolute;
    const measured =
      `p95 ${formatMs(w.first.p95)} → ${formatMs(w.last.p95)}` +
      ` (${formatDelta(relative)}), ` +
      `errors ${formatPct(errorRate(w.first))} → ${formatPct(errorRate(w.last))} (n ${w.first.requests}, ${w.last.requests})`;
    const gate: GateResult = { kind: 'drift', name, measured, limit, passed: !latencyDrift && !errorDrift };
    if (!gate.passed) {
      gate.detail = [
        latencyDrift ? `p95 rose ${formatMs(rise)} within the hold at a constant load: a leak or a growing queue` : '',
        errorDrift ? `the error rate rose ${formatPct(errorRise)} within the hold` : '',
      ]
        .filter(Boolean)
        .join('; ');
    }
    gates.push(gate);
  }
  return gates;
}
