// The verdict: its data model, the gate-kind registry, the exit codes and how a run's outcome and
// gates add up to one verdict and one exit code. Pure; imports nothing else of cli/.
export { EXIT } from './exit-codes.ts';
export type { ExitCode } from './exit-codes.ts';
export { GATE_KINDS, kindDefinition, kindsInOrder, orderGates } from './gate-kinds.ts';
export type { GateKind, GateKindDefinition, GateKindRegistry } from './gate-kinds.ts';
export { gatesExitCode } from './gates-exit-code.ts';
export {
  gateStatus,
  isFailed,
  isMissingRequired,
  isNotEvaluated,
  notEvaluated,
  STATUS_MARK,
  statusText,
  withStatus,
} from './gate-status.ts';
export { buildVerdict, requiredGate, runExitCode, runGates, verdictLine } from './verdict.ts';
export { explainVerdict, MAX_NOT_EVALUATED_NAMED, stateCounts } from './explain.ts';
export type { RunOutcome, VerdictInput } from './verdict.ts';
export type * from './model.ts';
export type * from './cluster-model.ts';
