// Step 2 of a run: the load itself. Starts the simulator (--env local) and checks its plumbing (the
// preflight a remote run did in prepare), runs the scaling-readiness preflight before stress-like
// profiles (a failing must-have ends the run here, before any request), writes plan.json, checks the
// target answers, bundles the scenario, starts the Kubernetes watcher and runs the load: the local k6
// (local-load.ts) or, for a distributed run, a k6-operator TestRun (distributed/load.ts); around it,
// the cluster metrics (cli/cluster: a local Prometheus, the environment's, or pod status) go into the
// timeline's `cluster` section. Everything it starts is pushed on the cleanup stack, so every path out
// stops it; the watcher and the simulator are stopped here already on the normal path.
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { buildScenarios } from '../../build.mjs';
import { type ClusterRun, grafanaRunLink, prometheusHeaders, startClusterRun } from '../cluster/index.ts';
import type { K6RunResult } from '../k6/index.ts';
import { startWatcher } from '../k8s/index.ts';
import { checkPlumbing, formatPlumbingProblems, withTarget } from '../plan/index.ts';
import { checklistLine, formatChecklist, PREFLIGHT_PROFILES, runPreflight } from '../preflight/index.ts';
import { ownedTempDir, simLogPath, spawnSimulator } from '../processes/index.ts';
import type { PreflightItem, RunOutcome, ThresholdsFromPrometheus, Timeline } from '../verdict/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { writeJson } from './folder/run-folder.ts';
import type { Interrupts } from './interrupts.ts';
import { lineBesideProgress, scheduleEndNotes } from './terminal/index.ts';
import type { ReadyRun, RunIo } from './prepare.ts';
import { probeTarget } from './run-checks.ts';
import { asK6Result, distributedLoad, type DistributedLoad } from './distributed/load.ts';
import { runLocalLoad } from './local-load.ts';

export interface Executed {
  outcome: RunOutcome;
  timeline: Timeline | null;
  /** The scaling-readiness checklist, when the preflight ran. */
  preflight?: PreflightItem[];
  /** k6's thresholds judged from the local Prometheus k6 wrote to (information beside k6's own). */
  thresholdsFromPrometheus?: ThresholdsFromPrometheus;
  /** Set when the preflight of the simulator's plumbing failed: the lines to print, no load was sent (exit 2). */
  stoppedBeforeLoad?: string[];
  /** A distributed run's runners, load window and thresholds over all runners (distributed/load.ts). */
  distributed?: DistributedLoad;
}

