// Why k6 shows a passing ramping-arrival-rate scenario as `✗ [ 96% ] 34.5s/36s`. k6 starts an
// iteration each time the integral of the arrival rate crosses a whole number (the executor's
// schedule, lib/executor/ramping_arrival_rate.go in k6); a ramp-down toward 0 asks for its last
// iteration before the schedule's end, and when nothing is left to start k6 ends the scenario there
// and draws it as interrupted (✗, the percentage of its time that had passed). No iteration is cut.
// This reproduces k6's schedule so the run can say so, instead of leaving a ✗ unexplained. Pure.
import type { LoadShape } from '../../plan/index.ts';

export interface RateStage {
  durationSeconds: number;
  /** Arrival rate at the end of the stage, iterations/s. */
  target: number;
}

/** Seconds from the scenario's start at which k6 starts its last iteration; null when it starts none. */
export function lastArrivalSeconds(startRate: number, stages: readonly RateStage[]): number | null {
  let from = startRate;
  let stageStart = 0;
  let doneSoFar = 0;
  let endCount = 0;
  let next = 1; // k6 counts iterations from 1: iteration i starts when the integral reaches i
  let last: number | null = null;
  for (const { durationSeconds: dur, target: to } of stages) {
    endCount += from !== to ? dur * ((to - from) / 2 + from) : dur * to;
    const i = Math.floor(endCount + 1e-9);
    if (i >= next) {
      const k = i - doneSoFar;
      const x =
        from !== to
          ? (from * dur - Math.sqrt(Math.max(0, dur * (from * from * dur + 2 * k * (to - from))))) / (from - to)
          : k / to;
      last = stageStart + Math.min(dur, Math.max(0, x));
      next = i + 1;
    }
    doneSoFar = endCount;
    from = to;
    stageStart += dur;
  }
  return last;
}

/** A gap shorter than this between the last start and the schedule's end is not worth a note. */
const NOTE_GAP_SECONDS = 0.1;

/** A note naming the arrival-rate scenarios k6 will end before their schedule does (none: no note). */
export function scheduleEndNotes(shape: Pick<LoadShape, 'scenarios'>): string[] {
  const early: string[] = [];
  for (const s of shape.scenarios) {
    if (s.executor !== 'ramping-arrival-rate' || !s.stages?.length) continue;
    const last = lastArrivalSeconds(s.startRate ?? 0, s.stages);
    if (last === null || s.durationSeconds - last < NOTE_GAP_SECONDS) continue;
    early.push(`${s.name} ✗ (its last iteration is due at ${last.toFixed(1)}s of ${s.durationSeconds}s)`);
  }
  if (!early.length) return [];
  return [
    `note: k6 may draw ${early.join(' and ')}: the ramp-down asks for no later iteration and k6 ends a ` +
      'scenario once nothing is left to start. Not an interruption: no iteration was cut.',
  ];
}
