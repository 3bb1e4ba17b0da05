// The lines the terminal prints under the verdict line: each failed gate with what it measured, its
// limit and the most likely cause (the run's problem, k6's first error, RCA outcomes by kind, the HPA
// gate's own diagnosis), then the gates that were not evaluated and why. Pure.
import { orderGates } from './gate-kinds.ts';
import { gateStatus, isFailed, isNotEvaluated, STATUS_MARK } from './gate-status.ts';
import type { GateResult, Verdict } from './model.ts';

/** How many not-evaluated gates are named one by one before "... and N more". */
export const MAX_NOT_EVALUATED_NAMED = 8;

function failedLines(g: GateResult): string[] {
  const lines = [`  ${STATUS_MARK.failed.symbol} ${g.name}: ${g.measured} (limit ${g.limit})`];
  if (g.detail) lines.push(`       ${g.detail}`);
  return lines;
}

function notEvaluatedLines(gates: GateResult[]): string[] {
  if (gates.length === 0) return [];
  const byReason = new Map<string, number>();
  for (const g of gates) byReason.set(g.reason ?? 'data missing', (byReason.get(g.reason ?? 'data missing') ?? 0) + 1);
  const reasons = [...byReason].map(([reason, n]) => `${n} ${reason}`).join(', ');
  const lines = [`  ${STATUS_MARK['not-evaluated'].symbol} ${gates.length} not evaluated (${reasons}):`];
  for (const g of gates.slice(0, MAX_NOT_EVALUATED_NAMED))
    lines.push(`       ${g.name} (${g.reason ?? 'data missing'}${g.required ? ', required' : ''})`);
  if (gates.length > MAX_NOT_EVALUATED_NAMED)
    lines.push(`       ... and ${gates.length - MAX_NOT_EVALUATED_NAMED} more (verdict.json, summary.md)`);
  return lines;
}

/**
 * The explanation under the verdict line: failed gates first (run, thresholds, HPA, baseline), each
 * with its cause, then k6's first error when no gate carries it yet, then the gates not evaluated.
 */
export function explainVerdict(v: Verdict, k6FirstError?: string): string[] {
  const ordered = orderGates(v.gates);
  const failed = ordered.filter(isFailed);
  const lines = failed.flatMap(failedLines);
  const error = k6FirstError ?? v.k6FirstError;
  if (error && failed.length > 0 && !failed.some((g) => g.detail?.includes(error)))
    lines.push(`  k6's first error: ${error}`);
  lines.push(...notEvaluatedLines(ordered.filter(isNotEvaluated)));
  return lines;
}

/** Counts per state: "30 passed, 2 not evaluated". */
export function stateCounts(gates: readonly GateResult[]): Record<'passed' | 'failed' | 'not-evaluated', number> {
  const counts = { passed: 0, failed: 0, 'not-evaluated': 0 };
  for (const g of gates) counts[gateStatus(g)] += 1;
  return counts;
}
