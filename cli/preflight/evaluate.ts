// The checklist from a snapshot: every item's check in order (skipped ones as the env file says),
// whether it passes (no must-have fails), and its gates for the verdict. Pure.
import type { GateResult, PreflightItem } from '../verdict/index.ts';
import { CHECKS, type CheckInput } from './checks/index.ts';
import { result } from './checks/item.ts';
import { PREFLIGHT_ITEM_IDS } from './items.ts';

export function evaluateChecklist(input: CheckInput): PreflightItem[] {
  const skip = new Set<string>(input.settings.skip);
  return PREFLIGHT_ITEM_IDS.map((id) =>
    skip.has(id) ? result(id, 'skipped', 'skipped by preflight.skip in the env file') : CHECKS[id](input),
  );
}

/** The must-haves that failed: any one stops a stress run. `unknown` never counts as failing. */
export function failingMustHaves(items: readonly PreflightItem[]): PreflightItem[] {
  return items.filter((i) => i.mustHave && i.status === 'fail');
}

/** One gate per must-have that could be judged (pass or fail), for verdict.json and the reports. */
export function preflightGates(items: readonly PreflightItem[]): GateResult[] {
  return items
    .filter((i) => i.mustHave && (i.status === 'pass' || i.status === 'fail'))
    .map((i) => ({
      kind: 'preflight',
      name: i.id,
      measured: i.summary,
      limit: i.title,
      passed: i.status === 'pass',
      ...(i.fix ? { detail: `fix: ${i.fix}` } : {}),
    }));
}
