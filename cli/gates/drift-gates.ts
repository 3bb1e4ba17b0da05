// The drift gate: within each hold stage, aurora-server's p50, p95 and error rate over the stage's last
// part against its first part, so a soak catches a slow leak without a baseline. Pure: the two
// parts of every hold (drift-windows.ts reads them from k6's NDJSON, cli/distributed/analysis/drift.ts
// from Prometheus for a distributed run) and the env file's tolerance in, gates out. A rise must pass
// both the relative and the absolute tolerance to count, as for baselines.
import { notEvaluated, type GateResult } from '../verdict/index.ts';
import { formatDelta, formatMs, formatPct } from './format.ts';

/** aurora-server requests (phase:request) of one part of a hold stage. */
export interface DriftPart {
  requests: number;
  errors: number;
  /** ms; null when the part had no request. */
  p50: number | null;
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
  p50: { relative: number; absoluteMs: number };
  p95: { relative: number; absoluteMs: number };
  errorRate: { absolute: number };
  minCount: number;
}

/**
 * Requests each part needs before its p95 is judged: 20 beyond the p95. With fewer, the p95 rests on
 * a handful of the slowest requests: a healthy local soak (about 165 requests a part) saw it rise
 * 45 ms, +63 %, from noise alone. Below this the p95 is shown, marked not judged, and the gate rests
 * on the median and the error rate, which a leak moves first.
 */
export const P95_MIN_REQUESTS = 400;

/** A rise drifts when it exceeds both the absolute and the relative tolerance (as baselines judge). */
function rise(first: number, last: number, tol: { relative: number; absoluteMs: number }) {
  const ms = last - first;
  const relative = first === 0 ? (ms > 0 ? Infinity : 0) : ms / first;
  return { ms, relative, drifted: ms > tol.absoluteMs && relative > tol.relative };
}

const errorRate = (p: DriftPart): number => (p.requests === 0 ? 0 : p.errors / p.requests);

function describeLimit(t: DriftLimits): string {
  const part = t.share === 0.25 ? 'quarter' : formatPct(t.share);
  return (
    `last ${part} vs first: p50 rise ≤ ${formatMs(t.p50.absoluteMs)} or ≤ ${formatPct(t.p50.relative)}, ` +
    `p95 rise ≤ ${formatMs(t.p95.absoluteMs)} or ≤ ${formatPct(t.p95.relative)} (from ${P95_MIN_REQUESTS} requests a part), ` +
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
    const p50 = rise(w.first.p50 ?? 0, w.last.p50 ?? 0, t.p50);
    const p95Judged = fewest >= P95_MIN_REQUESTS;
    const p95 = rise(w.first.p95, w.last.p95, t.p95);
    const p95Drifted = p95Judged && p95.drifted;
    const errorRise = errorRate(w.last) - errorRate(w.first);
    const errorDrift = errorRise > t.errorRate.absolute;
    const measured =
      `p50 ${formatMs(w.first.p50 ?? 0)} → ${formatMs(w.last.p50 ?? 0)} (${formatDelta(p50.relative)}), ` +
      `p95 ${formatMs(w.first.p95)} → ${formatMs(w.last.p95)} (${formatDelta(p95.relative)}` +
      `${p95Judged ? '' : `, not judged under ${P95_MIN_REQUESTS} requests a part`}), ` +
      `errors ${formatPct(errorRate(w.first))} → ${formatPct(errorRate(w.last))} (n ${w.first.requests}, ${w.last.requests})`;
    const passed = !p50.drifted && !p95Drifted && !errorDrift;
    const gate: GateResult = { kind: 'drift', name, measured, limit, passed };
    if (!gate.passed) {
      gate.detail = [
        p50.drifted ? `p50 rose ${formatMs(p50.ms)} within the hold at a constant load: a leak` : '',
        p95Drifted ? `p95 rose ${formatMs(p95.ms)} within the hold at a constant load: a leak or a growing queue` : '',
        errorDrift ? `the error rate rose ${formatPct(errorRise)} within the hold` : '',
      ]
        .filter(Boolean)
        .join('; ');
    }
    gates.push(gate);
  }
  return gates;
}

/**
 * The hold stages whose parts could not be read (a distributed run's Prometheus did not answer): one
 * gate each, not evaluated with the reason, never passed; `required` (soak) makes that a broken run.
 */
export function driftNotRead(
  holds: readonly { index: number; kind: string }[],
  problem: string,
  t: DriftLimits,
  required: boolean,
): GateResult[] {
  return holds.map((h) =>
    notEvaluated(
      {
        kind: 'drift',
        name: `aurora-server drift in stage ${h.index} (${h.kind})`,
        measured: "not evaluated: the hold's parts were not read",
        limit: describeLimit(t),
        passed: false,
        required,
      },
      'data missing',
      problem,
    ),
  );
}
