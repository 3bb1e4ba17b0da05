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

/** A time the watcher could not see the cluster: not started, API down, credentials refused, watches failing past retries. */
export interface BlindSpan {
  /** Milliseconds since the epoch: the first failure (or the watcher's start when it never started). */
  from: number;
  /** Milliseconds since the epoch: sight back, or the watcher's end. */
  to: number;
  /** Why, with the server and path; never credentials. */
  reason: string;
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
  /** When and why the watcher was blind; HPA gates over these spans cannot be judged. Absent or empty: it saw the whole run. */
  blind?: BlindSpan[];
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

/**
 * A gate's outcome: it passed, it failed, or it could not be judged (too few samples, a blind
 * watcher, data missing). A gate that measured nothing never passes.
 */
export type GateStatus = 'passed' | 'failed' | 'not-evaluated';

/** Why a gate was not evaluated. */
export type NotEvaluatedReason = 'no samples' | 'watcher blind' | 'data missing';

export interface GateResult {
  kind: GateKind;
  /** Stable, human-readable: "http_req_duration{service:aurora-server}: p(95)<800", "aurora-oss-server scale-up", ... */
  name: string;
  /** What was measured, formatted for people (with units). */
  measured: string;
  /** The limit it was held to, formatted for people. */
  limit: string;
  /** True only when the gate was evaluated and held (`status` 'passed'). */
  passed: boolean;
  /** Absent in verdicts written before the three states: then `passed` decides (gate-status.ts). */
  status?: GateStatus;
  /** Set when `status` is 'not-evaluated'. */
  reason?: NotEvaluatedReason;
  /** The profile needs this gate judged: not evaluated, it fails the run (exit 3). */
  required?: boolean;
  detail?: string;
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

/** The result of one scaling-readiness checklist item (cli/preflight/). */
export type PreflightStatus = 'pass' | 'warn' | 'fail' | 'unknown' | 'skipped';

/** What an item read: one object's field and its value, e.g. Deployment/aurora-oss-celery-beat spec.replicas = 2. */
export interface PreflightEvidence {
  object: string;
  field: string;
  value: string;
}

export interface PreflightItem {
  /** Stable id used in env files and output: celery-beat-single, hpa-present, ... */
  id: string;
  title: string;
  /** A failing must-have stops the run (exit 6). */
  mustHave: boolean;
  status: PreflightStatus;
  /** One line: why this status. For `unknown` from RBAC, the verb and resource needed. */
  summary: string;
  evidence: PreflightEvidence[];
  /** The Helm value or annotation to change; set when the status is not pass. */
  fix?: string;
}

/** LLM spend of a run as Aurora reported it (chat usage_final, incident tokenUsage). USD. */
export interface SpendStats {
  totalUsd: number;
  /** Chat turns and RCAs with a reported usage. */
  chatTurns: number;
  rcas: number;
  meanPerTurnUsd?: number;
  meanPerRcaUsd?: number;
  meanTokensPerTurn?: number;
  meanTokensPerRca?: number;
  /** safety.maxLlmSpendUsd, when set. */
  capUsd?: number;
  /** k6 stopped the run because the reported spend reached the cap (not a regression). */
  stoppedForSpend: boolean;
}

/** REST calls Aurora's Flask-Limiter answered 429, and what that means. */
export interface RateLimited {
  count: number;
  message: string;
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
  /** The scaling-readiness checklist, when the preflight ran before the load. */
  preflight?: PreflightItem[];
  /** LLM spend, when the run had chat turns or RCAs. */
  spend?: SpendStats;
  /** 429s from Aurora's rate limiter, when there were any. */
  rateLimited?: RateLimited;
  /** The first error k6 printed (message and script line), when it printed one. */
  k6FirstError?: string;
  /** A distributed run (k6-operator): how many runners ran, each one's exit code and request rate. */
  distributed?: DistributedSummary;
  /** k6's thresholds judged again from Prometheus (local runs with one): information, not gates. */
  thresholdsFromPrometheus?: ThresholdsFromPrometheus;
}

/**
 * k6's thresholds judged from what k6 remote-wrote to Prometheus, over every series of the run's
 * testid; beside k6's own judgement (the gates), which stays authoritative for one k6 process.
 */
export interface ThresholdsFromPrometheus {
  testid: string;
  gates: GateResult[];
}

/** One runner of a distributed run (k6-operator): its pod, how it ended and its share of the load. */
export interface RunnerSummary {
  /** 1-based, as the operator numbers its runners. */
  index: number;
  pod: string;
  /** pending, unschedulable, image-pull-error, starting, running or exited. */
  state: string;
  exitCode?: number;
  reason?: string;
  /** Its HTTP requests over the run (setup included), from Prometheus (k6_http_reqs_total by runner). */
  requests?: number;
  /** Its mean request rate over the run, requests/s. */
  rps?: number;
}

/** A distributed run: the engine, its TestRun and every runner, so an uneven split is visible. */
export interface DistributedSummary {
  engine: 'k6-operator';
  testRun: string;
  namespace: string;
  /** How many runners the TestRun asked for. */
  runners: number;
  perRunner: RunnerSummary[];
  /** The busiest runner's request rate over the quietest's (1 = even). */
  skew?: number;
}
