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
import { checkSafety, type SafetyVerdict } from './safety.ts';
import { shapeFromOptions } from './shape/shape-from-options.ts';
import { toGateTolerance } from './tolerance.ts';

export interface Prepared {
  plan: RunPlan;
  shape: LoadShape;
  safety: SafetyVerdict;
  /** The scenario entry file (scenarios/<name>.ts). */
  entry: string;
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

  const safety = checkSafety(plan, shape, { yes: args.yes });
  if (bundleRefusal && !safety.refusals.some((r) => r.kind !== 'confirmation')) {
    safety.refusals.push({
      kind: 'bundle',
      message: `scenarios/${args.scenario}.ts refuses this plan: ${bundleRefusal}`,
    });
  }
  return { ok: true, prepared: { plan, shape, safety, entry, warnings } };
}
