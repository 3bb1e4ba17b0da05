// The verdict of a run and its exit code. Pure. Precedence (exit-codes.ts): an interrupted run is
// 130 whatever its partial gates say; a broken run (k6 failed, target unreachable: gates of kind
// `run`) says so before any other gate; then the gate kinds' own order (gate-kinds.ts): thresholds
// (99, as k6), HPA (4), baseline (5).
import { EXIT } from './exit-codes.ts';
import { orderGates } from './gate-kinds.ts';
import { gatesExitCode } from './gates-exit-code.ts';
import { isFailed, isMissingRequired, isNotEvaluated, withStatus } from './gate-status.ts';
import type {
  GateResult,
  PreflightItem,
  RateLimited,
  RouteStats,
  SpendStats,
  ThresholdsFromPrometheus,
  Verdict,
} from './model.ts';

export interface RunOutcome {
  /** k6's exit code, null when it died from a signal or never ran. */
  k6ExitCode: number | null;
  /** The user interrupted the run (Ctrl-C / SIGTERM forwarded). */
  interrupted: boolean;
  /** The CLI stopped k6 at the run bound. */
  timedOut: boolean;
  /** Why the run could not produce a trustworthy result, if it could not (target unreachable, no summary...). */
  runProblem?: string;
  /** The preflight found a failing must-have and the run stopped before any load (k6 never ran). */
  stoppedByPreflight?: boolean;
  /** The first error k6 printed, condensed to its message and script line (k6-errors.ts). */
  k6FirstError?: string;
}

/** k6 exit codes (k6 errext/exitcodes): 99 thresholds failed; others are failures of the run itself. */
const K6_EXIT_MEANING: Record<number, string> = {
  97: 'cloud run aborted',
  98: 'cloud progress lost',
  100: 'setup() timed out',
  101: 'teardown() timed out',
  102: 'timed out',
  103: 'engine error',
  104: 'invalid k6 config',
  105: 'aborted externally',
  107: 'script exception (is the target reachable? see the k6 output above)',
  108: 'script aborted (test.abort())',
  109: 'k6 panicked',
  110: 'marked as failed',
};

/** Gates that the run itself adds: the k6 process, when it did not complete. */
export function runGates(o: RunOutcome): GateResult[] {
  const gates: GateResult[] = [];
  const code = o.k6ExitCode;
  if (o.stoppedByPreflight) return gates;
  if (o.runProblem) {
    gates.push({
      kind: 'run',
      name: 'target reachable and k6 completed',
      measured: o.runProblem,
      limit: 'a complete run',
      passed: false,
    });
  } else if (o.timedOut) {
    gates.push({
      kind: 'run',
      name: 'k6 run completed',
      measured: 'stopped at the run bound',
      limit: 'within the plan duration + margin',
      passed: false,
    });
  } else if (!o.interrupted && code !== 0 && code !== 99) {
    const known = code === null ? 'killed by a signal' : (K6_EXIT_MEANING[code] ?? 'failed');
    // With k6's own first error at hand, the generic hint gives way to it.
    const meaning = o.k6FirstError ? known.replace(/ \(.*\)$/, '') : known;
    gates.push({
      kind: 'run',
      name: 'k6 run completed',
      measured: `k6 exit ${code ?? 'signal'}: ${meaning}`,
      limit: 'k6 exit 0 or 99',
      passed: false,
      ...(o.k6FirstError ? { detail: `k6's first error: ${o.k6FirstError}` } : {}),
    });
  }
  return gates.map((g) => ({ ...g, status: 'failed' as const }));
}

/**
 * One failing `run` gate naming the gates the profile requires that could not be judged (HPA gates
 * with a blind watcher, service latency over no samples), so junit.xml and the terminal say why the
 * run failed with exit 3 while those gates themselves stay "not evaluated".
 */
export function requiredGate(gates: readonly GateResult[]): GateResult | null {
  const missing = gates.filter(isMissingRequired);
  if (missing.length === 0) return null;
  const names = missing.map((g) => `${g.name} (${g.reason ?? 'data missing'})`);
  return {
    kind: 'run',
    name: 'required gates evaluated',
    measured: `${missing.length} required gate(s) not evaluated`,
    limit: "every gate the profile requires (HPA expectations, each service's latency) judged",
    passed: false,
    status: 'failed',
    detail: names.join('; '),
  };
}

