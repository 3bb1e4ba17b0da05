// The three states of a gate (passed, failed, not evaluated), read the same way everywhere: a gate
// without `status` (a verdict.json written before the states existed) is passed or failed by `passed`.
// Pure.
import type { GateResult, GateStatus, NotEvaluatedReason } from './model.ts';

type StatusFields = Pick<GateResult, 'passed' | 'status'>;

export function gateStatus(g: StatusFields): GateStatus {
  return g.status ?? (g.passed ? 'passed' : 'failed');
}

export const isFailed = (g: StatusFields): boolean => gateStatus(g) === 'failed';
export const isNotEvaluated = (g: StatusFields): boolean => gateStatus(g) === 'not-evaluated';

/** A required gate that could not be judged: it fails the run as a broken run (exit 3). */
export const isMissingRequired = (g: StatusFields & Pick<GateResult, 'required'>): boolean =>
  isNotEvaluated(g) && g.required === true;

/** Marks a gate as not evaluated: never passed, with the reason and what was (not) measured. */
export function notEvaluated<G extends GateResult>(gate: G, reason: NotEvaluatedReason, detail?: string): G {
  return { ...gate, passed: false, status: 'not-evaluated', reason, ...(detail ? { detail } : {}) };
}

/** Every gate with an explicit `status` (verdict.json always carries it). */
export function withStatus<G extends GateResult>(g: G): G {
  return { ...g, status: gateStatus(g) };
}

/** The symbol and word the terminal and summary.md use for a state. */
export const STATUS_MARK: Record<GateStatus, { symbol: string; word: string }> = {
  passed: { symbol: '✅', word: 'passed' },
  failed: { symbol: '❌', word: 'failed' },
  'not-evaluated': { symbol: '⚪', word: 'not evaluated' },
};

/** "not evaluated (no samples)" */
export function statusText(g: GateResult): string {
  const s = gateStatus(g);
  return s === 'not-evaluated' ? `not evaluated (${g.reason ?? 'data missing'})` : STATUS_MARK[s].word;
}
