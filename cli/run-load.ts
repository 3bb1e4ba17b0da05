// `npm run load`, step by step. Returns the exit code; cli/load.ts only calls it and exits.
//   flags -> plan (prepare-run) -> [dry run] -> safety -> k6 -> run folder -> simulator (local) ->
//   bundle -> watcher + k6 -> finish (analysis, gates, verdict, reports) -> secret scrub -> commit
// Every child (simulator, k6) is stopped on every path out, Ctrl-C included.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { buildScenarios } from '../build.mjs';
import { RUN_ENV } from '../lib/run-config.ts';
import type { LoadArgs } from './args.ts';
import { stopAll } from './children.ts';
import { confirmByTyping } from './confirm.ts';
import { formatDryRun } from './dry-run.ts';
import { EXIT } from './exit-codes.ts';
import { finishRun } from './finish-run.ts';
import { loadBaseline, type Baseline } from './gates/index.ts';
import { appendStepSummary } from './report/index.ts';
import { startWatcher, type K8sWatcher } from './k8s-watcher.ts';
import { provideK6 } from './k6/provide.ts';
import { downloadAllowed } from './k6/release.ts';
import { runK6, type K6RunResult } from './k6-process.ts';
import { SIM_DEFAULT_SECRET, withTarget } from './plan.ts';
import { prepareRun } from './prepare-run.ts';
import { resolveBaselineRef, saveBaseline } from './baselines.ts';
import { createRunFolder, runFolderName, writeJson } from './run-folder.ts';
import { describeTarget } from './safety.ts';
import { findSecretLeaks } from './scrub.ts';
import { simLogPath, startSimulator, type SimHandle } from './sim-process.ts';
import type { Timeline } from './types.ts';
import { verdictLine } from './verdict.ts';
import { baselineMismatch, probeTarget } from './run-checks.ts';

