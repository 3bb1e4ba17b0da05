// HPA expectations held against the watcher's timeline and the load stages k6 reported.
// Watch points are change events: a value holds from its point until the next one.
import type { GateResult, HpaExpectation, Timeline, TimelinePoint } from '../verdict/index.ts';
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

function fail(hpa: string, what: string, limit: string, measured: string, detail: string): GateResult {
  return { kind: 'hpa', name: `${hpa} ${what}`, measured, limit, passed: false, detail };
}

function scaleUp(exp: HpaExpectation, points: TimelinePoint[], stages: StageStart[], watchEnd: number): GateResult {
  const name = `${exp.hpa} scale-up`;
  const trigger = stages.find((s) => s.index === exp.triggerStage);
  if (!trigger) {
    const seen = stages.map((s) => s.index).join(', ') || 'none';
    return fail(
      exp.hpa,
      'scale-up',
      `scale-up within ${exp.scaleUpWithinSeconds} s of stage ${exp.triggerStage}`,
      `stage ${exp.triggerStage} never started`,
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
  const detail =
    watchEnd < deadline
      ? `the watch ended ${watched} after stage ${exp.triggerStage} started, before the ${exp.scaleUpWithinSeconds} s window closed`
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
    return fail(
      exp.hpa,
      'ready at peak',
      limit,
      'no ready-replica observations',
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
  const detail =
    watchEnd < runEndMs + window * 1000
      ? `the watch ended ${watched} after load stopped, before the ${window} s window closed: keep watching longer`
      : `no scale-down in ${watched} after load stopped`;
  return { kind: 'hpa', name, measured: `desired stayed at ${from}`, limit, passed: false, detail };
}

/**
 * Two or three gates per expectation: scale-up started in time, ready replicas reached at the peak,
 * and (when asked) scale-down within the window after load stopped at `runEndMs`.
 */
export function hpaGates(
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
      gates.push(
        fail(
          exp.hpa,
          'scale-up',
          `scale-up within ${exp.scaleUpWithinSeconds} s of stage ${exp.triggerStage}`,
          'no observations',
          why + notes,
        ),
      );
      gates.push(fail(exp.hpa, 'ready at peak', `ready ≥ ${exp.minReadyAtPeak}`, 'no observations', why + notes));
      if (exp.scaleDownWithinSeconds !== undefined) {
        gates.push(
          fail(
            exp.hpa,
            'scale-down',
            `scale-down within ${exp.scaleDownWithinSeconds} s after load stopped`,
            'no observations',
            why + notes,
          ),
        );
      }
      continue;
    }
    const lastPoint = points[points.length - 1] as TimelinePoint;
    const watchEnd = Math.max(timeline?.endedAt ?? 0, lastPoint.t);
    gates.push(scaleUp(exp, points, stages, watchEnd));
    gates.push(readyAtPeak(exp, points, deployment, runEndMs));
    if (exp.scaleDownWithinSeconds !== undefined)
      gates.push(scaleDown(exp, exp.scaleDownWithinSeconds, points, runEndMs, watchEnd));
  }
  return gates;
}
