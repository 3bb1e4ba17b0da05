// HPA expectations held against the watcher's timeline and the load stages k6 reported.
// Watch points are change events: a value holds from its point until the next one.
import {
  gateStatus,
  notEvaluated,
  type GateResult,
  type HpaExpectation,
  type NotEvaluatedReason,
  type Timeline,
  type TimelinePoint,
  withStatus,
} from '../verdict/index.ts';
import type { StageStart } from '../analysis/index.ts';
import { formatSeconds } from './format.ts';

const secondsBetween = (from: number, to: number): string => formatSeconds((to - from) / 1000);

/** The last point at or before `t` (the state at `t`), else undefined. */
function stateAt(points: TimelinePoint[], t: number): TimelinePoint | undefined {
  let found: TimelinePoint | undefined;
  for (const p of points) {
    if (p.t > t) break;
    found = p;
  }
  return found;
}

/** An expectation the timeline cannot judge (no observations, the watch ended early, no stage tag). */
function unjudged(
  hpa: string,
  what: string,
  limit: string,
  measured: string,
  reason: NotEvaluatedReason,
  detail: string,
): GateResult {
  return notEvaluated({ kind: 'hpa', name: `${hpa} ${what}`, measured, limit, passed: false }, reason, detail);
}

function scaleUp(
  exp: HpaExpectation,
  points: TimelinePoint[],
  stages: StageStart[],
  watchEnd: number,
  runEndMs: number,
): GateResult {
  const name = `${exp.hpa} scale-up`;
  const trigger = stages.find((s) => s.index === exp.triggerStage);
  if (!trigger) {
    const seen = stages.map((s) => s.index).join(', ') || 'none';
    return unjudged(
      exp.hpa,
      'scale-up',
      `scale-up within ${exp.scaleUpWithinSeconds} s of stage ${exp.triggerStage}`,
      `stage ${exp.triggerStage} never started`,
      'data missing',
      `stages seen in k6's output: ${seen}; the run ended before the trigger stage or samples carry no stage tag`,
    );
  }
  const start = (stateAt(points, trigger.startMs) ?? points[0]) as TimelinePoint;
  const from = start.desired as number;
  const deadline = trigger.startMs + exp.scaleUpWithinSeconds * 1000;
  const limit = `desired above ${from} within ${exp.scaleUpWithinSeconds} s of stage ${exp.triggerStage} start`;
  const after = points.filter((p) => p.t >= trigger.startMs);
  const rise = after.find((p) => (p.desired as number) > from);
  if (rise) {
    const peak = Math.max(...after.map((p) => p.desired as number));
    const measured = `desired ${from}→${rise.desired} after ${secondsBetween(trigger.startMs, rise.t)}${peak > (rise.desired as number) ? ` (peak ${peak})` : ''}`;
    const passed = rise.t <= deadline;
    return passed
      ? { kind: 'hpa', name, measured, limit, passed }
      : {
          kind: 'hpa',
          name,
          measured,
          limit,
          passed,
          detail: `scaled up ${secondsBetween(deadline, rise.t)} too late`,
        };
  }
  const watched = secondsBetween(trigger.startMs, watchEnd);
  // The watcher stopped seeing while load still ran: nothing can be said of the rest of the window.
  if (watchEnd < deadline && watchEnd < runEndMs) {
    return unjudged(
      exp.hpa,
      'scale-up',
      limit,
      `desired stayed at ${from} while watched`,
      'watcher blind',
      `the watch ended ${watched} after stage ${exp.triggerStage} started, while load still ran and before the ${exp.scaleUpWithinSeconds} s window closed`,
    );
  }
  const detail =
    watchEnd < deadline
      ? `no scale-up in the ${watched} the load ran after stage ${exp.triggerStage} started (the ${exp.scaleUpWithinSeconds} s window outlasted the load)`
      : `no scale-up in ${watched} of watching: check the HPA's metrics (kubectl describe hpa ${exp.hpa}) and the load level`;
  return { kind: 'hpa', name, measured: `desired stayed at ${from}`, limit, passed: false, detail };
}

