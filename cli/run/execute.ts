// Step 2 of a run: the load itself. Starts the simulator (--env local), writes plan.json, checks the
// target answers, bundles the scenario, starts the Kubernetes watcher and runs k6 until it ends, is
// interrupted or hits the run bound; around k6, the cluster metrics (cli/cluster: a local Prometheus,
// the environment's, or pod status) go into the timeline's `cluster` section. Everything it starts is pushed on the cleanup stack, so every
// path out stops it; the watcher and the simulator are stopped here already on the normal path.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { buildScenarios } from '../../build.mjs';
import { RUN_ENV } from '../../lib/core/run-config.ts';
import {
  type ClusterRun,
  grafanaRunLink,
  k6RemoteWrite,
  prometheusHeaders,
  startClusterRun,
} from '../cluster/index.ts';
import { runK6, type K6RunResult } from '../k6/index.ts';
import { startWatcher } from '../k8s/index.ts';
import { withTarget } from '../plan/index.ts';
import { simLogPath, spawnSimulator } from '../processes/index.ts';
import type { RunOutcome, Timeline } from '../verdict/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { writeJson } from './folder/run-folder.ts';
import type { Interrupts } from './interrupts.ts';
import type { ReadyRun, RunIo } from './prepare.ts';
import { probeTarget } from './run-checks.ts';

export interface Executed {
  outcome: RunOutcome;
  timeline: Timeline | null;
}

export async function executeLoad(
  run: ReadyRun,
  io: RunIo,
  cleanup: CleanupStack,
  interrupts: Interrupts,
): Promise<Executed> {
  const say = (line: string) => io.err(`${line}\n`);
  const { plan, shape, folder } = run;
  const runDir = folder.workDir;
  const bundleDir = mkdtempSync(join(tmpdir(), 'aurora-load-bundle-'));
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
      logPath: simLogPath(runDir),
    });
    const started = sim;
    stopSim = cleanup.push('simulator', () => started.stop());
    urls = { apiUrl: sim.url, wsUrl: sim.wsUrl };
    say(`simulator ready at ${sim.url}`);
  }
  if (!urls) throw new Error('no target');
  const runConfig = { ...withTarget(plan.runConfig, urls), runId: run.runName };
  writeJson(join(runDir, 'plan.json'), { ...plan, runConfig, shape });

  const reachable = interrupts.early ? null : await probeTarget(urls.apiUrl);
  let result: K6RunResult = { exitCode: null, signal: null, timedOut: false, interrupted: interrupts.early };
  let stopWatcher: (() => Promise<Timeline>) | undefined;
  let cluster: ClusterRun | undefined;
  let loadStartedAt = Date.now();
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
        print: say,
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
    const rw = plan.prometheus ? k6RemoteWrite(plan.prometheus, run.runName, io.env) : undefined;
    if (rw) say(`k6 results -> ${plan.prometheus?.remoteWriteUrl} (testid=${run.runName})`);
    result = await runK6({
      k6Path: run.k6.path,
      bundle: bundle.path,
      ndjsonPath: join(runDir, 'k6.ndjson'),
      cwd: io.root,
      killAfterMs: run.safety.killAfterMs,
      plain: run.args.ci,
      extraArgs: rw?.args,
      env: {
        ...rw?.env,
        [RUN_ENV.config]: JSON.stringify(runConfig),
        [RUN_ENV.secret]: run.secret,
        [RUN_ENV.summaryPath]: join(runDir, 'summary.json'),
        AURORA_API_URL: urls.apiUrl,
      },
      onStart: interrupts.attach,
    });
    interrupts.detach();
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
    outcome: {
      k6ExitCode: result.exitCode,
      interrupted: result.interrupted || interrupts.early,
      timedOut: result.timedOut,
      runProblem: reachable ?? undefined,
    },
  };
}
