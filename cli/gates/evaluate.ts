// All gates of a run (thresholds, HPA, baseline, drift, cluster). The exit code they add up to is derived from the
// gate-kind registry in cli/verdict (gates-exit-code.ts).
import {
  notEvaluated,
  type GateResult,
  type HpaExpectation,
  type RouteStats,
  type SpendStats,
  type Timeline,
} from '../verdict/index.ts';
import type { K6Summary, RunAnalysis } from '../analysis/index.ts';
import type { ClusterGateSpec } from '../cluster/index.ts';
import { baselineGates, type RegressionTolerance } from './baseline-gates.ts';
import { clusterGates } from './cluster-gates.ts';
import { type DriftLimits, driftGates, driftNotRead, type HoldWindow } from './drift-gates.ts';
import { hpaGates } from './hpa-gates.ts';
import { thresholdGates } from './threshold-gates.ts';
import { spendGates, spendStats } from './spend-gates.ts';
import type { Baseline } from './load-baseline.ts';

export interface EvaluateInput {
  /** k6's summary; null when k6 wrote none (then a failing gate says so: a gate that cannot run must not pass). */
  summary: K6Summary | null;
  analysis: RunAnalysis;
  timeline: Timeline | null;
  hpaExpectations: HpaExpectation[];
  /** A baseline's routes (or the loaded baseline); omitted = no baseline gates. */
  baseline?: RouteStats[] | Baseline;
  tolerance: RegressionTolerance;
  /** The profile's cluster gates (env file `cluster.gates`) and the Deployments the run watched; omitted = none. */
  cluster?: { spec?: ClusterGateSpec; deployments: string[] };
  /** The two parts of each hold stage and the drift tolerance, or why they were not read; omitted = no drift gates. */
  drift?: DriftInput;
  /** The LLM budget (safety.maxLlmSpendUsd) and the spend gate's allowed rise (0.25 = +25%). */
  spend?: { capUsd?: number; tolerance: number };
  /** The run was interrupted: an HPA expectation it did not reach is not evaluated, not failed. */
  interrupted?: boolean;
}

/** The drift gate's input: the hold stages' parts, or the hold stages and why their parts could not be read. */
export type DriftInput =
  | { windows: HoldWindow[]; limits: DriftLimits; required: boolean }
  | { notRead: string; holds: readonly { index: number; kind: string }[]; limits: DriftLimits; required: boolean };

/** --summary-export has no `contains`: borrow it from the NDJSON's Metric lines so ms print as ms. */
function withUnits(summary: K6Summary, analysis: RunAnalysis): K6Summary {
  const metrics = { ...summary.metrics };
  for (const [name, m] of Object.entries(metrics)) {
    const known = analysis.metrics[name];
    if (m.contains === undefined && known)
      metrics[name] = { ...m, contains: known.contains, type: m.type ?? known.type };
  }
  return { ...summary, metrics };
}

export function evaluateGates(input: EvaluateInput): {
  gates: GateResult[];
  routes: RouteStats[];
  spend?: SpendStats;
} {
  const { summary, analysis } = input;
  const gates: GateResult[] = summary
    ? thresholdGates(withUnits(summary, analysis), {
        samples: (key) => analysis.metrics[key]?.count,
        outcomes: (metric) => analysis.outcomes?.[metric],
      })
    : [
        notEvaluated(
          {
            kind: 'threshold',
            name: 'k6 thresholds',
            measured: 'no k6 summary',
            limit: 'summary.json written by handleSummary',
            passed: false,
            required: true,
          },
          'data missing',
          'k6 wrote no summary, so its thresholds could not be read',
        ),
      ];
  gates.push(
    ...hpaGates(input.timeline, analysis.stages, input.hpaExpectations, analysis.loadEndMs, {
      interrupted: input.interrupted === true,
    }),
  );
  if (input.baseline) {
    const routes = Array.isArray(input.baseline) ? input.baseline : input.baseline.routes;
    gates.push(...baselineGates(analysis.routes, routes, input.tolerance));
  }
  const drift = input.drift;
  if (drift)
    gates.push(
      ...('notRead' in drift
        ? driftNotRead(drift.holds, drift.notRead, drift.limits, drift.required)
        : driftGates(drift.windows, drift.limits, drift.required)),
    );
  const spend = spendStats(analysis.metrics, input.spend?.capUsd);
  if (input.baseline && !Array.isArray(input.baseline)) {
    gates.push(...spendGates(spend, input.baseline.spend, input.spend?.tolerance ?? 0.25));
  }
  if (input.cluster)
    gates.push(
      ...clusterGates(
        input.cluster.spec,
        input.timeline?.cluster ?? null,
        input.cluster.deployments,
        analysis.loadEndMs,
      ),
    );
  return { gates, routes: analysis.routes, ...(spend ? { spend } : {}) };
}