function readyAtPeak(
  exp: HpaExpectation,
  points: TimelinePoint[],
  fallback: TimelinePoint[],
  runEndMs: number,
): GateResult {
  const name = `${exp.hpa} ready at peak`;
  const limit = `ready ≥ ${exp.minReadyAtPeak}`;
  let source = points.filter((p) => p.ready !== undefined);
  let note = '';
  if (source.length === 0 && fallback.length > 0) {
    source = fallback;
    note = ` (from Deployment ${exp.hpa})`;
  }
  if (source.length === 0) {
    return unjudged(
      exp.hpa,
      'ready at peak',
      limit,
      'no ready-replica observations',
      'data missing',
      'the watcher recorded no ready count for this HPA or a Deployment of the same name',
    );
  }
  // The state at load stop counts too: it holds from its point, which may be before the stop.
  const during = source.filter((p) => p.t <= runEndMs);
  const considered = during.length > 0 ? during : source.slice(0, 1);
  const peak = considered.reduce((best, p) => ((p.ready as number) > (best.ready as number) ? p : best));
  const passed = (peak.ready as number) >= exp.minReadyAtPeak;
  const gate: GateResult = { kind: 'hpa', name, measured: `ready peaked at ${peak.ready}${note}`, limit, passed };
  if (!passed)
    gate.detail = `only ${peak.ready} ready replica(s) before load stopped: scale-up too slow, pods not becoming ready, or maxReplicas too low`;
  return gate;
}

function scaleDown(
  exp: HpaExpectation,
  window: number,
  points: TimelinePoint[],
  runEndMs: number,
  watchEnd: number,
): GateResult {
  const name = `${exp.hpa} scale-down`;
  const atStop = (stateAt(points, runEndMs) ?? points[0]) as TimelinePoint;
  const from = atStop.desired as number;
  const limit = `desired below ${from} within ${window} s after load stopped`;
  const floor = Math.min(...points.map((p) => p.desired as number));
  if (from <= floor) {
    return {
      kind: 'hpa',
      name,
      measured: `desired already at its minimum (${from}) when load stopped`,
      limit: `desired back to ${floor} within ${window} s`,
      passed: true,
    };
  }
  const drop = points.find((p) => p.t > runEndMs && (p.desired as number) < from);
  if (drop) {
    const passed = drop.t <= runEndMs + window * 1000;
    const measured = `desired ${from}→${drop.desired} after ${secondsBetween(runEndMs, drop.t)}`;
    return passed
      ? { kind: 'hpa', name, measured, limit, passed }
      : {
          kind: 'hpa',
          name,
          measured,
          limit,
          passed,
          detail: `scaled down ${secondsBetween(runEndMs + window * 1000, drop.t)} too late (the HPA's scale-down stabilization window defaults to 300 s)`,
        };
  }
  const watched = secondsBetween(runEndMs, watchEnd);
  if (watchEnd < runEndMs + window * 1000) {
    return unjudged(
      exp.hpa,
      'scale-down',
      limit,
      `desired stayed at ${from} while watched`,
      'data missing',
      `the watch ended ${watched} after load stopped, before the ${window} s window closed: keep watching longer`,
    );
  }
  const detail = `no scale-down in ${watched} after load stopped`;
  return { kind: 'hpa', name, measured: `desired stayed at ${from}`, limit, passed: false, detail };
}

export interface HpaGateOptions {
  /** The run was interrupted: what the HPA had not done yet is not evaluated, never blamed on it. */
  interrupted?: boolean;
}

/** An interrupted run stopped before the expectation could be met: not evaluated, no scaling advice. */
function afterInterrupt(g: GateResult): GateResult {
  if (gateStatus(g) !== 'failed') return g;
  return notEvaluated(
    g,
    'data missing',
    `the run was interrupted before this expectation could be judged (measured so far: ${g.measured})`,
  );
}

