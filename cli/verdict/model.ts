// The verdict's data model, shared by the run's stages: the Kubernetes timeline, HPA expectations,
// gate results, route statistics and the verdict. Written as JSON into the run folder (timeline.json,
// verdict.json), read back by reports and baselines. Gate kinds are declared in gate-kinds.ts.
import type { ClusterMetrics } from './cluster-model.ts';
import type { GateKind } from './gate-kinds.ts';

export type { GateKind } from './gate-kinds.ts';

/** One observation of an HPA or a Deployment by the watcher. */
export interface TimelinePoint {
  /** Milliseconds since the epoch. */
  t: number;
  kind: 'hpa' | 'deployment';
  name: string;
  /** HPA: status.desiredReplicas; Deployment: spec.replicas. */
  desired?: number;
  /** HPA: status.currentReplicas; Deployment: status.replicas. */
  current?: number;
  /** Deployment: status.readyReplicas. For an HPA, the ready replicas of its target Deployment. */
  ready?: number;
  /** HPA: current average CPU utilisation, percent of requests. */
  cpu?: number;
}

export interface Timeline {
  namespace: string;
  startedAt: number;
  endedAt?: number;
  points: TimelinePoint[];
  /** Watch errors, reconnects and the like, as plain text (never credentials). */
  notes: string[];
  /** The Scaling guide's key metrics over the run (cli/cluster/), when collected. */
  cluster?: ClusterMetrics;
}

/** What one HPA must do during a run (from the env file). */
export interface HpaExpectation {
  /** HPA name, e.g. aurora-oss-server. */
  hpa: string;
  /** Index of the load stage whose start should trigger the scale-up. */
  triggerStage: number;
  /** Desired replicas must rise above the starting count within this many seconds of that stage's start. */
  scaleUpWithinSeconds: number;
  /** Ready replicas of the target must reach at least this many at the peak. */
  minReadyAtPeak: number;
  /** Optional: desired replicas must come back down within this many seconds after the load stops. */
  scaleDownWithinSeconds?: number;
}

export interface GateResult {
  kind: GateKind;
  /** Stable, human-readable: "http_req_duration{service:aurora-server}: p(95)<800", "aurora-oss-server scale-up", ... */
  name: string;
  /** What was measured, formatted for people (with units). */
  measured: string;
  /** The limit it was held to, formatted for people. */
  limit: string;
  passed: boolean;
  detail?: string;
  /** Set (to the reason) when the gate's data is missing: then `passed` is false and the gate sets no exit code. */
  notEvaluated?: string;
}

/** Latency and errors of one service/route, as baselines compare them. Latencies in ms. */
export interface RouteStats {
  service: string;
  name: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  errorRate: number;
}

export interface Verdict {
  version: 1;
  runId: string;
  env: string;
  scenario: string;
  profile: string;
  startedAt: string;
  finishedAt: string;
  /** k6's own exit code, null when k6 never ran to the end. */
  k6ExitCode: number | null;
  passed: boolean;
  exitCode: number;
  gates: GateResult[];
  routes: RouteStats[];
}
