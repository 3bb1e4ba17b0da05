// Simulator faults on the run's timeline: `--sim-fault "<spec>@stage:<n>"` or `"<spec>@<duration>"`
// fires that fault at that point of the load instead of before it. Pure: the specs as written in,
// the faults to start with, the timed ones and every error (with the valid values) out; then, once
// the load shape is known, the offset of each timed fault from the start of the load.
import { parseDurationSeconds } from '../../lib/core/duration.ts';
import { crashTargetProblem } from '../../sim/faults/crash-target.ts';
import { parseFaults } from '../../sim/faults/parse.ts';
import type { ShapeStage } from './shape/load-shape.ts';

/** When a timed fault fires: at the start of a load stage, or seconds after the load started. */
export type FaultTime = { stage: number } | { seconds: number };

export interface TimedFault {
  /** The fault spec without its time, as the simulator reads it: `crash=server`. */
  spec: string;
  at: FaultTime;
  /** As written, for messages: `crash=server@stage:5`. */
  written: string;
}

/** A timed fault placed on the load's clock. */
export interface FaultFire {
  spec: string;
  /** Seconds after the load started (the first sample of stage 0). */
  atSeconds: number;
  written: string;
}

export interface SplitFaults {
  /** Applied when the simulator starts. */
  start: string[];
  timed: TimedFault[];
  errors: string[];
}

export const FAULT_TIME_USAGE =
  '<spec>@stage:<n> or <spec>@<duration> (e.g. "crash=server@stage:5", "error-rate=0.05@90s") fires it at that point of the load';

function parseTime(text: string): FaultTime | undefined {
  const stage = /^stage:(\d+)$/.exec(text);
  if (stage) return { stage: Number(stage[1]) };
  try {
    return { seconds: parseDurationSeconds(/^\d+(\.\d+)?$/.test(text) ? `${text}s` : text) };
  } catch {
    return undefined;
  }
}

/** A spec's own problems: the registry's parser, and a crash target that cannot name a pod. */
function specProblems(spec: string): string[] {
  const parsed = parseFaults([spec]);
  if (!parsed.ok) return parsed.errors;
  return parsed.actions.flatMap((a) => crashTargetProblem(a.target) ?? []);
}

/** Splits `spec@time` (route templates never hold "@") and checks every spec. */
export function splitFaultSpecs(written: readonly string[]): SplitFaults {
  const out: SplitFaults = { start: [], timed: [], errors: [] };
  for (const raw of written) {
    const cut = raw.lastIndexOf('@');
    const spec = (cut < 0 ? raw : raw.slice(0, cut)).trim();
    const problems = specProblems(spec);
    if (cut >= 0) {
      const at = parseTime(raw.slice(cut + 1).trim());
      if (!at) problems.push(`fault "${raw}": "@${raw.slice(cut + 1)}" is not a time; write ${FAULT_TIME_USAGE}`);
      else if (!problems.length) out.timed.push({ spec, at, written: raw });
    } else if (!problems.length) {
      out.start.push(spec);
    }
    out.errors.push(...problems);
  }
  return out;
}

const stageList = (stages: readonly ShapeStage[]) =>
  stages.map((s) => `${s.index} at ${Math.round(s.startSeconds * 10) / 10}s`).join(', ');

/** Each timed fault's offset from the load's start; a stage the profile lacks or a time past its end is an error. */
export function placeFaults(
  timed: readonly TimedFault[],
  stages: readonly ShapeStage[],
  durationSeconds: number,
): { fires: FaultFire[]; errors: string[] } {
  const fires: FaultFire[] = [];
  const errors: string[] = [];
  for (const t of timed) {
    if ('stage' in t.at) {
      const stage = stages.find((s) => s.index === (t.at as { stage: number }).stage);
      if (stage) fires.push({ spec: t.spec, atSeconds: stage.startSeconds, written: t.written });
      else errors.push(`fault "${t.written}": this plan has no stage ${t.at.stage}; its stages: ${stageList(stages)}`);
    } else if (t.at.seconds < durationSeconds) {
      fires.push({ spec: t.spec, atSeconds: t.at.seconds, written: t.written });
    } else {
      errors.push(
        `fault "${t.written}": the load lasts ${Math.round(durationSeconds * 10) / 10}s of wall-clock time; ` +
          `pick a time before its end or a stage (${stageList(stages)})`,
      );
    }
  }
  return { fires: fires.sort((a, b) => a.atSeconds - b.atSeconds), errors };
}
