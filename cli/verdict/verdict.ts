// The verdict of a run and its exit code. Pure. Precedence (exit-codes.ts): an interrupted run is
// 130 whatever its partial gates say; a broken run (k6 failed, target unreachable: gates of kind
// `run`) says so before any other gate; then the gate kinds' own order (gate-kinds.ts): thresholds
// (99, as k6), HPA (4), baseline (5).
import { EXIT } from './exit-codes.ts';
import { orderGates } from './gate-kinds.ts';
import { gatesExitCode } from './gates-exit-code.ts';
import type { GateResult, RouteStats, Verdict } from './model.ts';

export interface RunOutcome {
  /** k6's exit code, null when it died from a signal or never ran. */
  k6ExitCode: number | null;
  /** The user interrupted the run (Ctrl-C / SIGTERM forwarded). */
  interrupted: boolean;
  /** The CLI stopped k6 at the run bound. */
  timedOut: boolean;
  /** Why the run could not produce a trustworthy result, if it could not (target unreachable, no summary...). */
  runProblem?: string;
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
    const meaning = code === null ? 'killed by a signal' : (K6_EXIT_MEANING[code] ?? 'failed');
    gates.push({
      kind: 'run',
      name: 'k6 run completed',
      measured: `k6 exit ${code ?? 'signal'}: ${meaning}`,
      limit: 'k6 exit 0 or 99',
      passed: false,
    });
  }
  return gates;
}

/** What the run itself says (interrupted, broken), then the gates' own precedence (gates-exit-code.ts). */
export function runExitCode(o: RunOutcome, gates: GateResult[]): number {
  if (o.interrupted) return EXIT.interrupted;
  if (o.runProblem || o.timedOut) return EXIT.runFailed;
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
}

export function buildVerdict(i: VerdictInput): Verdict {
  const gates = [...runGates(i.outcome), ...i.gates];
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
  };
}

/** One line for the terminal: "FAILED (exit 4): 2 of 14 gates failed: aurora-oss-server scale-up, ...". */
export function verdictLine(v: Verdict): string {
  const failed = orderGates(v.gates.filter((g) => !g.passed && !g.notEvaluated));
  const skipped = v.gates.filter((g) => g.notEvaluated).length;
  if (v.passed)
    return skipped === 0
      ? `PASSED: all ${v.gates.length} gates passed`
      : `PASSED: ${v.gates.length - skipped} gates passed, ${skipped} not evaluated`;
  const what = v.exitCode === EXIT.interrupted ? 'INTERRUPTED' : 'FAILED';
  const names =
    failed
      .slice(0, 5)
      .map((g) => g.name)
      .join(', ') + (failed.length > 5 ? ', ...' : '');
  return `${what} (exit ${v.exitCode}): ${failed.length} of ${v.gates.length} gates failed${names ? `: ${names}` : ''}`;
}