/**
 * Two or three gates per expectation: scale-up started in time, ready replicas reached at the peak,
 * and (when asked) scale-down within the window after load stopped at `runEndMs`. Every HPA gate is
 * required: one the timeline cannot judge (watcher blind, data missing) fails the run with exit 3.
 */
export function hpaGates(
  timeline: Timeline | null | undefined,
  stages: StageStart[],
  expectations: HpaExpectation[],
  runEndMs: number,
  opts: HpaGateOptions = {},
): GateResult[] {
  const judged = blindAware(
    hpaExpectationGates(timeline, stages, expectations, runEndMs),
    timeline,
    stages,
    expectations,
    runEndMs,
  );
  return judged.map((g) => ({ ...withStatus(opts.interrupted ? afterInterrupt(g) : g), required: true }));
}

/**
 * A gate that did not pass while the watcher was blind during its window (timeline.blind) is not
 * evaluated: what the HPA did then is unknown. A gate that passed stays passed (the watcher saw it).
 */
function blindAware(
  gates: GateResult[],
  timeline: Timeline | null | undefined,
  stages: StageStart[],
  expectations: HpaExpectation[],
  runEndMs: number,
): GateResult[] {
  const spans = timeline?.blind ?? [];
  if (spans.length === 0) return gates;
  return gates.map((g) => {
    if (g.passed || g.status === 'not-evaluated') return g;
    const exp = expectations.find((e) => g.name.startsWith(`${e.hpa} `));
    if (!exp) return g;
    const from = stages.find((s) => s.index === exp.triggerStage)?.startMs ?? -Infinity;
    const to = runEndMs + (exp.scaleDownWithinSeconds ?? 0) * 1000;
    const span = spans.find((b) => b.from <= to && b.to >= from);
    if (!span) return g;
    const lasted = formatSeconds((span.to - span.from) / 1000);
    return notEvaluated(
      g,
      'watcher blind',
      `the watcher was blind for ${lasted} of this gate's window (${span.reason}); seen: ${g.measured}`,
    );
  });
}

function hpaExpectationGates(
  timeline: Timeline | null | undefined,
  stages: StageStart[],
  expectations: HpaExpectation[],
  runEndMs: number,
): GateResult[] {
  const gates: GateResult[] = [];
  for (const exp of expectations) {
    const points = (timeline?.points ?? [])
      .filter((p) => p.kind === 'hpa' && p.name === exp.hpa && typeof p.desired === 'number')
      .sort((a, b) => a.t - b.t);
    const deployment = (timeline?.points ?? [])
      .filter((p) => p.kind === 'deployment' && p.name === exp.hpa && typeof p.ready === 'number')
      .sort((a, b) => a.t - b.t);
    if (points.length === 0) {
      const why = timeline
        ? `the watcher recorded no status for HPA ${exp.hpa} in namespace ${timeline.namespace}`
        : 'no timeline.json: the Kubernetes watcher did not run';
      const notes = timeline?.notes.length ? ` (watch notes: ${timeline.notes.slice(-3).join('; ')})` : '';
      const blind = (what: string, limit: string): GateResult =>
        unjudged(exp.hpa, what, limit, 'no observations', 'watcher blind', why + notes);
      gates.push(blind('scale-up', `scale-up within ${exp.scaleUpWithinSeconds} s of stage ${exp.triggerStage}`));
      gates.push(blind('ready at peak', `ready ≥ ${exp.minReadyAtPeak}`));
      if (exp.scaleDownWithinSeconds !== undefined)
        gates.push(blind('scale-down', `scale-down within ${exp.scaleDownWithinSeconds} s after load stopped`));
      continue;
    }
    const lastPoint = points[points.length - 1] as TimelinePoint;
    const watchEnd = Math.max(timeline?.endedAt ?? 0, lastPoint.t);
    gates.push(scaleUp(exp, points, stages, watchEnd, runEndMs));
    gates.push(readyAtPeak(exp, points, deployment, runEndMs));
    if (exp.scaleDownWithinSeconds !== undefined)
      gates.push(scaleDown(exp, exp.scaleDownWithinSeconds, points, runEndMs, watchEnd));
  }
  return gates;
}
