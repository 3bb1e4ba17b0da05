// Load profiles as pure math: a profile's shape (run-config ProfileShape, per-profile defaults below)
// becomes an ordered list of load stages with start offsets, in multiples of the base rates; then
// each scenario turns those levels into a k6 `ramping-arrival-rate` (open model) with its own rate.
// Every scenario of a run shares the same stage timeline, so the `stage` tag lines up across
// scenarios and with the CLI's Kubernetes timeline (HPA replicas per stage).
//
// lib/core: used by the bundles (options, stage tag) and by the CLI (--dry-run, HPA gates).
import { formatDuration, parseDurationSeconds } from './duration.ts';
import type { ProfileName, ProfileShape, RunConfig, ScenarioName } from './run-config.ts';

/**
 * How long a stress plateau must hold at timeScale 1 for the HPA to act and the new pods to serve:
 * HPA sync period 15 s + scale-up stabilisation window 60 s (docs/aurora-contract.md §4 `behavior`) + pod start-up
 * and readiness ~30 s, rounded up to 120 s so the plateau also shows the scaled-up steady state.
 */
export const HPA_PLATEAU_MIN_SECONDS = 120;
/** Duration of the short ramp between two stress steps (or into and out of a spike), timeScale 1. */
export const STEP_RAMP_SECONDS = 15;
/** k6 refuses stage and scenario durations under 1 s. */
export const K6_MIN_SECONDS = 1;

/** Built-in shapes; an env file's `profiles[name]` overrides them field by field. */
export const DEFAULT_PROFILES: Record<ProfileName, Required<Pick<ProfileShape, 'level' | 'hold'>> & ProfileShape> = {
  // 1 VU per scenario, a couple of iterations: a deploy check, not a measurement.
  smoke: { level: 1, hold: '1m' },
  load: { level: 1, rampUp: '1m', hold: '5m', rampDown: '30s' },
  stress: { level: 1, rampUp: '1m', stepHold: '2m', steps: 3, peak: 4, hold: '3m', rampDown: '1m' },
  spike: { level: 1, rampUp: '30s', stepHold: '1m', peak: 5, hold: '1m', rampDown: '30s' },
  soak: { level: 1, rampUp: '2m', hold: '1h', rampDown: '1m' },
  // A linear ramp from 0 to `peak` x base over `rampUp`; the abort thresholds end it.
  breakpoint: { level: 1, rampUp: '20m', peak: 10, hold: '1m' },
  // A load phase (latency gates run on its hold stage) then a stepped stress ramp (HPA gates).
  nightly: { level: 1, rampUp: '30s', hold: '3m', steps: 2, peak: 3, stepHold: '2m', rampDown: '30s' },
};

/** smoke's fixed iterations per scenario (one VU each). */
export const SMOKE_ITERATIONS = 2;

export type StageKind =
  | 'ramp-up'
  | 'hold'
  | 'baseline'
  | 'step-ramp'
  | 'step'
  | 'peak'
  | 'spike-ramp'
  | 'recovery'
  | 'ramp-down';

/** One load stage: k6 ramps linearly from `fromLevel` to `toLevel` over `durationSeconds`. */
export interface PlannedStage {
  index: number;
  kind: StageKind;
  /** Seconds since the scenario started (after timeScale). */
  startSeconds: number;
  durationSeconds: number;
  /** Multiples of the base rates (x scale) at the start and the end of the stage. */
  fromLevel: number;
  toLevel: number;
}

export interface ProfilePlan {
  profile: ProfileName;
  /** smoke runs a fixed number of iterations per scenario; every other profile is open-model. */
  executor: 'per-vu-iterations' | 'ramping-arrival-rate';
  stages: PlannedStage[];
  totalSeconds: number;
  /** Stage indexes the latency gates look at; undefined = the whole run. */
  gateStages?: number[];
  /** Level of the start of the first stage. */
  startLevel: number;
  peakLevel: number;
  warnings: string[];
}

