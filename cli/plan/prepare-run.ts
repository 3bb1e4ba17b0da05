// Everything before any load: flags -> env file -> plan -> the k6 options it yields -> safety.
// Returns either a ready plan or the messages and exit code to stop with. Prints nothing.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadArgs } from './args.ts';
import { readBundleOptions } from './shape/bundle-options.ts';
import { resolveEnvFile } from './env-file/resolve.ts';
import { loadEnvFile } from './env-file/load.ts';
import { EXIT } from '../verdict/index.ts';
import type { LoadShape } from './shape/load-shape.ts';
import type { RunPlan } from './plan.ts';
import { type FaultFire, placeFaults } from './fault-schedule.ts';
import { checkSafety, type SafetyVerdict } from './safety.ts';
import { shapeFromOptions } from './shape/shape-from-options.ts';
import { toGateTolerance } from './tolerance.ts';
import { planFor } from '../../lib/core/profiles.ts';
import { planSpend, rateLimitWarning, spendRefusal, type SpendPlan } from './spend-plan.ts';

export interface Prepared {
  plan: RunPlan;
  shape: LoadShape;
  safety: SafetyVerdict;
  /** Planned chat turns, RCAs and LLM spend (env-file unit costs; a baseline's means replace them later). */
  spend: SpendPlan;
  /** The scenario entry file (scenarios/<name>.ts). */
  entry: string;
  /** Simulator faults that fire during the load, on its clock (fault-schedule.ts). */
  faultFires: FaultFire[];
  warnings: string[];
}

export type PrepareResult =
  | { ok: true; prepared: Prepared }
  | { ok: false; exitCode: number; messages: string[]; warnings: string[] };

/** Limits that never bind: used only to read a plan the bundle refused, to explain the refusal. */
const UNLIMITED = { maxArrivalRate: 1e9, maxVUs: 1e9, maxDuration: '87600h' };

const fail = (messages: string[], warnings: string[] = []): PrepareResult => ({
  ok: false,
  exitCode: EXIT.invalidConfig,
  messages,
  warnings,
});

export async function prepareRun(
  args: LoadArgs,
  root: string,
  env: Record<string, string | undefined>,
): Promise<PrepareResult> {
  const where = resolveEnvFile(args.env, root, existsSync);
  if (!where.ok) return fail([where.message]);
  let text: string;
  try {
    text = readFileSync(where.path, 'utf8');
  } catch (err) {
    return fail([`${where.path}: cannot be read (${(err as Error).message})`]);
  }
  const loaded = loadEnvFile(text, where.path, env, {
    scenario: args.scenario,
    profile: args.profile,
    scale: args.scale,
    simFaults: args.simFaults,
    dryRun: args.dryRun,
    runners: args.runners,
  });
  if (!loaded.plan) {
    return fail(
      [
        `${where.path}: cannot run (${loaded.errors.length} problem${loaded.errors.length === 1 ? '' : 's'}):`,
        ...loaded.errors.map((e) => `  - ${e}`),
      ],
      loaded.warnings,
    );
  }
  const plan = loaded.plan;
  const warnings = [...loaded.warnings, ...toGateTolerance(plan.tolerance).warnings.map((w) => `${where.path}: ${w}`)];
  // The profile's own warnings (a stress plateau under 120 s, ...), said before the run, not by k6 during it.
  try {
    warnings.push(...planFor(plan.runConfig).warnings.map((w) => `${where.path}: load.${w}`));
  } catch {
    // an impossible shape: the bundle's options below name it
  }

  const entry = join(root, 'scenarios', `${args.scenario}.ts`);
  if (!existsSync(entry))
    return fail([`--scenario ${args.scenario}: scenarios/${args.scenario}.ts does not exist`], warnings);
  // The bundles re-check the env's limits and throw past them; then the plan is read again without
  // limits, so the safety check below can say what exceeds which limit (and with which fix).
  let shape: LoadShape;
  let bundleRefusal: string | undefined;
  try {
    shape = shapeFromOptions(await readBundleOptions(entry, plan.runConfig, tmpdir()));
  } catch (err) {
    bundleRefusal = (err as Error).message.split('\n')[0];
    try {
      shape = shapeFromOptions(await readBundleOptions(entry, { ...plan.runConfig, limits: UNLIMITED }, tmpdir()));
    } catch {
      return fail(
        [`scenarios/${args.scenario}.ts: could not read its k6 options for this plan: ${bundleRefusal}`],
        warnings,
      );
    }
  }
  if (!shape.scenarios.length)
    return fail([`scenarios/${args.scenario}.ts exports no options.scenarios for this plan`], warnings);

  const stageErrors = plan.hpaExpectations
    .filter((e) => e.triggerStage >= shape.stages.length)
    .map(
      (e) =>
        `${where.path}: hpa.expectations.${plan.profile}: ${e.hpa} triggers on stage ${e.triggerStage}, ` +
        `but profile ${plan.profile} has ${shape.stages.length} stage(s) (0..${shape.stages.length - 1}); see --dry-run`,
    );
  if (stageErrors.length) return fail(stageErrors, warnings);
  const placed = placeFaults(plan.sim?.timedFaults ?? [], shape.stages, shape.durationSeconds);
  if (placed.errors.length)
    return fail(
      placed.errors.map((e) => `--sim-fault: ${e}`),
      warnings,
    );

  const safety = checkSafety(plan, shape, { yes: args.yes });
  const spend = planSpend(plan, shape);
  const overBudget = spendRefusal(plan, spend);
  if (overBudget) safety.refusals.push(overBudget);
  const limited = rateLimitWarning(spend);
  if (limited) warnings.push(`${where.path}: ${limited}`);
  if (bundleRefusal && !safety.refusals.some((r) => r.kind !== 'confirmation')) {
    safety.refusals.push({
      kind: 'bundle',
      message: `scenarios/${args.scenario}.ts refuses this plan: ${bundleRefusal}`,
    });
  }
  return { ok: true, prepared: { plan, shape, safety, spend, entry, warnings, faultFires: placed.fires } };
}
