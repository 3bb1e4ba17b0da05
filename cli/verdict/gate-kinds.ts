// The kinds of gate a run is judged by, declared once. `GateKind`, the order gates are listed in
// (terminal, summary.md, report.html), junit.xml's test suites and the exit code all derive from
// this table, so a new kind is one entry here plus the code that produces its gates.
import { EXIT } from './exit-codes.ts';
import { gateStatus } from './gate-status.ts';
import type { GateStatus } from './model.ts';

export interface GateKindDefinition {
  /** How summaries name the kind. */
  label: string;
  /** Listing order and exit-code precedence: the failing kind of lowest order sets the exit code. */
  order: number;
  /** junit.xml test suite holding this kind's gates. */
  junitSuite: string;
  /** The exit code when a gate of this kind fails; never 0 (a test holds every kind to it). */
  exitCode: number;
}

export const GATE_KINDS = {
  /** The scaling-readiness preflight's must-haves, checked before any load (cli/preflight/). */
  preflight: {
    label: 'preflight',
    order: -1,
    junitSuite: 'scaling-readiness preflight',
    exitCode: EXIT.preflightFailed,
  },
  /** The run itself: target unreachable, k6 crashed or stopped at the run bound. */
  run: { label: 'run', order: 0, junitSuite: 'k6 run', exitCode: EXIT.runFailed },
  /** k6's thresholds, as k6 evaluated them. */
  threshold: { label: 'threshold', order: 1, junitSuite: 'k6 thresholds', exitCode: EXIT.thresholdsFailed },
  /** HPA expectations against the watcher's timeline. */
  hpa: { label: 'HPA', order: 2, junitSuite: 'HPA expectations', exitCode: EXIT.hpaFailed },
  /** Regression against a baseline run. */
  baseline: { label: 'baseline', order: 3, junitSuite: 'baseline regression', exitCode: EXIT.baselineRegressed },
  /** Drift within a hold stage (its last part against its first): a regression inside the run. */
  drift: { label: 'drift', order: 4, junitSuite: 'drift within hold stages', exitCode: EXIT.baselineRegressed },
  /** LLM spend and tokens per chat turn and per RCA against a baseline run: a cost regression. */
  spend: { label: 'LLM spend', order: 5, junitSuite: 'LLM spend regression', exitCode: EXIT.baselineRegressed },
  /** The cluster's health during the run: OOMKilled, restarts, Celery queue, DB connections, Redis memory. */
  cluster: { label: 'cluster', order: 6, junitSuite: 'cluster health', exitCode: EXIT.clusterFailed },
} as const satisfies Record<string, GateKindDefinition>;

export type GateKind = keyof typeof GATE_KINDS;

/** A registry of kinds: GATE_KINDS, or (in tests) GATE_KINDS plus kinds the next gates add. */
export type GateKindRegistry = Readonly<Record<string, GateKindDefinition>>;

/**
 * A kind the registry does not know (a verdict.json from another version, a gate added without its
 * entry): listed last, in a suite of its own name, and failing it fails the run as a broken run,
 * so an unregistered kind can never pass silently.
 */
export function kindDefinition(kind: string, kinds: GateKindRegistry = GATE_KINDS): GateKindDefinition {
  return kinds[kind] ?? { label: kind, order: Number.MAX_SAFE_INTEGER, junitSuite: kind, exitCode: EXIT.runFailed };
}

const STATUS_RANK = { failed: 0, 'not-evaluated': 1, passed: 2 } as const;

/**
 * Failed gates first, then those not evaluated, then passed ones; within each, by the kinds'
 * declared order (run, thresholds, HPA, baseline), keeping their order within.
 */
export function orderGates<G extends { kind: string; passed: boolean; status?: GateStatus }>(
  gates: readonly G[],
  kinds: GateKindRegistry = GATE_KINDS,
): G[] {
  const order = (g: G): number => kindDefinition(g.kind, kinds).order;
  const rank = (g: G): number => STATUS_RANK[gateStatus(g)];
  return gates
    .map((g, i) => ({ g, i }))
    .sort((a, b) => rank(a.g) - rank(b.g) || order(a.g) - order(b.g) || a.i - b.i)
    .map(({ g }) => g);
}

/** Kinds in their declared order, followed by any other kinds present in `seen` (sorted by name). */
export function kindsInOrder(seen: Iterable<string>, kinds: GateKindRegistry = GATE_KINDS): string[] {
  const known = Object.keys(kinds).sort((a, b) => (kinds[a]?.order ?? 0) - (kinds[b]?.order ?? 0));
  const unknown = [...new Set(seen)].filter((k) => !(k in kinds)).sort();
  return [...known, ...unknown];
}
