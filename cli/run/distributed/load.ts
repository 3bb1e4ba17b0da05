// The load of a distributed run, in place of a local `k6 run`: the bundle into a ConfigMap, the
// secrets into a Secret, a TestRun with N runners (cli/distributed/), created through the user's
// kubeconfig (the simulator's for --env local, where it plays the operator) and followed until it
// ends. Its three objects are deleted on every path out (Ctrl-C and failures included) unless the
// env file says `cleanup: keep`; the runners' exit codes, their request rates and the thresholds over
// all runners (from Prometheus) and the run's analysis (route table, series, aggregates, the drift
// gate's hold windows: also from Prometheus) are read before the run's Prometheus stops.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunConfig } from '../../../lib/core/run-config.ts';
import type { RunAnalysis } from '../../analysis/index.ts';
import { type ClusterRun, type K6Output, prometheusHeaders, runRemoteWrite } from '../../cluster/index.ts';
import type { PromClient } from '../../cluster/prometheus/query.ts';
import {
  analysisFromPrometheus,
  buildSubmission,
  type DistributedDrift,
  driftFromPrometheus,
  distributedSummary,
  metricKinds,
  followTestRun,
  operatorClient,
  readRunnerRates,
  runnerEnv,
  runnersOutcome,
  runnerSummaries,
  type DistributedPlan,
} from '../../distributed/index.ts';
import { evaluateThresholdsFromPrometheus } from '../../gates/index.ts';
import type { K6RunResult } from '../../k6/index.ts';
import { loadKubeTarget } from '../../k8s/index.ts';
import type { DistributedSummary, GateResult } from '../../verdict/index.ts';
import type { CleanupStack } from '../cleanup-stack.ts';
import type { Interrupts } from '../interrupts.ts';
import type { ReadyRun } from '../prepare.ts';
import type { SimHandle } from '../../processes/index.ts';
import { keepRunnerLogs } from './runner-logs.ts';

/** Thresholds over every runner's series of the run (the testid), judged in Prometheus. */
export type ThresholdJudge = typeof evaluateThresholdsFromPrometheus;

/** Seconds added before the runners' start: setup() and the first pushes. */
const WINDOW_MARGIN_SECONDS = 30;

export interface DistributedLoadInput {
  run: ReadyRun;
  plan: DistributedPlan;
  bundlePath: string;
  runConfig: RunConfig;
  kube: { kubeconfig?: string; context?: string; namespace: string };
  /** Where the runners write (the remote-write output: k6 arguments, environment, URL) and where the CLI reads. */
  prometheus: { query: PromClient; remoteWrite: K6Output & { url: string } };
  env: Record<string, string | undefined>;
  cleanup: CleanupStack;
  interrupts: Interrupts;
  thresholds?: ThresholdJudge;
  say: (line: string) => void;
}

export interface DistributedLoad {
  k6ExitCode: number | null;
  firstError?: string;
  runProblem?: string;
  interrupted: boolean;
  timedOut: boolean;
  loadStartMs: number;
  loadEndMs: number;
  distributed: DistributedSummary;
  thresholdGates?: GateResult[];
  /** The run's analysis read from Prometheus (absent when no load was sent); stages are the caller's. */
  analysis?: RunAnalysis;
  /** The drift gate's hold windows from Prometheus, or why not; absent = no drift gate (or no load). */
  drift?: DistributedDrift;
}

