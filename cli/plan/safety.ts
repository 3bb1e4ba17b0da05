// Safety limits: whether a plan may run against its environment, and how long it may take before the
// CLI kills k6. Pure: plan, shape and flags in, refusals out.
import { parseDurationSeconds } from '../../lib/core/duration.ts';
import type { ProfileName } from '../../lib/core/run-config.ts';
import type { LoadShape } from './shape/load-shape.ts';
import type { RunPlan } from './plan.ts';

/** Profiles that push past average load. `nightly` ends in a stress ramp, so it counts too. */
export const STRESS_PROFILES: readonly ProfileName[] = ['stress', 'spike', 'breakpoint', 'nightly'];

export type RefusalKind = 'stress' | 'arrivalRate' | 'vus' | 'duration' | 'confirmation' | 'bundle' | 'spend';

export interface Refusal {
  kind: RefusalKind;
  message: string;
}

export interface SafetyVerdict {
  refusals: Refusal[];
  /** A production-like env: in a terminal, the env's name must be typed back before the run. */
  needsTypedConfirmation: boolean;
  /** Wall-clock ms after which the CLI stops k6 (SIGINT, then SIGKILL). */
  killAfterMs: number;
}

/**
 * How long k6 may run: its schedule and gracefulStop, plus setup/teardown slack, plus a margin
 * (10% or 60 s, whichever is more) so a slow target's tail is not cut, never past the env's maxDuration
 * plus that same margin.
 */
export function runBoundMs(shape: LoadShape, maxDurationSeconds: number): number {
  const planned = Math.min(shape.durationSeconds, maxDurationSeconds) + shape.gracefulStopSeconds + 30;
  return Math.round((planned + Math.max(60, planned * 0.1)) * 1000);
}

export function checkSafety(plan: RunPlan, shape: LoadShape, flags: { yes: boolean }): SafetyVerdict {
  const refusals: Refusal[] = [];
  const refuse = (kind: RefusalKind, message: string) => refusals.push({ kind, message });
  const s = plan.safety;
  const where = `${plan.envFile} (safety)`;
  if (STRESS_PROFILES.includes(plan.profile) && !s.allowStress) {
    refuse(
      'stress',
      `--profile ${plan.profile} is not allowed against ${plan.env}: ${where} has allowStress: false. ` +
        'Use --profile load, or set safety.allowStress: true if this environment may be stressed.',
    );
  }
  if (shape.peakArrivalRate > s.maxArrivalRate) {
    const fit = Math.floor(((plan.scale * s.maxArrivalRate) / shape.peakArrivalRate) * 100) / 100;
    refuse(
      'arrivalRate',
      `peak arrival rate ${round(shape.peakArrivalRate)}/s is above ${plan.env}'s limit of ${s.maxArrivalRate}/s ` +
        `(${where}: maxArrivalRate). Lower --scale (at most ${fit} fits) or raise the limit.`,
    );
  }
  if (shape.maxVUs > s.maxVUs) {
    refuse(
      'vus',
      `the plan needs up to ${shape.maxVUs} VUs, above ${plan.env}'s limit of ${s.maxVUs} (${where}: maxVUs). ` +
        'Lower --scale or raise the limit.',
    );
  }
  const maxSeconds = parseDurationSeconds(s.maxDuration, 'safety.maxDuration');
  if (shape.durationSeconds > maxSeconds) {
    refuse(
      'duration',
      `the plan runs ${fmt(shape.durationSeconds)}, longer than ${plan.env}'s limit of ${s.maxDuration} ` +
        `(${where}: maxDuration). Pick a shorter profile or raise the limit.`,
    );
  }
  if (s.requireConfirmation && !flags.yes) {
    refuse('confirmation', `${plan.env} requires confirmation: add --yes to run against ${describeTarget(plan)}.`);
  }
  return {
    refusals,
    needsTypedConfirmation: s.requireConfirmation,
    killAfterMs: runBoundMs(shape, maxSeconds),
  };
}

export function describeTarget(plan: RunPlan): string {
  return plan.target.kind === 'remote' ? plan.target.apiUrl : 'the local simulator';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function fmt(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m ? `${m}m${s ? `${s}s` : ''}` : `${s}s`;
}
