// Small helpers shared by the report writers.
import { EXIT } from '../verdict/index.ts';

/**
 * Run metadata for the report header: env, scenario, profile, target URL, k6 version... Only
 * scalar values are shown, and keys that smell of credentials are dropped even though the CLI
 * never passes secrets here: a report is an artifact anyone on the team can download.
 */
export type ReportPlan = Record<string, unknown>;

const SECRETISH = /secret|token|password|passwd|credential|auth|cookie|session[-_]?key|api[-_]?key|private/i;

/** URL user-info (`https://user:pass@host`) is stripped as well. */
function scrub(value: string): string {
  return value.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1');
}

export function safePlanEntries(plan: ReportPlan | undefined): Array<[string, string]> {
  if (!plan) return [];
  return Object.entries(plan)
    .filter(
      ([k, v]) => !SECRETISH.test(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
    )
    .map(([k, v]) => [k, scrub(String(v))]);
}

const LABELS: Record<number, string> = {
  [EXIT.ok]: 'all gates passed',
  [EXIT.invalidConfig]: 'invalid configuration',
  [EXIT.runFailed]: 'k6 or the target failed',
  [EXIT.thresholdsFailed]: 'thresholds failed',
  [EXIT.hpaFailed]: 'HPA expectation failed',
  [EXIT.baselineRegressed]: 'regressed against baseline',
  [EXIT.preflightFailed]: 'preflight must-have failed; no load sent',
  [EXIT.interrupted]: 'interrupted',
};

export function exitCodeLabel(code: number): string {
  return LABELS[code] ?? '';
}

/** The gates' listing order is the registry's (cli/verdict/gate-kinds.ts), shared with the terminal. */
export { orderGates } from '../verdict/index.ts';
