// Step 1 of a run: everything before any load, nothing that must be undone. The plan (flags -> env
// file -> k6 options -> safety), the baseline, a --dry-run's answer, the refusals and the typed
// confirmation, the secret, the preflight of a remote run's plumbing (kubeconfig, Kubernetes
// access, the target's secret), k6 and the run folder. Returns a run ready to execute, or the exit code
// to stop with (after saying why).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadBaseline, type Baseline } from '../gates/index.ts';
import { downloadAllowed, provideK6, type K6Resolution } from '../k6/index.ts';
import {
  checkPlumbing,
  confirmByTyping,
  describeTarget,
  formatDryRun,
  formatPlumbingProblems,
  formatPreflightSection,
  kubeOfPlan,
  prepareRun,
  SIM_DEFAULT_SECRET,
  spendLines,
  withBaselineSpend,
  type LoadArgs,
  type Prepared,
} from '../plan/index.ts';
import { EXIT } from '../verdict/index.ts';
import { resolveBaselineRef } from './folder/baselines.ts';
import { createRunFolder, runFolderName, type RunFolder } from './folder/run-folder.ts';
import { settleStalePartials } from './folder/stale-partials.ts';
import { baselineMismatch } from './run-checks.ts';
import { resolvePrometheus } from '../cluster/index.ts';
import { distributedDryRun } from './distributed/dry-run.ts';

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
  /** Aurora's rate-limit bypass token, when the env file names its variable. A secret. */
  rateLimitBypass?: string;
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
  if (baseline?.spend) withBaselineSpend(prepared, { runId: baseline.runId, ...baseline.spend });

  if (args.dryRun) {
    io.out(formatDryRun(plan, shape, safety, relative(io.root, prepared.entry), prepared.spend));
    // The same preflight as a run; a local run's waits for its simulator, which a dry run never starts.
    const preflight =
      plan.target.kind === 'remote'
        ? await checkPlumbing({
            apiUrl: plan.target.apiUrl,
            secretEnvVar: plan.secret.envVar,
            secret: io.env[plan.secret.envVar] || undefined,
            kube: kubeOfPlan(plan),
            env: io.env,
          })
        : undefined;
    io.out(formatPreflightSection(preflight ?? 'after-simulator-start'));
    let distributedRefused = false;
    if (plan.distributed) {
      const runId = runFolderName(new Date(), plan.env, plan.scenario, plan.profile);
      try {
        io.out(`${await distributedDryRun(plan, runId, io.env)}\n`);
      } catch (err) {
        io.out(`\nDistributed: refused: ${(err as Error).message}\n`);
        distributedRefused = true;
      }
    }
    // A dry run sends no load, so it needs no --yes; any other refusal fails it (CI can lint plans).
    const refusals = safety.refusals.filter((r) => r.kind !== 'confirmation');
    const failed = refusals.length || preflight?.problems.length || distributedRefused;
    return { exitCode: failed ? EXIT.invalidConfig : EXIT.ok };
  }
  if (safety.refusals.length) {
    return stop(
      EXIT.invalidConfig,
      `Refused (${plan.env}, ${plan.scenario}, ${plan.profile}):`,
      ...safety.refusals.map((r) => `  - ${r.message}`),
    );
  }
  if (safety.needsTypedConfirmation) say(spendLines(plan, prepared.spend).slice(1).join('\n'));
  if (safety.needsTypedConfirmation && !(await confirmByTyping(plan.env, describeTarget(plan)))) {
    return stop(EXIT.invalidConfig, 'Not confirmed; nothing was run.');
  }
  if (plan.distributed && plan.sim) {
    const prometheus = resolvePrometheus(io.env as NodeJS.ProcessEnv);
    if (!prometheus.ok)
      return stop(
        EXIT.invalidConfig,
        `--runners ${plan.distributed.runners}: a distributed run judges its thresholds over all runners from Prometheus, ` +
          `and the local run starts one: ${prometheus.message}`,
      );
  }
  const secret = io.env[plan.secret.envVar] || (plan.sim ? SIM_DEFAULT_SECRET : '');
  if (!secret) return stop(EXIT.invalidConfig, `${plan.secret.envVar} is not set`);
  if (plan.target.kind === 'remote') {
    const preflight = await checkPlumbing({
      apiUrl: plan.target.apiUrl,
      secretEnvVar: plan.secret.envVar,
      secret,
      kube: kubeOfPlan(plan),
      env: io.env,
    });
    if (preflight.problems.length)
      return stop(EXIT.invalidConfig, ...formatPlumbingProblems(preflight.problems, 'before any load'));
    for (const note of preflight.notes) say(`preflight: ${note}`);
    // An unreachable target is left to the run's reachability gate: exit 3, with its reports.
  }

  const k6 = await provideK6({
    env: io.env,
    download: downloadAllowed(io.env, args.noDownload),
    tty: !args.ci && process.stderr.isTTY === true,
    say,
    write: io.err,
  });
  if (!k6.ok) return stop(EXIT.invalidConfig, k6.message);

  const startedAt = new Date();
  const runName = runFolderName(startedAt, plan.env, plan.scenario, plan.profile);
  const finalDir = args.out ?? join(io.root, 'reports', runName);
  for (const line of settleStalePartials(dirname(resolve(finalDir)))) say(line);
  let folder: RunFolder;
  try {
    folder = createRunFolder(finalDir);
  } catch (err) {
    return stop(EXIT.invalidConfig, (err as Error).message);
  }
  const rateLimitBypass = plan.rateLimitBypass ? io.env[plan.rateLimitBypass.envVar] || undefined : undefined;
  return { ready: { ...prepared, args, k6, baseline, secret, rateLimitBypass, startedAt, runName, folder } };
}
