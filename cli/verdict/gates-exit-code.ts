// The exit code the gates add up to, derived from the gate-kind registry: a k6 that crashed or never
// finished is a broken run (3); k6's own threshold failure (99) counts as a failing threshold gate;
// otherwise the failing kind of lowest order sets the code (run 3, thresholds 99, HPA 4, baseline 5).
// Pure. The run's own state (interrupted, timed out) is weighed before this, in verdict.ts.
import { EXIT } from './exit-codes.ts';
import { GATE_KINDS, kindDefinition, type GateKindRegistry } from './gate-kinds.ts';
import type { GateResult } from './model.ts';

export function gatesExitCode(
  gates: readonly Pick<GateResult, 'kind' | 'passed' | 'notEvaluated'>[],
  k6ExitCode: number | null,
  kinds: GateKindRegistry = GATE_KINDS,
): number {
  if (k6ExitCode === null || (k6ExitCode !== 0 && k6ExitCode !== EXIT.thresholdsFailed)) return EXIT.runFailed;
  // A gate that could not be evaluated is reported as such, never as passed, and sets no code here.
  const failing = gates.filter((g) => !g.passed && !g.notEvaluated).map((g) => kindDefinition(g.kind, kinds));
  if (k6ExitCode === EXIT.thresholdsFailed) failing.push(kindDefinition('threshold', kinds));
  if (failing.length === 0) return EXIT.ok;
  const first = failing.reduce((a, b) => (b.order < a.order ? b : a));
  // A kind declared with exit code 0 would let a failing gate pass: never.
  return first.exitCode === EXIT.ok ? EXIT.runFailed : first.exitCode;
}
