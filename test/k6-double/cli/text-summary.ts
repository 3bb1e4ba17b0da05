// k6 test double: the short end-of-test summary printed for runs without handleSummary.
import type { LegacySummaryData } from '../metrics/summary.ts';

/** A short end-of-test summary for runs without handleSummary (k6 prints a much richer one). */
export function textSummary(data: LegacySummaryData): string {
  let s = "\n  k6 test double summary (not k6's end-of-test summary)\n\n";
  for (const name of Object.keys(data.metrics).sort()) {
    const m = data.metrics[name]!;
    const vals = Object.entries(m.values)
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`)
      .join(' ');
    s += `    ${name.padEnd(40, '.')}: ${vals}\n`;
    for (const [expr, r] of Object.entries(m.thresholds ?? {})) s += `      ${r.ok ? '✓' : '✗'} '${expr}'\n`;
  }
  return `${s}\n`;
}
