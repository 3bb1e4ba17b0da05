// The runners of a distributed run (k6-operator) in summary.md and report.html: how many ran, each
// one's pod, how it ended and its request rate, and the split's skew, so an uneven split is visible.
// Pure.
import type { DistributedSummary, RunnerSummary } from '../../verdict/index.ts';

/** A split whose busiest runner does more than this many times the quietest's rate is called uneven. */
export const UNEVEN_SKEW = 1.2;

function ended(r: RunnerSummary): string {
  if (r.exitCode === undefined) return `${r.state}${r.reason ? ` (${r.reason})` : ''}`;
  const note = r.exitCode === 99 ? " (its slice's thresholds)" : r.reason && r.exitCode !== 0 ? ` (${r.reason})` : '';
  return `exit ${r.exitCode}${note}`;
}

export function runnersHeadline(d: DistributedSummary): string {
  const ran = d.perRunner.filter((r) => r.exitCode !== undefined).length;
  const skew =
    d.skew === undefined
      ? ''
      : ` · split ${d.skew <= UNEVEN_SKEW ? 'even' : '**uneven**'} (busiest/quietest ${d.skew.toFixed(2)}x)`;
  return `${ran} of ${d.runners} runners ran to the end · TestRun \`${d.testRun}\` in namespace \`${d.namespace}\`${skew}`;
}

export function runnersMarkdown(d: DistributedSummary | undefined, cell: (s: string) => string): string[] {
  if (!d) return [];
  return [
    '',
    '### Runners (k6-operator)',
    '',
    runnersHeadline(d),
    '',
    '| Runner | Pod | Ended | Requests | Rate |',
    '|--:|---|---|--:|--:|',
    ...d.perRunner.map(
      (r) =>
        `| ${r.index} | ${cell(r.pod)} | ${cell(ended(r))} | ${r.requests ?? '-'} | ${r.rps === undefined ? '-' : `${r.rps} req/s`} |`,
    ),
  ];
}

export function runnersHtml(d: DistributedSummary | undefined, esc: (s: string) => string): string {
  if (!d) return '';
  const max = Math.max(0, ...d.perRunner.map((r) => r.rps ?? 0));
  const bar = (rps: number | undefined) =>
    rps === undefined || max === 0
      ? ''
      : `<span class="bar" style="display:inline-block;height:8px;background:#4a7;width:${Math.round((100 * rps) / max)}px"></span> `;
  const rows = d.perRunner
    .map(
      (r) =>
        `<tr><td>${r.index}</td><td class="mono">${esc(r.pod)}</td><td>${esc(ended(r))}</td><td class="num">${r.requests ?? '-'}</td><td class="num">${bar(r.rps)}${r.rps === undefined ? '-' : `${r.rps} req/s`}</td></tr>`,
    )
    .join('');
  const head = esc(runnersHeadline(d))
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<h2>Runners (k6-operator)</h2><p>${head}</p><table class="runners"><thead><tr><th>Runner</th><th>Pod</th><th>Ended</th><th>Requests</th><th>Rate</th></tr></thead><tbody>${rows}</tbody></table>`;
}
