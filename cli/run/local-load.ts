// The load of a run on the local k6 (execute.ts chooses it unless the run is distributed): k6
// remote-writes its results to the env file's Prometheus or the local one, the simulator's timed
// faults fire on the load's clock, the wind-down after the load is said and followed, `k6 run` runs
// until it ends, is interrupted or hits the run bound, and a local run's k6 thresholds are judged from
// Prometheus too (information beside k6's own). What it starts is on the cleanup stack.
import { join } from 'node:path';
import { RUN_ENV, type RunConfig } from '../../lib/core/run-config.ts';
import { runRemoteWrite } from '../cluster/index.ts';
import { judgeRunFromPrometheus } from '../gates/index.ts';
import { runK6, type K6RunResult } from '../k6/index.ts';
import type { SimHandle } from '../processes/index.ts';
import type { ThresholdsFromPrometheus } from '../verdict/index.ts';
import type { CleanupStack } from './cleanup-stack.ts';
import { startFaultTimeline } from './fault-timeline.ts';
import type { Interrupts } from './interrupts.ts';
import type { ReadyRun } from './prepare.ts';
import { followLines, WindDown, windDownPlanLine, windDownSample } from './terminal/index.ts';

export interface LocalLoadInput {
  run: ReadyRun;
  root: string;
  env: Record<string, string | undefined>;
  bundlePath: string;
  /** The run config with the target's URLs. */
  runConfig: RunConfig;
  apiUrl: string;
  sim?: SimHandle;
  /** The Prometheus the run started (local runs), which k6 writes to when the env file names none. */
  localPrometheusUrl?: string;
  loadStartedAt: number;
  cleanup: CleanupStack;
  interrupts: Interrupts;
  say: (line: string) => void;
  /** A line beside k6's progress bars. */
  sayLive: (line: string) => void;
}

export async function runLocalLoad(
  i: LocalLoadInput,
): Promise<{ result: K6RunResult; thresholdsFromPrometheus?: ThresholdsFromPrometheus }> {
  const { run, sim, say, sayLive, cleanup, interrupts, runConfig, localPrometheusUrl } = i;
  const { plan, shape } = run;
  const runDir = run.folder.workDir;
  const rw = runRemoteWrite({
    prometheus: plan.prometheus,
    localPrometheusUrl,
    runId: run.runName,
    env: i.env,
    // The bundle's options.tags (lib/k6/scenario-options.ts), which k6's --tag would replace.
    keepTags: { profile: runConfig.profile, env: runConfig.env },
  });
  if (rw) say(`k6 results -> ${rw.url} (testid=${run.runName})`);
  const faultTimeline =
    sim && run.faultFires.length
      ? startFaultTimeline({
          ndjsonPath: join(runDir, 'k6.ndjson'),
          simUrl: sim.url,
          startFaults: plan.sim?.faults ?? [],
          fires: run.faultFires,
          say,
        })
      : undefined;
  const stopFaults = faultTimeline ? cleanup.push('fault timeline', () => faultTimeline.stop()) : undefined;
  // The wind-down after the load, said before it starts and followed while it lasts (wind-down.ts).
  say(windDownPlanLine(shape, plan, run.safety.killAfterMs));
  const ndjsonPath = join(runDir, 'k6.ndjson');
  const windDown = new WindDown(
    shape.durationSeconds,
    shape.gracefulStopSeconds,
    shape.scenarios.some((s) => s.exec === 'rca'),
  );
  const follower = followLines(ndjsonPath, (line) => {
    const sample = windDownSample(line, windDown.wantsLoadStart);
    if (sample) windDown.add(sample);
  });
  const ticker = setInterval(() => {
    follower.poll();
    const status = windDown.status(Date.now());
    if (status) sayLive(status);
  }, 2000);
  const stopFollowing = cleanup.push('wind-down follower', () => {
    clearInterval(ticker);
    follower.close();
  });
  const result = await runK6({
    k6Path: run.k6.path,
    bundle: i.bundlePath,
    ndjsonPath,
    cwd: i.root,
    killAfterMs: run.safety.killAfterMs,
    plain: run.args.ci,
    extraArgs: rw?.args,
    env: {
      ...rw?.env,
      [RUN_ENV.config]: JSON.stringify(runConfig),
      [RUN_ENV.secret]: run.secret,
      ...(run.rateLimitBypass ? { [RUN_ENV.rateLimitBypass]: run.rateLimitBypass } : {}),
      [RUN_ENV.summaryPath]: join(runDir, 'summary.json'),
      AURORA_API_URL: i.apiUrl,
    },
    onStart: interrupts.attach,
  });
  interrupts.detach();
  await stopFaults?.();
  await stopFollowing();
  const thresholdsFromPrometheus =
    rw?.local && localPrometheusUrl
      ? await judgeRunFromPrometheus({
          client: { url: localPrometheusUrl },
          testid: run.runName,
          summaryPath: join(runDir, 'summary.json'),
          fromMs: i.loadStartedAt,
          toMs: Date.now(),
        }).catch((err: unknown) => {
          say(`thresholds from Prometheus not judged: ${(err as Error).message}`);
          return undefined;
        })
      : undefined;
  return { result, ...(thresholdsFromPrometheus ? { thresholdsFromPrometheus } : {}) };
}
