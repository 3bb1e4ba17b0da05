// The exit code the gates add up to, derived from the gate-kind registry: a k6 that crashed or never
// finished is a broken run (3); k6's own threshold failure (99) counts as a failing threshold gate;
// a gate the profile requires that was not evaluated is a broken run (3); otherwise the failing kind
// of lowest order sets the code (run 3, thresholds 99, HPA 4, baseline 5). Gates not evaluated and
// not required fail nothing.
// Pure. The run's own state (interrupted, timed out) is weighed before this, in verdict.ts.
import { EXIT } from './exit-codes.ts';
import { GATE_KINDS, kindDefinition, type GateKindRegistry } from './gate-kinds.ts';
import { isFailed, isMissingRequired, isNotEvaluated } from './gate-status.ts';
import type { GateResult } from './model.ts';

export function gatesExitCode(
  gates: readonly Pick<GateResult, 'kind' | 'passed' | 'status' | 'required'>[],
  k6ExitCode: number | null,
  kinds: GateKindRegistry = GATE_KINDS,
): number {
  if (k6ExitCode === null || (k6ExitCode !== 0 && k6ExitCode !== EXIT.thresholdsFailed)) return EXIT.runFailed;
  // A gate the profile requires that could not be judged: the run did not measure what it exists for.
  if (gates.some(isMissingRequired)) return EXIT.runFailed;
  const failing = gates.filter(isFailed).map((g) => kindDefinition(g.kind, kinds));
  // k6 exits 99 for a threshold it judged over no samples too (a Rate of 0 of 0 is 0): when the
  // gates read that threshold as not evaluated, k6's 99 is no failure of its own.
  const k6Explained = gates.some((g) => g.kind === 'threshold' && isNotEvaluated(g));
  if (k6ExitCode === EXIT.thresholdsFailed && !k6Explained) failing.push(kindDefinition('threshold', kinds));
  if (failing.length === 0) return EXIT.ok;
  const first = failing.reduce((a, b) => (b.order < a.order ? b : a));
  // A kind declared with exit code 0 would let a failing gate pass: never.
  return first.exitCode === EXIT.ok ? EXIT.runFailed : first.exitCode;
}