/** The shape in effect: built-in defaults overlaid with the env file's fields. */
export function resolveShape(name: ProfileName, overrides: RunConfig['profiles'] = {}): ProfileShape {
  return { ...DEFAULT_PROFILES[name], ...stripUndefined(overrides[name] ?? {}) };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

interface Segment {
  kind: StageKind;
  seconds: number;
  to: number;
}

/**
 * The ordered stages of a profile with their start offsets. Durations are divided by `timeScale`
 * (the simulator's time compression) and never drop under k6's 1 s minimum; levels are multiples of
 * the base rates (scale is applied per scenario, see arrivalRateExecutor).
 */
export function planProfile(name: ProfileName, shape: ProfileShape = resolveShape(name), timeScale = 1): ProfilePlan {
  if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const sec = (d: string | undefined, field: string, fallback = 0) =>
    d === undefined ? fallback : parseDurationSeconds(d, `profiles.${name}.${field}`);
  const level = shape.level ?? 1;
  const peak = shape.peak ?? level;
  const hold = sec(shape.hold, 'hold');
  const rampUp = sec(shape.rampUp, 'rampUp');
  const rampDown = sec(shape.rampDown, 'rampDown');
  const stepHold = sec(shape.stepHold, 'stepHold', HPA_PLATEAU_MIN_SECONDS);
  const steps = Math.max(1, Math.floor(shape.steps ?? 1));
  const warnings: string[] = [];
  const segs: Segment[] = [];
  let startLevel = 0;
  let gateKind: StageKind | undefined;

  const stepsTo = (from: number) => {
    for (let k = 1; k <= steps; k++) {
      const to = from + ((peak - from) * k) / steps;
      segs.push({ kind: 'step-ramp', seconds: STEP_RAMP_SECONDS, to });
      segs.push(k === steps ? { kind: 'peak', seconds: hold, to } : { kind: 'step', seconds: stepHold, to });
    }
  };

  switch (name) {
    case 'smoke':
      startLevel = level;
      segs.push({ kind: 'hold', seconds: hold, to: level });
      break;
    case 'load':
    case 'soak':
      if (rampUp > 0) segs.push({ kind: 'ramp-up', seconds: rampUp, to: level });
      else startLevel = level;
      segs.push({ kind: 'hold', seconds: hold, to: level });
      if (rampDown > 0) segs.push({ kind: 'ramp-down', seconds: rampDown, to: 0 });
      break;
    case 'stress':
    case 'nightly':
      if (rampUp > 0) segs.push({ kind: 'ramp-up', seconds: rampUp, to: level });
      else startLevel = level;
      if (name === 'nightly') {
        // The load phase: its hold is where latency gates look, and it is the stress baseline.
        segs.push({ kind: 'hold', seconds: hold, to: level });
        gateKind = 'hold';
        // The peak of the nightly ramp holds one plateau, like every step.
        const peakHold = stepHold;
        for (let k = 1; k <= steps; k++) {
          const to = level + ((peak - level) * k) / steps;
          segs.push({ kind: 'step-ramp', seconds: STEP_RAMP_SECONDS, to });
          segs.push({ kind: k === steps ? 'peak' : 'step', seconds: k === steps ? peakHold : stepHold, to });
        }
      } else {
        segs.push({ kind: 'baseline', seconds: stepHold, to: level });
        stepsTo(level);
      }
      if (rampDown > 0) segs.push({ kind: 'ramp-down', seconds: rampDown, to: 0 });
      for (const s of segs) {
        if (['baseline', 'step', 'peak', 'hold'].includes(s.kind) && s.seconds < HPA_PLATEAU_MIN_SECONDS) {
          warnings.push(
            `profiles.${name}: a ${s.kind} plateau of ${s.seconds}s is shorter than ${HPA_PLATEAU_MIN_SECONDS}s ` +
              '(HPA sync 15s + scale-up window 60s + pod start-up ~30s); the HPA may not finish scaling within it',
          );
          break;
        }
      }
      break;
    case 'spike':
      if (rampUp > 0) segs.push({ kind: 'ramp-up', seconds: rampUp, to: level });
      else startLevel = level;
      segs.push({ kind: 'baseline', seconds: stepHold, to: level });
      segs.push({ kind: 'spike-ramp', seconds: STEP_RAMP_SECONDS, to: peak });
      segs.push({ kind: 'peak', seconds: hold, to: peak });
      segs.push({ kind: 'spike-ramp', seconds: STEP_RAMP_SECONDS, to: level });
      segs.push({ kind: 'recovery', seconds: stepHold, to: level });
      if (rampDown > 0) segs.push({ kind: 'ramp-down', seconds: rampDown, to: 0 });
      break;
    case 'breakpoint':
      segs.push({ kind: 'ramp-up', seconds: rampUp > 0 ? rampUp : 20 * 60, to: peak });
      if (hold > 0) segs.push({ kind: 'peak', seconds: hold, to: peak });
      break;
  }

  const stages: PlannedStage[] = [];
  let t = 0;
  let from = startLevel;
  for (const s of segs) {
    if (s.seconds <= 0) continue;
    const durationSeconds = Math.max(K6_MIN_SECONDS, Math.round(s.seconds / timeScale));
    stages.push({
      index: stages.length,
      kind: s.kind,
      startSeconds: t,
      durationSeconds,
      fromLevel: from,
      toLevel: s.to,
    });
    t += durationSeconds;
    from = s.to;
  }
  if (stages.length === 0) throw new Error(`profiles.${name} has no stage longer than 0s; set its hold`);
  const gateStages = gateKind ? stages.filter((s) => s.kind === gateKind).map((s) => s.index) : undefined;
  const peakLevel = Math.max(startLevel, ...stages.map((s) => s.toLevel));
  return {
    profile: name,
    executor: name === 'smoke' ? 'per-vu-iterations' : 'ramping-arrival-rate',
    stages,
    totalSeconds: t,
    gateStages,
    startLevel,
    peakLevel,
    warnings,
  };
}

/** The plan of the run config's profile (or another one). */
export function planFor(config: RunConfig, profile: ProfileName = config.profile): ProfilePlan {
  return planProfile(profile, resolveShape(profile, config.profiles), config.timeScale);
}

/** The index of the stage running `elapsedSeconds` after the scenario started (last stage after the end). */
export function stageIndexAt(
  stages: readonly Pick<PlannedStage, 'startSeconds' | 'durationSeconds'>[],
  elapsedSeconds: number,
): number {
  for (let i = 0; i < stages.length; i++) {
    if (elapsedSeconds < stages[i].startSeconds + stages[i].durationSeconds) return i;
  }
  return Math.max(0, stages.length - 1);
}

/**
 * k6 arrival-rate targets are integers per `timeUnit`, so fractional rates (0.1 RCA/s) need a longer
 * unit. Picks the shortest of 1s, 1m, 1h in which every positive rate rounds to at least 1 and moves
 * by at most 5%.
 */
export function chooseTimeUnit(ratesPerSecond: readonly number[]): { timeUnit: string; seconds: number } {
  const positive = ratesPerSecond.filter((r) => r > 0);
  for (const [timeUnit, seconds] of [
    ['1s', 1],
    ['1m', 60],
  ] as const) {
    if (
      positive.every((r) => {
        const n = Math.round(r * seconds);
        return n >= 1 && Math.abs(n - r * seconds) <= 0.05 * r * seconds;
      })
    ) {
      return { timeUnit, seconds };
    }
  }
  return { timeUnit: '1h', seconds: 3600 };
}

export interface ArrivalRateScenario {
  executor: 'ramping-arrival-rate';
  startRate: number;
  timeUnit: string;
  stages: { duration: string; target: number }[];
  preAllocatedVUs: number;
  maxVUs: number;
}

export interface VuBudget {
  /** Expected seconds of one iteration (sizes preAllocatedVUs). */
  typicalSeconds: number;
  /** Worst-case seconds of one iteration (sizes maxVUs). */
  worstSeconds: number;
}

/**
 * VUs an arrival-rate scenario needs (Little's law: concurrency = rate x time in system): enough
 * pre-allocated for typical iterations, and a max that covers worst-case ones, within `maxVUsCap`.
 */
export function vuPool(
  peakRatePerSecond: number,
  budget: VuBudget,
  maxVUsCap: number,
): { preAllocatedVUs: number; maxVUs: number } {
  const maxVUs = Math.max(1, Math.min(maxVUsCap, Math.ceil(peakRatePerSecond * budget.worstSeconds * 1.2) + 1));
  const preAllocatedVUs = Math.max(1, Math.min(maxVUs, Math.ceil(peakRatePerSecond * budget.typicalSeconds * 1.5) + 1));
  return { preAllocatedVUs, maxVUs };
}

/** One scenario's open-model executor: the plan's levels x its base rate x scale. */
export function arrivalRateExecutor(
  plan: ProfilePlan,
  baseRatePerSecond: number,
  scale: number,
  budget: VuBudget,
  maxVUsCap: number,
): ArrivalRateScenario {
  const rate = baseRatePerSecond * scale;
  const { timeUnit, seconds } = chooseTimeUnit(plan.stages.map((s) => s.toLevel * rate).concat(plan.peakLevel * rate));
  const target = (level: number) => Math.max(0, Math.round(level * rate * seconds));
  return {
    executor: 'ramping-arrival-rate',
    startRate: target(plan.startLevel),
    timeUnit,
    stages: plan.stages.map((s) => ({ duration: formatDuration(s.durationSeconds), target: target(s.toLevel) })),
    ...vuPool(plan.peakLevel * rate, budget, maxVUsCap),
  };
}

/** Peak arrival rate (iterations/s) of each scenario under a plan. */
export function peakRates(
  plan: ProfilePlan,
  config: Pick<RunConfig, 'rates' | 'scale'>,
  scenarios: readonly ScenarioName[],
): Record<ScenarioName, number> {
  const out = { rest: 0, chatbot: 0, rca: 0 };
  for (const s of scenarios) out[s] = plan.peakLevel * config.rates[s] * config.scale;
  return out;
}

/** A plan as lines for --dry-run: "stage 2  step        at 3m15s for 2m   2.0x -> 2.0x". */
export function describePlan(plan: ProfilePlan): string[] {
  const clock = (s: number) => (s >= 60 ? `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}` : `${s}s`);
  return plan.stages.map(
    (s) =>
      `stage ${String(s.index).padEnd(2)} ${s.kind.padEnd(10)} at ${clock(s.startSeconds).padEnd(7)} for ${clock(s.durationSeconds).padEnd(6)} ` +
      `${s.fromLevel.toFixed(2)}x -> ${s.toLevel.toFixed(2)}x${plan.gateStages?.includes(s.index) ? '  (latency gates)' : ''}`,
  );
}