export interface RunIo {
  root: string;
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runLoad(args: LoadArgs, io: RunIo): Promise<number> {
  const say = (line: string) => io.err(`${line}\n`);
  const prep = await prepareRun(args, io.root, io.env);
  if (!prep.ok) {
    for (const w of prep.warnings) say(`warning: ${w}`);
    for (const m of prep.messages) say(m);
    return prep.exitCode;
  }
  const { plan, shape, safety, warnings } = prep.prepared;
  for (const w of warnings) say(`warning: ${w}`);

  if (args.dryRun) {
    io.out(formatDryRun(plan, shape, safety, relative(io.root, prep.prepared.entry)));
    // A dry run sends no load, so it needs no --yes; any other refusal fails it (CI can lint plans).
    const refusals = safety.refusals.filter((r) => r.kind !== 'confirmation');
    return refusals.length ? EXIT.invalidConfig : EXIT.ok;
  }
  if (safety.refusals.length) {
    say(`Refused (${plan.env}, ${plan.scenario}, ${plan.profile}):`);
    for (const r of safety.refusals) say(`  - ${r.message}`);
    return EXIT.invalidConfig;
  }
  if (safety.needsTypedConfirmation && !(await confirmByTyping(plan.env, describeTarget(plan)))) {
    say('Not confirmed; nothing was run.');
    return EXIT.invalidConfig;
  }
  const k6 = await provideK6({
    env: io.env, download: downloadAllowed(io.env, args.noDownload), tty: !args.ci && process.stderr.isTTY === true, say, write: io.err,
  });
  if (!k6.ok) {
    say(k6.message);
    return EXIT.invalidConfig;
  }
  let baseline: Baseline | undefined;
  if (args.baseline) {
    const ref = resolveBaselineRef(args.baseline, io.root, existsSync);
    if (!ref.ok) { say(ref.message); return EXIT.invalidConfig; }
    try {
      baseline = await loadBaseline(ref.path);
    } catch (err) {
      say((err as Error).message);
      return EXIT.invalidConfig;
    }
    const mismatch = baselineMismatch(baseline, plan);
    if (mismatch) say(`warning: ${mismatch}`);
  }
  const secret = io.env[plan.secret.envVar] || (plan.sim ? SIM_DEFAULT_SECRET : '');
  if (!secret) { say(`${plan.secret.envVar} is not set`); return EXIT.invalidConfig; }

  // From here on, children may run: every path goes through the finally below.
  const startedAt = new Date();
  const runName = runFolderName(startedAt, plan.env, plan.scenario, plan.profile);
  let folder;
  try {
    folder = createRunFolder(args.out ?? join(io.root, 'reports', runName));
  } catch (err) {
    say((err as Error).message);
    return EXIT.invalidConfig;
  }
  const runDir = folder.workDir;
  const bundleDir = mkdtempSync(join(tmpdir(), 'aurora-load-bundle-'));
  let sim: SimHandle | undefined;
  let watcher: K8sWatcher | undefined;
  let interrupt: ((s: NodeJS.Signals) => void) | undefined;
  let signals = 0;
  let interruptedEarly = false;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (interrupt) {
      say(signals === 1 ? `\n${signal}: stopping k6 gracefully; reports will still be written (again to stop k6 at once)` : `\n${signal}: stopping k6 now`);
      interrupt(signals === 1 ? signal : 'SIGKILL');
    } else {
      interruptedEarly = true;
      say(`\n${signal}: stopping`);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  say(`aurora-load: ${plan.env} / ${plan.scenario} / ${plan.profile} (scale ${plan.scale}x) -> ${relative(io.root, folder.finalDir) || folder.finalDir}`);
  say(`k6: ${k6.version.raw} (${k6.source})`);
  try {
    let urls = plan.target.kind === 'remote' ? { apiUrl: plan.target.apiUrl, wsUrl: plan.target.wsUrl } : undefined;
    if (plan.sim) {
      say(`starting the simulator (time scale ${plan.sim.timeScale}x${plan.sim.faults.length ? `, faults: ${plan.sim.faults.join('; ')}` : ''})`);
      sim = await startSimulator({
        root: io.root, timeScale: plan.sim.timeScale, seed: plan.sim.seed, faults: plan.sim.faults,
        secret, logPath: simLogPath(runDir),
      });
      urls = { apiUrl: sim.url, wsUrl: sim.wsUrl };
      say(`simulator ready at ${sim.url}`);
    }
    if (!urls) throw new Error('no target');
    const runConfig = { ...withTarget(plan.runConfig, urls), runId: runName };
    writeJson(join(runDir, 'plan.json'), { ...plan, runConfig, shape });

    let result: K6RunResult;
    const reachable = interruptedEarly ? null : await probeTarget(urls.apiUrl);
    if (interruptedEarly || reachable) {
      result = { exitCode: null, signal: null, timedOut: false, interrupted: interruptedEarly };
    } else {
      const [bundle] = await buildScenarios({ names: [plan.scenario], outdir: bundleDir });
      await stopEsbuild(); // its service process would otherwise live as long as the CLI
      if (plan.kubernetes) {
        watcher = startWatcher({
          kubeconfig: sim ? sim.kubeconfig : plan.kubernetes.kubeconfig,
          context: sim ? undefined : plan.kubernetes.context,
          namespace: sim ? sim.namespace : plan.kubernetes.namespace,
          hpas: plan.kubernetes.hpas,
          deployments: plan.kubernetes.deployments,
          print: say,
        });
      }
      result = await runK6({
        k6Path: k6.path,
        bundle: bundle.path,
        ndjsonPath: join(runDir, 'k6.ndjson'),
        cwd: io.root,
        killAfterMs: safety.killAfterMs,
        plain: args.ci,
        env: {
          [RUN_ENV.config]: JSON.stringify(runConfig),
          [RUN_ENV.secret]: secret,
          [RUN_ENV.summaryPath]: join(runDir, 'summary.json'),
          AURORA_API_URL: urls.apiUrl,
        },
        onStart: (fn) => { interrupt = fn; if (interruptedEarly) fn('SIGINT'); },
      });
      interrupt = undefined;
    }
    const timeline: Timeline | null = watcher ? await watcher.stop() : null;
    watcher = undefined;
    if (timeline) writeJson(join(runDir, 'timeline.json'), timeline);
    if (sim) { await sim.stop(); sim = undefined; }

    const finished = await finishRun({
      runDir, runId: runName, plan, shape, startedAt, timeline, baseline, log: say,
      outcome: {
        k6ExitCode: result.exitCode,
        interrupted: result.interrupted || interruptedEarly,
        timedOut: result.timedOut,
        runProblem: reachable ?? undefined,
      },
    });
    let exitCode = finished.verdict.exitCode;

    const leaks = await findSecretLeaks(runDir, [secret]);
    if (leaks.length) {
      say(`\nSECRET LEAK: the value of ${plan.secret.envVar} appears in ${leaks.join(', ')} of the run folder.`);
      say('This is a bug in aurora-load; the files stay in place for inspection. Do not upload or share this run folder.');
      say(`  ${runDir}`);
      return EXIT.runFailed;
    }
    const finalDir = folder.commit();
    say(`\nreports: ${relative(io.root, finalDir) || finalDir} (${[...new Set(['verdict.json', ...finished.files])].join(', ')})`);
    io.out(`${verdictLine(finished.verdict)}\n`);

    if (args.saveBaseline) {
      if (finished.verdict.passed) {
        const path = saveBaseline(join(finalDir, 'verdict.json'), args.saveBaseline, io.root);
        say(`baseline saved: ${relative(io.root, path)}`);
      } else {
        say(`baseline "${args.saveBaseline}" not saved: the run did not pass`);
      }
    }
    if (args.ci && await appendStepSummary(finished.verdict, io.env.GITHUB_STEP_SUMMARY)) say('summary.md appended to $GITHUB_STEP_SUMMARY');
    if (exitCode === EXIT.ok && signals > 0) exitCode = EXIT.interrupted;
    return exitCode;
  } catch (err) {
    say(`aurora-load: ${(err as Error).message}`);
    say(`  what was collected stays in ${runDir}`);
    return EXIT.runFailed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (watcher) await watcher.stop();
    if (sim) await sim.stop();
    await stopAll();
    rmSync(bundleDir, { recursive: true, force: true });
  }
}