/** What the run itself says (interrupted, broken), then the gates' own precedence (gates-exit-code.ts). */
export function runExitCode(o: RunOutcome, gates: GateResult[]): number {
  if (o.interrupted) return EXIT.interrupted;
  if (o.runProblem || o.timedOut) return EXIT.runFailed;
  // k6 never ran on purpose: the preflight's gates alone decide.
  if (o.stoppedByPreflight) return gatesExitCode(gates, 0);
  return gatesExitCode(gates, o.k6ExitCode);
}

export interface VerdictInput {
  runId: string;
  env: string;
  scenario: string;
  profile: string;
  startedAt: Date;
  finishedAt: Date;
  outcome: RunOutcome;
  gates: GateResult[];
  routes: RouteStats[];
  preflight?: PreflightItem[];
  spend?: SpendStats;
  rateLimited?: RateLimited;
  thresholdsFromPrometheus?: ThresholdsFromPrometheus;
}

export function buildVerdict(i: VerdictInput): Verdict {
  const gates = [...runGates(i.outcome), ...i.gates.map(withStatus)];
  // A broken or interrupted run already says why nothing could be judged.
  const required = gates.some((g) => g.kind === 'run') || i.outcome.interrupted ? null : requiredGate(gates);
  if (required) gates.unshift(required);
  const exitCode = runExitCode(i.outcome, gates);
  return {
    version: 1,
    runId: i.runId,
    env: i.env,
    scenario: i.scenario,
    profile: i.profile,
    startedAt: i.startedAt.toISOString(),
    finishedAt: i.finishedAt.toISOString(),
    k6ExitCode: i.outcome.k6ExitCode,
    passed: exitCode === EXIT.ok,
    exitCode,
    gates,
    routes: i.routes,
    ...(i.preflight ? { preflight: i.preflight } : {}),
    ...(i.spend ? { spend: i.spend } : {}),
    ...(i.rateLimited ? { rateLimited: i.rateLimited } : {}),
    ...(i.outcome.k6FirstError ? { k6FirstError: i.outcome.k6FirstError } : {}),
    ...(i.thresholdsFromPrometheus
      ? {
          thresholdsFromPrometheus: {
            testid: i.thresholdsFromPrometheus.testid,
            gates: i.thresholdsFromPrometheus.gates.map(withStatus),
          },
        }
      : {}),
  };
}

/**
 * One line for the terminal: "FAILED (exit 4): 2 of 14 gates failed: aurora-oss-server scale-up, ...";
 * a passing run with gates not evaluated says how many: "PASSED: 30 of 32 gates passed, 2 not evaluated".
 */
export function verdictLine(v: Verdict): string {
  const failed = orderGates(v.gates.filter(isFailed));
  const unjudged = v.gates.filter(isNotEvaluated).length;
  const notEvaluatedText = unjudged > 0 ? `, ${unjudged} not evaluated` : '';
  if (v.passed) {
    return unjudged === 0
      ? `PASSED: all ${v.gates.length} gates passed`
      : `PASSED: ${v.gates.length - unjudged} of ${v.gates.length} gates passed${notEvaluatedText}`;
  }
  const what = v.exitCode === EXIT.interrupted ? 'INTERRUPTED' : 'FAILED';
  const names =
    failed
      .slice(0, 5)
      .map((g) => g.name)
      .join(', ') + (failed.length > 5 ? ', ...' : '');
  const stopped = v.spend?.stoppedForSpend
    ? `; STOPPED FOR SPEND by k6: reported LLM spend ${dollars(v.spend.totalUsd)} reached the budget of ${dollars(v.spend.capUsd ?? 0)} (not a regression)`
    : '';
  return `${what} (exit ${v.exitCode}): ${failed.length} of ${v.gates.length} gates failed${notEvaluatedText}${names ? `: ${names}` : ''}${stopped}`;
}

const dollars = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}`;
