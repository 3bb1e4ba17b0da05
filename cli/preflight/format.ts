// The checklist as text: one line per item (status, id, must-have, summary), its evidence as
// "object field = value", and the fix when it does not pass; plus the closing line. Pure.
import type { PreflightItem } from '../verdict/index.ts';
import { failingMustHaves } from './evaluate.ts';

const MARK: Record<PreflightItem['status'], string> = {
  pass: 'pass   ',
  warn: 'warn   ',
  fail: 'FAIL   ',
  unknown: 'unknown',
  skipped: 'skipped',
};

export function formatChecklist(items: readonly PreflightItem[]): string[] {
  const width = Math.max(...items.map((i) => i.id.length));
  const lines: string[] = [];
  for (const i of items) {
    lines.push(`${MARK[i.status]} ${i.id.padEnd(width)}${i.mustHave ? ' (must-have)' : ''}  ${i.summary}`);
    for (const e of i.evidence) lines.push(`          ${e.object} ${e.field} = ${e.value}`);
    if (i.fix) lines.push(`          fix: ${i.fix}`);
  }
  return lines;
}

export function checklistLine(items: readonly PreflightItem[]): string {
  const failing = failingMustHaves(items);
  const count = (s: PreflightItem['status']) => items.filter((i) => i.status === s).length;
  const tally = `${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('unknown')} unknown`;
  return failing.length
    ? `preflight FAILED: must-have ${failing.map((i) => i.id).join(', ')} failed (${tally})`
    : `preflight passed: no must-have failed (${tally})`;
}
