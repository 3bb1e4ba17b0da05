// Step 1 of a run: everything before any load, nothing that must be undone. The plan (flags -> env
// file -> k6 options -> safety), a --dry-run's answer, the refusals and the typed confirmation,
// k6, the baseline, the secret and the run folder. Returns a run ready to execute, or the exit code
// to stop with (after saying why).
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadBaseline, type Baseline } from '../gates/index.ts';
import { downloadAllowed, provideK6, type K6Resolution } from '../k6/index.ts';
import {
  confirmByTyping,
  describeTarget,
  formatDryRun,
  prepareRun,
  SIM_DEFAULT_SECRET,
  type LoadArgs,
  type Prepared,
} from '../plan/index.ts';
import { EXIT } from '../verdict/index.ts';
import { resolveBaselineRef } from './folder/baselines.ts';
import { createRunFolder, runFolderName, type RunFolder } from './folder/run-folder.ts';
import { baselineMismatch } from './run-checks.ts';

/** The CLI's world: the project root, the environment and the two output streams. */
export interface RunIo {
  root: string;
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A run that passed every check before load, with its folder created. */
export interface ReadyRun extends Prepared {
  args: LoadArgs;
  /** The k6 binary the run uses. */
  k6: Extract<K6Resolution, { ok: true }>;
  baseline?: Baseline;
  secret: string;
  startedAt: Date;
  runName: string;
  folder: RunFolder;
}

export type PrepareLoadResult = { ready: ReadyRun } | { exitCode: number };

export async function prepareLoad(args: LoadArgs, io: RunIo): Promise<PrepareLoadResult> {
  const say = (line: string) => io.err(`${line}\n`);
  const stop = (exitCode: number, ...lines: string[]): PrepareLoadResult => {
    for (const line of lines) say(line);
    return { exitCode };
  };
  const prep = await prepareRun(args, io.root, io.env);
  if (!prep.ok) return stop(prep.exitCode, ...prep.warnings.map((w) => `warning: ${w}`), ...prep.messages);
  const prepared = prep.prepared;
  const { plan, shape, safety } = prepared;
  for (const w of prepared.warnings) say(`warning: ${w}`);

  if (args.dryRun) {
    io.out(formatDryRun(plan, shape, safety, relative(io.root, prepared.entry)));
    // A dry run sends no load, so it needs no --yes; any other refusal fails it (CI can lint plans).
    const refusals = safety.refusals.filter((r) => r.kind !== 'confirmation');
    return { exitCode: refusals.length ? EXIT.invalidConfig : EXIT.ok };
  }
  if (safety.refusals.length) {
    return stop(
      EXIT.invalidConfig,
      `Refused (${plan.env}, ${plan.scenario}, ${plan.profile}):`,
      ...safety.refusals.map((r) => `  - ${r.message}`),
    );
  }
  if (safety.needsTypedConfirmation && !(await confirmByTyping(plan.env, describeTarget(plan)))) {
    return stop(EXIT.invalidConfig, 'Not confirmed; nothing was run.');
  }
  const k6 = await provideK6({
    env: io.env,
    download: downloadAllowed(io.env, args.noDownload),
    tty: !args.ci && process.stderr.isTTY === true,
    say,
    write: io.err,
  });
  if (!k6.ok) return stop(EXIT.invalidConfig, k6.message);

  let baseline: Baseline | undefined;
  if (args.baseline) {
    const ref = resolveBaselineRef(args.baseline, io.root, existsSync);
    if (!ref.ok) return stop(EXIT.invalidConfig, ref.message);
    try {
      baseline = await loadBaseline(ref.path);
    } catch (err) {
      return stop(EXIT.invalidConfig, (err as Error).message);
    }
    const mismatch = baselineMismatch(baseline, plan);
    if (mismatch) say(`warning: ${mismatch}`);
  }
  const secret = io.env[plan.secret.envVar] || (plan.sim ? SIM_DEFAULT_SECRET : '');
  if (!secret) return stop(EXIT.invalidConfig, `${plan.secret.envVar} is not set`);

  const startedAt = new Date();
  const runName = runFolderName(startedAt, plan.env, plan.scenario, plan.profile);
  let folder: RunFolder;
  try {
    folder = createRunFolder(args.out ?? join(io.root, 'reports', runName));
  } catch (err) {
    return stop(EXIT.invalidConfig, (err as Error).message);
  }
  return { ready: { ...prepared, args, k6, baseline, secret, startedAt, runName, folder } };
}
