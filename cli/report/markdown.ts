// summary.md: the verdict for a GitHub step summary or a PR comment: gates first, then routes.
import {
  kindDefinition,
  type ClusterMetrics,
  type GateResult,
  type RouteStats,
  type Verdict,
} from '../verdict/index.ts';
import { clusterMarkdown } from './cluster.ts';
import { formatMs, formatPct } from '../gates/index.ts';
import { exitCodeLabel, orderGates } from './common.ts';

/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** How many routes the summary lists (the busiest); the full list is in verdict.json and report.html. */
export const MAX_ROUTES = 25;

function gateLine(g: GateResult): string {
  const name = `\`${g.name.replace(/`/g, "'")}\``;
  if (g.notEvaluated)
    return `| ⚪ | ${mdCell(kindDefinition(g.kind).label)} | ${mdCell(name)}<br>not evaluated: ${mdCell(g.notEvaluated)} | – | ${mdCell(g.limit)} |`;
  return `| ${g.passed ? '✅' : '❌'} | ${mdCell(kindDefinition(g.kind).label)} | ${mdCell(name)}${g.detail && !g.passed ? `<br>${mdCell(g.detail)}` : ''} | ${mdCell(g.measured)} | ${mdCell(g.limit)} |`;
}

function routeLines(routes: RouteStats[]): string[] {
  const busiest = [...routes]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_ROUTES)
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
  const lines = [
    '| Service | Route | Requests | p50 | p95 | p99 | Errors |',
    '|---|---|--:|--:|--:|--:|--:|',
    ...busiest.map(
      (r) =>
        `| ${mdCell(r.service)} | ${mdCell(r.name)} | ${r.count} | ${formatMs(r.p50)} | ${formatMs(r.p95)} | ${formatMs(r.p99)} | ${formatPct(r.errorRate)} |`,
    ),
  ];
  if (routes.length > busiest.length)
    lines.push('', `_${routes.length - busiest.length} quieter route(s) omitted; see report.html._`);
  return lines;
}

export function renderSummaryMarkdown(verdict: Verdict, cluster?: ClusterMetrics): string {
  const failed = verdict.gates.filter((g) => !g.passed && !g.notEvaluated);
  const head = verdict.passed ? '✅ passed' : `❌ failed (${failed.length} of ${verdict.gates.length} gates)`;
  const lines = [
    `## aurora-load: ${mdCell(verdict.scenario)} · ${mdCell(verdict.profile)} on ${mdCell(verdict.env)}: ${head}`,
    '',
    `Run \`${verdict.runId}\` · started ${verdict.startedAt} · exit code ${verdict.exitCode} (${exitCodeLabel(verdict.exitCode)}) · k6 exit ${verdict.k6ExitCode ?? 'none'}`,
    '',
    '### Gates',
    '',
  ];
  if (verdict.gates.length === 0) lines.push('_No gates were evaluated._');
  else
    lines.push(
      '| | Kind | Gate | Measured | Limit |',
      '|---|---|---|---|---|',
      ...orderGates(verdict.gates).map(gateLine),
    );
  lines.push('', ...clusterMarkdown(cluster, mdCell), '### Routes', '');
  if (verdict.routes.length === 0) lines.push('_No HTTP requests were recorded._');
  else lines.push(...routeLines(verdict.routes));
  lines.push('', '_Charts: `report.html` in the run folder (artifact)._', '');
  return lines.join('\n');
}
