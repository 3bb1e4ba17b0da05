// Building one checklist result: the item's declared title, must-have and fix, with a status, a
// one-line summary and the evidence. The fix is printed only when the item does not pass. Pure.
import type { PreflightEvidence, PreflightItem, PreflightStatus } from '../../verdict/index.ts';
import { ITEMS, type PreflightItemId } from '../items.ts';
import type { PreflightSettings } from '../../plan/index.ts';
import { accessFix, type ClusterSnapshot, type Readout, whyUnread } from '../snapshot.ts';

/** What every check is given: the snapshot, the env file's settings and the plan's peak. */
export interface CheckInput {
  snapshot: ClusterSnapshot;
  settings: PreflightSettings;
  /** The plan's peak arrival rate (iterations/s), when a plan is known. */
  peakArrivalRate?: number;
}

export function result(
  id: PreflightItemId,
  status: PreflightStatus,
  summary: string,
  evidence: PreflightEvidence[] = [],
  o: { mustHave?: boolean; fix?: string } = {},
): PreflightItem {
  const def = ITEMS[id];
  const fix = o.fix ?? def.fix;
  return {
    id,
    title: def.title,
    mustHave: o.mustHave ?? def.mustHave,
    status,
    summary,
    evidence,
    ...(status === 'pass' || status === 'skipped' ? {} : { fix }),
  };
}

/** `unknown` because a list could not be read: the missing permission (or the error) and its fix. */
export function unread(id: PreflightItemId, r: Readout<unknown>, namespace: string, mustHave?: boolean): PreflightItem {
  return result(id, 'unknown', whyUnread(r), [], { mustHave, fix: accessFix(r, namespace) ?? ITEMS[id].fix });
}

export const ev = (object: string, field: string, value: unknown): PreflightEvidence => ({
  object,
  field,
  value: value === undefined ? '<unset>' : typeof value === 'string' ? value : JSON.stringify(value),
});

/** Whether a selector's matchLabels all hold in the labels (an empty selector selects nothing here). */
export function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  const entries = Object.entries(matchLabels ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}
