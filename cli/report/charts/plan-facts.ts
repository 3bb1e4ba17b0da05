// What the report needs from the run's plan.json (written by the CLI before load): the stages by
// kind (ramp-up, step, peak...), their planned lengths and arrival rates, and the HPA expectations.
// Read loosely: an old or foreign plan.json gives fewer facts, never an error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planFor, type StageKind } from '../../../lib/core/profiles.ts';
import type { RunConfig } from '../../../lib/core/run-config.ts';
import type { HpaExpectation } from '../../verdict/model.ts';

export interface PlannedStageFacts {
  index: number;
  kind?: StageKind;
  /** A short name for the stage band: "ramp-up", "step 2", "↗ peak", "hold"... */
  name: string;
  startSeconds: number;
  durationSeconds: number;
  /** Planned total arrival rate (iterations/s of every arrival-rate scenario) at the end of the stage. */
  targetRate?: number;
}

export interface PlanFacts {
  stages: PlannedStageFacts[];
  hpaExpectations: HpaExpectation[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Band names from stage kinds: steps numbered, short ramps named by where they lead. */
export function stageNames(kinds: StageKind[]): string[] {
  let step = 0;
  return kinds.map((kind, i) => {
    const next = kinds[i + 1];
    switch (kind) {
      case 'step':
        return `step ${++step}`;
      case 'step-ramp':
        return next === 'peak' ? '↗ peak' : `↗ step ${step + 1}`;
      case 'spike-ramp':
        return next === 'peak' ? '↗ spike' : '↘ spike';
      default:
        return kind;
    }
  });
}

function kindsFromRunConfig(plan: Record<string, unknown>, count: number): StageKind[] | undefined {
  const runConfig = plan.runConfig;
  if (!isObject(runConfig) || typeof runConfig.profile !== 'string') return undefined;
  try {
    const kinds = planFor(runConfig as unknown as RunConfig).stages.map((s) => s.kind);
    return kinds.length === count ? kinds : undefined;
  } catch {
    return undefined;
  }
}

function hpaExpectations(value: unknown): HpaExpectation[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is HpaExpectation =>
      isObject(e) &&
      typeof e.hpa === 'string' &&
      num(e.triggerStage) !== undefined &&
      num(e.scaleUpWithinSeconds) !== undefined &&
      num(e.minReadyAtPeak) !== undefined,
  );
}

/** The facts of a parsed plan.json; null when it has no stage list. */
export function planFacts(plan: unknown): PlanFacts | null {
  if (!isObject(plan) || !isObject(plan.shape) || !Array.isArray(plan.shape.stages)) return null;
  const raw = plan.shape.stages
    .filter(isObject)
    .filter(
      (s) => num(s.index) !== undefined && num(s.startSeconds) !== undefined && num(s.durationSeconds) !== undefined,
    );
  if (raw.length === 0) return null;
  const kinds = kindsFromRunConfig(plan, raw.length);
  const names = kinds ? stageNames(kinds) : undefined;
  const stages = raw.map(
    (s, i): PlannedStageFacts => ({
      index: s.index as number,
      kind: kinds?.[i],
      name: names?.[i] ?? `stage ${s.index as number}`,
      startSeconds: s.startSeconds as number,
      durationSeconds: s.durationSeconds as number,
      targetRate: num(s.targetRate),
    }),
  );
  return { stages, hpaExpectations: hpaExpectations(plan.hpaExpectations) };
}

/** plan.json of a run folder, as facts; null when absent or unreadable. */
export function readPlanFacts(runDir: string): PlanFacts | null {
  try {
    return planFacts(JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')));
  } catch {
    return null;
  }
}