export async function executeLoad(
  run: ReadyRun,
  io: RunIo,
  cleanup: CleanupStack,
  interrupts: Interrupts,
): Promise<Executed> {
  const say = (line: string) => io.err(`${line}\n`);
  // While k6 draws its progress bars on a terminal, a line must not land inside them (live-lines.ts).
  const tty = !run.args.ci && process.stderr.isTTY === true;
  const sayLive = (line: string) => io.err(lineBesideProgress(line, tty));
  const { plan, shape, folder } = run;
  const runDir = folder.workDir;
  // Owned by this pid: should the CLI be killed, the next run sweeps it (owned-temp.ts).
  const bundleDir = ownedTempDir('aurora-load-bundle-');
  cleanup.push('bundle folder', () => rmSync(bundleDir, { recursive: true, force: true }));
  say(
    `aurora-load: ${plan.env} / ${plan.scenario} / ${plan.profile} (scale ${plan.scale}x) -> ${relative(io.root, folder.finalDir) || folder.finalDir}`,
  );
  say(`k6: ${run.k6.version.raw} (${run.k6.source})`);

  let urls = plan.target.kind === 'remote' ? { apiUrl: plan.target.apiUrl, wsUrl: plan.target.wsUrl } : undefined;
  let sim: Awaited<ReturnType<typeof spawnSimulator>> | undefined;
  let stopSim: (() => Promise<void>) | undefined;
  if (plan.sim) {
    say(
      `starting the simulator (time scale ${plan.sim.timeScale}x${plan.sim.faults.length ? `, faults: ${plan.sim.faults.join('; ')}` : ''})`,
    );
    sim = await spawnSimulator({
      root: io.root,
      timeScale: plan.sim.timeScale,
      seed: plan.sim.seed,
      faults: plan.sim.faults,
      secret: run.secret,
      rateLimit: plan.sim.rateLimit,
      rateLimitBypass: run.rateLimitBypass,
      logPath: simLogPath(runDir),
      ...(plan.distributed ? { k6Binary: run.k6.path } : {}),
    });
    const started = sim;
    stopSim = cleanup.push('simulator', () => started.stop());
    urls = { apiUrl: sim.url, wsUrl: sim.wsUrl };
    say(`simulator ready at ${sim.url}`);
    const plumbing = await checkPlumbing({
      apiUrl: sim.url,
      secretEnvVar: plan.secret.envVar,
      secret: run.secret,
      kube: plan.kubernetes && {
        kubeconfig: sim.kubeconfig,
        origin: 'the simulator',
        namespace: sim.namespace,
        hpas: plan.kubernetes.hpas,
        deployments: plan.kubernetes.deployments,
      },
      env: io.env,
    });
    // As for a remote target, one that does not answer is left to the reachability gate below (exit 3).
    if (plumbing.problems.length) {
      await stopSim();
      const outcome = { k6ExitCode: null, interrupted: false, timedOut: false };
      const lines = formatPlumbingProblems(plumbing.problems, 'before any load');
      return { timeline: null, outcome, stoppedBeforeLoad: lines };
    }
  }
  if (!urls) throw new Error('no target');
  let preflight: PreflightItem[] | undefined;
  const wantsPreflight = PREFLIGHT_PROFILES.includes(plan.profile) && !run.args.skipPreflight;
  if (wantsPreflight && !plan.kubernetes) say('preflight skipped: the env file has no kubernetes section to read');
  if (wantsPreflight && plan.kubernetes && !interrupts.early) {
    say('preflight: the scaling checklist, before any load (--skip-preflight to go without)');
    const checked = await runPreflight({
      access: sim
        ? { kubeconfig: sim.kubeconfig, namespace: sim.namespace }
        : {
            kubeconfig: plan.kubernetes.kubeconfig,
            context: plan.kubernetes.context,
            namespace: plan.kubernetes.namespace,
          },
      settings: plan.preflight,
      peakArrivalRate: shape.peakArrivalRate,
    });
    preflight = checked.items;
    for (const line of [...formatChecklist(checked.items), checklistLine(checked.items)]) say(line);
    if (!checked.passed) {
      await stopSim?.();
      const outcome = { k6ExitCode: null, interrupted: false, timedOut: false, stoppedByPreflight: true };
      return { timeline: null, outcome, preflight };
    }
  }
  const runConfig = { ...withTarget(plan.runConfig, urls), runId: run.runName };
  writeJson(join(runDir, 'plan.json'), { ...plan, runConfig, shape });

  const reachable = interrupts.early ? null : await probeTarget(urls.apiUrl);
  let result: K6RunResult = { exitCode: null, signal: null, timedOut: false, interrupted: interrupts.early };
  let stopWatcher: (() => Promise<Timeline>) | undefined;
  let cluster: ClusterRun | undefined;
  let loadStartedAt = Date.now();
  let distributed: DistributedLoad | undefined;
  let thresholdsFromPrometheus: ThresholdsFromPrometheus | undefined;
  if (!interrupts.early && !reachable) {
    const [bundle] = await buildScenarios({ names: [plan.scenario], outdir: bundleDir });
    await stopEsbuild(); // its service process would otherwise live as long as the CLI
    if (plan.kubernetes) {
      const watcher = startWatcher({
        kubeconfig: sim ? sim.kubeconfig : plan.kubernetes.kubeconfig,
        context: sim ? undefined : plan.kubernetes.context,
        namespace: sim ? sim.namespace : plan.kubernetes.namespace,
        hpas: plan.kubernetes.hpas,
        deployments: plan.kubernetes.deployments,
        print: sayLive,
      });
      stopWatcher = cleanup.push('Kubernetes watcher', () => watcher.stop());
      const remote = plan.prometheus?.queryUrl;
      const started = await startClusterRun({
        env: io.env as NodeJS.ProcessEnv,
        runDir,
        say,
        namespace: sim ? sim.namespace : plan.kubernetes.namespace,
        deployments: plan.kubernetes.deployments,
        kubeconfig: sim ? sim.kubeconfig : plan.kubernetes.kubeconfig,
        context: sim ? undefined : plan.kubernetes.context,
        simMetricsUrl: sim?.metricsUrl || undefined,
        remote:
          !sim && remote && plan.prometheus
            ? {
                client: { url: remote, headers: prometheusHeaders(plan.prometheus, io.env) },
                scrapeIntervalSeconds: plan.prometheus.scrapeIntervalSeconds,
              }
            : undefined,
        rateWindowSeconds: plan.clusterRateWindowSeconds,
      });
      cluster = started;
      cleanup.push('cluster metrics (Prometheus)', () => started.stop());
    }
    loadStartedAt = Date.now();
    if (plan.distributed) {
      distributed = await distributedLoad({
        run,
        bundlePath: bundle.path,
        runConfig,
        sim,
        cluster,
        cleanup,
        interrupts,
        env: io.env,
        say: sayLive,
      });
      result = asK6Result(distributed);
    } else {
      ({ result, thresholdsFromPrometheus } = await runLocalLoad({
        run,
        root: io.root,
        env: io.env,
        bundlePath: bundle.path,
        runConfig,
        apiUrl: urls.apiUrl,
        sim,
        localPrometheusUrl: sim ? cluster?.prometheusUrl : undefined,
        loadStartedAt,
        cleanup,
        interrupts,
        say,
        sayLive,
      }));
    }
    // k6 draws a scenario whose ramp-down ran out of iterations to start as ✗: say why.
    if (!plan.distributed && !result.interrupted && !result.timedOut && result.exitCode !== null)
      for (const note of scheduleEndNotes(shape)) say(note);
    if (plan.prometheus?.grafanaUrl) {
      const ns = sim ? sim.namespace : (plan.kubernetes?.namespace ?? 'aurora');
      say(`Grafana: ${grafanaRunLink(plan.prometheus.grafanaUrl, run.runName, ns, loadStartedAt, Date.now())}`);
    }
  }
  const interrupted = result.interrupted || interrupts.early;
  // The queue gate may wait (bounded) for the Celery queue to drain, with the watcher still on.
  const clusterMetrics = cluster
    ? await cluster
        .finish({ fromMs: loadStartedAt, gates: interrupted ? undefined : plan.clusterGates })
        .catch((err: unknown) => {
          say(`cluster metrics not collected: ${(err as Error).message}`);
          return undefined;
        })
    : undefined;
  const watched = stopWatcher ? await stopWatcher() : null;
  const timeline = watched && clusterMetrics ? { ...watched, cluster: clusterMetrics } : watched;
  if (timeline) writeJson(join(runDir, 'timeline.json'), timeline);
  await stopSim?.();
  return {
    timeline,
    ...(preflight ? { preflight } : {}),
    ...(distributed ? { distributed } : {}),
    ...(thresholdsFromPrometheus ? { thresholdsFromPrometheus } : {}),
    outcome: {
      k6ExitCode: result.exitCode,
      interrupted: result.interrupted || interrupts.early,
      timedOut: result.timedOut,
      runProblem: reachable ?? distributed?.runProblem,
      ...(result.firstError ? { k6FirstError: result.firstError } : {}),
    },
  };
}