/** The load's end as a local k6's would be: execute.ts and the verdict read it the same way. */
export function asK6Result(d: DistributedLoad): K6RunResult {
  return {
    exitCode: d.k6ExitCode,
    signal: null,
    timedOut: d.timedOut,
    interrupted: d.interrupted,
    ...(d.firstError ? { firstError: d.firstError } : {}),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runDistributedLoad(i: DistributedLoadInput): Promise<DistributedLoad> {
  const { run, plan, say } = i;
  const rw = i.prometheus.remoteWrite;
  const file = basename(i.bundlePath);
  const submission = buildSubmission({
    runId: run.runName,
    namespace: i.kube.namespace,
    runners: plan.runners,
    runner: plan.runner,
    separate: plan.separate,
    script: { file, content: readFileSync(i.bundlePath, 'utf8') },
    ...runnerEnv({ runConfig: i.runConfig, secret: run.secret, rateLimitBypass: run.rateLimitBypass, remoteWrite: rw }),
  });
  const loaded = loadKubeTarget({ kubeconfig: i.kube.kubeconfig, context: i.kube.context }, i.env);
  if (!loaded.ok) throw new Error(`${loaded.problem.message} (fix: ${loaded.problem.fix})`);
  const client = operatorClient(loaded.kc, submission);
  const { names } = submission;
  const objects = `TestRun ${names.testRun}, ConfigMap ${names.configMap} and Secret ${names.secret}`;
  const removeNow = i.cleanup.push(`k6-operator objects (${objects})`, async () => {
    if (plan.cleanup === 'keep') {
      say(`[operator] kept (cleanup: keep): ${objects} in namespace ${i.kube.namespace}`);
      return;
    }
    const gone = await client.remove();
    if (gone.length) say(`[operator] deleted ${gone.join(', ')}`);
  });

  let interruptedBy: NodeJS.Signals | undefined;
  i.interrupts.attach((signal) => {
    interruptedBy ??= signal;
  });
  const submittedAt = Date.now();
  try {
    await client.create(submission);
  } catch (err) {
    i.interrupts.detach();
    return failedBeforeLoad(i, names.testRun, (err as Error).message, submittedAt);
  }
  say(
    `[operator] TestRun ${names.testRun} created in namespace ${i.kube.namespace}: ${plan.runners} runners, image ${plan.runner.image}, results -> ${rw.url} (testid=${run.runName})`,
  );
  const followed = await followTestRun({
    client,
    testRun: names.testRun,
    runners: plan.runners,
    startTimeoutMs: plan.startTimeoutSeconds * 1000,
    killAfterMs: run.safety.killAfterMs,
    say,
    interrupted: () => interruptedBy !== undefined || i.interrupts.early,
  });
  i.interrupts.detach();
  const loadEndMs = Date.now();
  const loadStartMs = followed.loadStartMs ?? submittedAt;
  // k6's own output of each runner, before its pod goes with the TestRun.
  await keepRunnerLogs(client, followed.runners, i.run.folder.workDir, say);
  // Stop the runners now when interrupted, timed out or failed; after a normal end, clean up too.
  await removeNow().catch((err: unknown) => say(`[operator] cleanup failed: ${(err as Error).message}`));

  const outcome = followed.interrupted || followed.timedOut ? { k6ExitCode: null } : runnersOutcome(followed.runners);
  // The runners push every second: wait for their last samples before reading.
  await sleep(2500);
  const windowSeconds = Math.ceil((Date.now() - submittedAt) / 1000) + WINDOW_MARGIN_SECONDS;
  const rates = await readRunnerRates(i.prometheus.query, run.runName, {
    atMs: Date.now(),
    windowSeconds,
    loadSeconds: (loadEndMs - loadStartMs) / 1000,
  }).catch((err: unknown) => {
    say(`per-runner request rates not read: ${(err as Error).message}`);
    return new Map<number, { requests: number; rps: number }>();
  });
  const distributed = distributedSummary({
    engine: 'k6-operator',
    testRun: names.testRun,
    namespace: i.kube.namespace,
    runners: plan.runners,
    perRunner: runnerSummaries(followed.runners, rates),
  });
  say(
    `[operator] ${plan.runners} runners: ${distributed.perRunner.map((r) => `#${r.index} ${r.exitCode === undefined ? r.state : `exit ${r.exitCode}`}${r.rps === undefined ? '' : `, ${r.rps} req/s`}`).join('; ')}`,
  );
  const judge = i.thresholds ?? evaluateThresholdsFromPrometheus;
  const thresholdGates =
    !followed.interrupted && Object.keys(run.shape.thresholds).length
      ? await judge({
          client: i.prometheus.query,
          testid: run.runName,
          thresholds: run.shape.thresholds,
          metricTypes: metricKinds(),
          atMs: Date.now(),
          windowSeconds,
          durationMs: loadEndMs - loadStartMs,
        }).catch((err: unknown) => {
          say(`thresholds over all runners not read from Prometheus: ${(err as Error).message}`);
          return undefined;
        })
      : undefined;
  // Interrupted or not, what the runners wrote is the run's analysis; a part that fails is noted in it.
  const { analysis, problems } = await analysisFromPrometheus({
    client: i.prometheus.query,
    testid: run.runName,
    loadStartMs,
    loadEndMs,
    atMs: Date.now(),
    windowSeconds,
    metricKinds: metricKinds(),
  });
  for (const problem of problems) say(problem);
  const drift = await driftFromPrometheus({
    client: i.prometheus.query,
    testid: run.runName,
    runConfig: i.runConfig,
    loadStartMs,
    drift: run.plan.drift,
  });
  if (drift && 'notRead' in drift) say(drift.notRead);
  return {
    k6ExitCode: outcome.k6ExitCode,
    ...('firstError' in outcome && outcome.firstError ? { firstError: outcome.firstError } : {}),
    ...(followed.problem ? { runProblem: followed.problem } : {}),
    interrupted: followed.interrupted,
    timedOut: followed.timedOut,
    loadStartMs,
    loadEndMs,
    distributed,
    ...(thresholdGates ? { thresholdGates } : {}),
    analysis,
    ...(drift ? { drift } : {}),
  };
}

function failedBeforeLoad(i: DistributedLoadInput, testRun: string, problem: string, at: number): DistributedLoad {
  i.say(`[operator] ${problem}`);
  return {
    k6ExitCode: null,
    runProblem: problem,
    interrupted: false,
    timedOut: false,
    loadStartMs: at,
    loadEndMs: at,
    distributed: distributedSummary({
      engine: 'k6-operator',
      testRun,
      namespace: i.kube.namespace,
      runners: i.plan.runners,
      perRunner: [],
    }),
  };
}

/** The run's side of a distributed load: the simulator's kubeconfig and Prometheus locally, the env file's remotely. */
export async function distributedLoad(o: {
  run: ReadyRun;
  bundlePath: string;
  runConfig: RunConfig;
  sim?: SimHandle;
  cluster?: ClusterRun;
  cleanup: CleanupStack;
  interrupts: Interrupts;
  env: Record<string, string | undefined>;
  thresholds?: ThresholdJudge;
  say: (line: string) => void;
}): Promise<DistributedLoad> {
  const { plan } = o.run;
  if (!plan.distributed) throw new Error('not a distributed plan');
  const prom = plan.prometheus;
  const queryUrl = o.sim ? o.cluster?.prometheusUrl : prom?.queryUrl;
  // The runners write to the env file's Prometheus, or locally to the one the run started.
  const remoteWrite = runRemoteWrite({
    prometheus: o.sim ? undefined : prom,
    localPrometheusUrl: o.sim ? queryUrl : undefined,
    runId: o.run.runName,
    env: o.env,
    keepTags: { profile: o.runConfig.profile, env: o.runConfig.env },
  });
  if (!queryUrl || !remoteWrite)
    throw new Error(
      o.sim
        ? 'the local Prometheus did not start, and a distributed run reads its results from it (see prometheus.log)'
        : 'a distributed run needs prometheus.queryUrl and prometheus.remoteWriteUrl in the env file',
    );
  return runDistributedLoad({
    run: o.run,
    plan: o.sim ? { ...plan.distributed, namespace: o.sim.namespace } : plan.distributed,
    bundlePath: o.bundlePath,
    runConfig: o.runConfig,
    kube: o.sim
      ? { kubeconfig: o.sim.kubeconfig, namespace: o.sim.namespace }
      : {
          kubeconfig: plan.kubernetes?.kubeconfig,
          context: plan.kubernetes?.context,
          namespace: plan.distributed.namespace,
        },
    prometheus: {
      query: { url: queryUrl, headers: o.sim || !prom ? undefined : prometheusHeaders(prom, o.env) },
      remoteWrite,
    },
    env: o.env,
    cleanup: o.cleanup,
    interrupts: o.interrupts,
    thresholds: o.thresholds,
    say: o.say,
  });
}
