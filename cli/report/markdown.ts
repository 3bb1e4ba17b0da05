// summary.md: the verdict for a GitHub step summary or a PR comment: gates first (passed, failed or
// not evaluated with the reason), k6's thresholds judged from Prometheus beside them when the run has
// them, then routes.
import {
  gateStatus,
  kindDefinition,
  STATUS_MARK,
  stateCounts,
  type ClusterMetrics,
  type GateResult,
  type PreflightItem,
  type RouteStats,
  type Verdict,
} from '../verdict/index.ts';
import { clusterMarkdown } from './cluster.ts';
import { formatMs, formatPct } from '../gates/index.ts';
import { exitCodeLabel, orderGates } from './common.ts';
import { spendMarkdown } from './spend-markdown.ts';
import { runnersMarkdown } from './sections/runners.ts';

/** A Markdown table cell: pipes escaped, line breaks flattened. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** How many routes the summary lists (the busiest); the full list is in verdict.json and report.html. */
export const MAX_ROUTES = 25;

/** ✅ passed, ❌ failed, ⚪ not evaluated (with its reason, and whether the profile requires it). */
function stateCell(g: GateResult): string {
  const status = gateStatus(g);
  const mark = STATUS_MARK[status].symbol;
  if (status !== 'not-evaluated') return mark;
  return `${mark} not evaluated: ${mdCell(g.reason ?? 'data missing')}${g.required ? ' (required)' : ''}`;
}

function gateLine(g: GateResult): string {
  const name = `\`${g.name.replace(/`/g, "'")}\``;
  const showDetail = g.detail && gateStatus(g) !== 'passed';
  return `| ${stateCell(g)} | ${mdCell(kindDefinition(g.kind).label)} | ${mdCell(name)}${showDetail ? `<br>${mdCell(g.detail as string)}` : ''} | ${mdCell(g.measured)} | ${mdCell(g.limit)} |`;
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

const PREFLIGHT_MARK: Record<PreflightItem['status'], string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  unknown: '❔',
  skipped: '➖',
};

/** The scaling-readiness checklist: one row per item, with its evidence and, unless it passed, its fix. */
function preflightLines(items: PreflightItem[]): string[] {
  return [
    '### Preflight (scaling checklist)',
    '',
    '| | Item | Result | Evidence | Fix |',
    '|---|---|---|---|---|',
    ...items.map(
      (i) =>
        `| ${PREFLIGHT_MARK[i.status]} | \`${i.id}\`${i.mustHave ? ' (must-have)' : ''} | ${mdCell(i.summary)} | ${mdCell(i.evidence.map((e) => `${e.object} ${e.field} = ${e.value}`).join('; '))} | ${mdCell(i.fix ?? '')} |`,
    ),
    '',
  ];
}

/** k6's thresholds judged again from Prometheus, beside k6's own judgement: information, not gates. */
function fromPrometheusLines(v: Verdict): string[] {
  const judged = v.thresholdsFromPrometheus;
  if (!judged || judged.gates.length === 0) return [];
  const k6 = new Map(v.gates.filter((g) => g.kind === 'threshold').map((g) => [g.name, g]));
  const row = (g: GateResult): string => {
    const own = k6.get(g.name);
    const status = gateStatus(g);
    const same =
      status === 'not-evaluated'
        ? `⚪ ${mdCell(g.detail ?? g.reason ?? 'not evaluated')}`
        : !own || gateStatus(own) === 'not-evaluated'
          ? '-'
          : own.passed === g.passed
            ? '✅ yes'
            : '❌ no';
    return `| \`${mdCell(g.name.replace(/`/g, "'"))}\` | ${mdCell(own?.measured ?? '-')} | ${mdCell(status === 'not-evaluated' ? '-' : g.measured)} | ${same} |`;
  };
  return [
    '',
    '### Thresholds from Prometheus',
    '',
    `k6's thresholds judged again from what k6 wrote to Prometheus, over every series of \`testid=${mdCell(judged.testid)}\`. Quantiles come from native histograms (within one bucket, 9.05 %, of k6's exact ones). Information only: k6's own summary decides the gates above.`,
    '',
    '| Threshold | k6 summary | Prometheus | Same result |',
    '|---|---|---|---|',
    ...judged.gates.map(row),
  ];
}

export function renderSummaryMarkdown(verdict: Verdict, cluster?: ClusterMetrics): string {
  const counts = stateCounts(verdict.gates);
  const unjudged = counts['not-evaluated'] > 0 ? `, ${counts['not-evaluated']} not evaluated` : '';
  const head = verdict.passed
    ? `✅ passed${unjudged ? ` (${counts.passed} of ${verdict.gates.length} gates${unjudged})` : ''}`
    : `❌ failed (${counts.failed} of ${verdict.gates.length} gates${unjudged})`;
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
  lines.push(...fromPrometheusLines(verdict));
  if (verdict.preflight) lines.push('', ...preflightLines(verdict.preflight).slice(0, -1));
  lines.push(...runnersMarkdown(verdict.distributed, mdCell));
  lines.push(...spendMarkdown(verdict));
  lines.push('', ...clusterMarkdown(cluster, mdCell), '### Routes', '');
  if (verdict.routes.length === 0) lines.push('_No HTTP requests were recorded._');
  else lines.push(...routeLines(verdict.routes));
  lines.push('', '_Charts: `report.html` in the run folder (artifact)._', '');
  return lines.join('\n');
}
