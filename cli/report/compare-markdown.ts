// The comparison table of two runs (npm run compare), as Markdown: readable in a terminal too.
import {
  describeTolerance,
  formatDelta,
  formatMs,
  formatPct,
  type RegressionTolerance,
  type RouteComparison,
  type StatComparison,
} from '../gates/index.ts';
import { mdCell } from './markdown.ts';

export interface ComparedRun {
  label: string;
  path: string;
  runId: string;
  startedAt?: string;
}

function statCell(s: StatComparison | undefined): string {
  if (!s) return '–';
  const text =
    s.stat === 'errorRate'
      ? `${formatPct(s.base)} → ${formatPct(s.current)}`
      : `${formatMs(s.base)} → ${formatMs(s.current)} (${formatDelta(s.relative)})`;
  return s.regressed ? `**${text}**` : text;
}

const STATUS: Record<RouteComparison['status'], string> = {
  compared: 'ok',
  new: 'new in B',
  missing: 'missing in B',
  'few-samples': 'not compared: too few requests',
};

export function renderComparisonMarkdown(
  rows: RouteComparison[],
  a: ComparedRun,
  b: ComparedRun,
  tolerance: RegressionTolerance,
): string {
  const regressed = rows.filter((r) => r.regressed);
  const lines = [
    `## aurora-load compare: ${regressed.length === 0 ? 'no regression' : `${regressed.length} route(s) regressed`}`,
    '',
    `- A (baseline): \`${a.runId}\`${a.startedAt ? ` started ${a.startedAt}` : ''}, ${a.path}`,
    `- B: \`${b.runId}\`${b.startedAt ? ` started ${b.startedAt}` : ''}, ${b.path}`,
    `- Regression: ${describeTolerance(tolerance)} (a latency must exceed both)`,
    '',
    '| | Service | Route | Requests A → B | p50 | p95 | p99 | Errors |',
    '|---|---|---|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    const stat = (name: StatComparison['stat']): StatComparison | undefined => r.stats.find((s) => s.stat === name);
    const mark = r.regressed ? '❌ regressed' : STATUS[r.status];
    lines.push(
      `| ${mark} | ${mdCell(r.service)} | ${mdCell(r.name)} | ${r.baseCount} → ${r.count} | ${statCell(stat('p50'))} | ${statCell(stat('p95'))} | ${statCell(stat('p99'))} | ${statCell(stat('errorRate'))} |`,
    );
  }
  if (rows.length === 0) lines.push('| | | _no routes in either run_ | | | | | |');
  lines.push('');
  return lines.join('\n');
}
