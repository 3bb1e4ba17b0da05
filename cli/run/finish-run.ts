// The first half of concluding a run (conclude.ts), after k6 stopped however it stopped: analysis (k6's
// NDJSON, or for a distributed run what distributed/load.ts read from Prometheus) ->
// gates (drift read from the NDJSON too, or from Prometheus) -> verdict.json -> reports -> gzip of a large k6.ndjson. Works from whatever was collected, so an interrupted run still gets its reports.
import { createReadStream, createWriteStream, existsSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { analyzeRun, PROMETHEUS_SOURCE, readSummary, type K6Summary, type RunAnalysis } from '../analysis/index.ts';
import { planFor } from '../../lib/core/profiles.ts';
import {
  type Baseline,
  type DriftInput,
  evaluateGates,
  plannedHolds,
  rateLimitedOf,
  readHoldWindows,
} from '../gates/index.ts';
import { toGateTolerance, type LoadShape, type RunPlan } from '../plan/index.ts';
import { writeReportsSafely } from '../report/index.ts';
import { writeJson } from './folder/run-folder.ts';
import { preflightGates } from '../preflight/index.ts';
import { stageStarts } from '../distributed/index.ts';
import type { DistributedLoad } from './distributed/load.ts';
import {
  buildVerdict,
  type PreflightItem,
  type RunOutcome,
  type ThresholdsFromPrometheus,
  type Timeline,
  type Verdict,
} from '../verdict/index.ts';

/** k6.ndjson above this is gzipped (k6.ndjson.gz) after the analysis has read it. */
export const GZIP_ABOVE_BYTES = 50 * 1024 * 1024;

export interface FinishInput {
  runDir: string;
  runId: string;
  plan: RunPlan;
  shape: LoadShape;
  startedAt: Date;
  outcome: RunOutcome;
  timeline: Timeline | null;
  baseline?: Baseline;
  /** The preflight's checklist, when it ran (its must-haves become gates of kind preflight). */
  preflight?: PreflightItem[];
  /** A distributed run: no local k6 output; its runners, load window and thresholds over all runners. */
  distributed?: DistributedLoad;
  /** k6's thresholds judged from Prometheus, when the run had one k6 wrote to. */
  thresholdsFromPrometheus?: ThresholdsFromPrometheus;
  log: (line: string) => void;
}

export interface Finished {
  verdict: Verdict;
  files: string[];
}

function emptyAnalysis(source: string, note: string): RunAnalysis {
  return {
    source,
    lines: 0,
    points: 0,
    skippedLines: 0,
    notes: [note],
    startMs: 0,
    endMs: 0,
    loadEndMs: 0,
    bucketSeconds: 1,
    times: [],
    services: [],
    http: {},
    trends: {},
    routes: [],
    stages: [],
    metrics: {},
  };
}

/**
 * The drift gate's input: the hold stages' parts, read from k6's output or, for a distributed run,
 * from Prometheus (distributed/load.ts); required under soak.
 */
async function driftInput(
  plan: RunPlan,
  ndjson: string,
  outcome: RunOutcome,
  distributed: DistributedLoad | undefined,
): Promise<DriftInput | undefined> {
  if (!plan.drift) return undefined;
  const holds = plannedHolds(planFor(plan.runConfig));
  if (!holds.length) return undefined;
  const judged = { limits: plan.drift, required: plan.profile === 'soak' && !outcome.interrupted };
  if (distributed) {
    const read = distributed.drift;
    if (!read) return undefined;
    return 'notRead' in read ? { ...judged, notRead: read.notRead, holds } : { ...judged, windows: read.windows };
  }
  if (!existsSync(ndjson)) return undefined;
  return { ...judged, windows: await readHoldWindows(ndjson, holds, plan.drift.share) };
}

export async function finishRun(i: FinishInput): Promise<Finished> {
  const ndjson = join(i.runDir, 'k6.ndjson');
  const summaryPath = join(i.runDir, 'summary.json');
  const outcome: RunOutcome = { ...i.outcome };

  let analysis: RunAnalysis;
  if (i.distributed) {
    // The runners' results are in Prometheus (testid); the stages start where the plan puts them.
    // The route table, series and aggregates were read from there before it stopped (distributed/load.ts).
    const d = i.distributed;
    const runners = `distributed run: ${d.distributed.runners} runners wrote to Prometheus (testid=${i.runId})`;
    analysis = {
      ...(d.analysis
        ? { ...d.analysis, notes: [runners, ...d.analysis.notes] }
        : emptyAnalysis(PROMETHEUS_SOURCE, runners)),
      startMs: d.loadStartMs,
      endMs: d.loadEndMs,
      loadEndMs: d.loadEndMs,
      stages: stageStarts(i.shape.stages, d.loadStartMs),
    };
  } else if (existsSync(ndjson)) {
    analysis = await analyzeRun(ndjson);
  } else if (outcome.stoppedByPreflight) {
    analysis = emptyAnalysis(ndjson, 'no load: the preflight stopped the run');
  } else {
    analysis = emptyAnalysis(ndjson, 'k6 wrote no k6.ndjson');
    if (!outcome.interrupted) outcome.runProblem ??= 'k6 wrote no output (k6.ndjson missing)';
  }
  let summary: K6Summary | null = null;
  if (existsSync(summaryPath)) {
    try {
      summary = await readSummary(summaryPath);
    } catch (err) {
      i.log(`summary.json could not be read: ${(err as Error).message}`);
    }
  }
  if (
    !outcome.runProblem &&
    !outcome.interrupted &&
    analysis.points > 0 &&
    analysis.routes.length > 0 &&
    analysis.routes.every((r) => r.errorRate === 1)
  ) {
    outcome.runProblem = 'every request failed: the target is unreachable or refusing the run';
  }

  const drift = await driftInput(i.plan, ndjson, outcome, i.distributed);
  const evaluated: ReturnType<typeof evaluateGates> = outcome.stoppedByPreflight
    ? { gates: [], routes: [] }
    : evaluateGates({
        summary,
        analysis,
        timeline: i.timeline,
        hpaExpectations: i.plan.hpaExpectations,
        baseline: i.baseline,
        tolerance: toGateTolerance(i.plan.tolerance).tolerance,
        drift,
        interrupted: outcome.interrupted,
        spend: { capUsd: i.plan.safety.maxLlmSpendUsd, tolerance: i.plan.spend.tolerance },
        cluster: i.plan.kubernetes
          ? { spec: i.plan.clusterGates, deployments: i.plan.kubernetes.deployments }
          : undefined,
      });
  const fromPrometheus = i.distributed?.thresholdGates;
  const gates = [
    ...preflightGates(i.preflight ?? []),
    ...(fromPrometheus
      ? [...fromPrometheus, ...evaluated.gates.filter((g) => g.kind !== 'threshold')]
      : evaluated.gates),
  ];
  const { routes, spend } = evaluated;
  const users = i.plan.runConfig.users;
  const rateLimited = rateLimitedOf(analysis.metrics, {
    users: users.mode === 'provision' ? users.count : users.users.length,
    bypass: i.plan.rateLimitBypass !== undefined,
  });
  const verdict = buildVerdict({
    runId: i.runId,
    env: i.plan.env,
    scenario: i.plan.scenario,
    profile: i.plan.profile,
    startedAt: i.startedAt,
    finishedAt: new Date(),
    outcome,
    gates,
    routes,
    preflight: i.preflight,
    spend,
    rateLimited,
    thresholdsFromPrometheus: i.thresholdsFromPrometheus,
  });
  if (i.distributed) verdict.distributed = i.distributed.distributed;
  writeJson(join(i.runDir, 'verdict.json'), verdict);

  const files = await writeReportsSafely(
    i.runDir,
    { verdict, summary, analysis, timeline: i.timeline, plan: i.plan, shape: i.shape },
    i.log,
  );

  if (existsSync(ndjson) && statSync(ndjson).size > GZIP_ABOVE_BYTES) {
    await pipeline(createReadStream(ndjson), createGzip(), createWriteStream(`${ndjson}.gz`));
    unlinkSync(ndjson);
  }
  return { verdict, files };
}
