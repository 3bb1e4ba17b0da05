// report.html: one self-contained file (uPlot, styles, script and data inlined), readable offline,
// attachable to a CI run. Tables are rendered here; charts are drawn by assets/report-client.js.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { K6Summary } from '../analysis/read-summary.ts';
import type { RunAnalysis } from '../analysis/types.ts';
import type { GateResult, Timeline, Verdict } from '../verdict/model.ts';
import { gateStatus, isFailed, isNotEvaluated, stateCounts } from '../verdict/index.ts';
import { formatMs, formatNumber, formatPct } from '../gates/format.ts';
import { chartRangeMs, resolvePanels, type PanelData } from './charts/layout.ts';
import { clusterHtml } from './cluster.ts';
import { runnersHtml } from './sections/runners.ts';
import { exitCodeLabel, orderGates, safePlanEntries, type ReportPlan } from './common.ts';
import type { ExtraSeries } from './charts/metric-series.ts';
import type { PlanFacts } from './charts/plan-facts.ts';
import { loadWindow } from './charts/stage-bands.ts';

export interface ReportInput {
  verdict: Verdict;
  summary: K6Summary | null;
  analysis: RunAnalysis;
  timeline: Timeline | null;
  plan?: ReportPlan;
  /** From the run folder's plan.json: stage names, planned rates, HPA expectations (writeReports reads it). */
  facts?: PlanFacts | null;
  /** Arrivals and failed thresholds' metrics per bucket (writeReports reads them from k6's output). */
  extra?: ExtraSeries | null;
}

const require = createRequire(import.meta.url);
const asset = (rel: string): string => readFileSync(new URL(`./assets/${rel}`, import.meta.url), 'utf8');
const UPLOT_JS = (): string => readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
const UPLOT_CSS = (): string => readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** JSON or JS inside <script>: no `</script>` or `<!--` can end or bend the element. */
function scriptSafe(text: string): string {
  return text.replace(/<(?=\/script|!--)/gi, '\\u003c');
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function tiles(input: ReportInput): string {
  const { analysis, summary, verdict } = input;
  const m = analysis.metrics;
  const reqs = m.http_reqs?.value ?? m.http_req_duration?.count ?? 0;
  const seconds = Math.max(1, (analysis.loadEndMs - analysis.startMs) / 1000);
  const failed = m.http_req_failed;
  const checks = summary?.metrics.checks?.values;
  const states = stateCounts(verdict.gates);
  const passedGates = states.passed;
  const gatesNote = [
    states.failed > 0 ? `${states.failed} failed` : '',
    states['not-evaluated'] > 0 ? `${states['not-evaluated']} not evaluated` : '',
  ].filter(Boolean);
  const loadStopMs = loadWindow(analysis, input.facts ?? null).loadStop * 1000;
  const windDownMs = Math.max(0, analysis.loadEndMs - loadStopMs);
  const items: Array<[string, string, string?]> = [
    ['Requests', formatNumber(reqs), `${formatNumber(reqs / seconds)}/s avg`],
    [
      'HTTP errors',
      failed ? formatPct(failed.value) : '–',
      failed ? `${Math.round(failed.value * failed.count)} failed` : undefined,
    ],
    [
      'p95 latency',
      m.http_req_duration?.p95 !== undefined ? formatMs(m.http_req_duration.p95) : '–',
      m.http_req_duration?.p99 !== undefined ? `p99 ${formatMs(m.http_req_duration.p99)}` : undefined,
    ],
    [
      'Checks',
      checks?.rate !== undefined ? formatPct(checks.rate) : m.checks ? formatPct(m.checks.value) : '–',
      checks ? `${checks.fails ?? 0} failed` : undefined,
    ],
    [
      'Load',
      formatMs(loadStopMs - analysis.startMs),
      `${analysis.stages.length} stage(s)${windDownMs >= 1000 ? ` + ${formatMs(windDownMs)} wind-down` : ''}`,
    ],
    ['Gates', `${passedGates}/${verdict.gates.length}`, gatesNote.length > 0 ? gatesNote.join(', ') : 'all passed'],
  ];
  return `<section class="tiles">${items.map(([k, v, sub]) => `<div class="tile"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}${sub ? ` <small>${escapeHtml(sub)}</small>` : ''}</div></div>`).join('')}</section>`;
}

const STATE_CELL = {
  passed: { cls: 'pass', text: 'PASS' },
  failed: { cls: 'fail', text: 'FAIL' },
  'not-evaluated': { cls: 'skip', text: 'NOT EVALUATED' },
} as const;

function gateRow(g: GateResult): string {
  const state = gateStatus(g);
  const { cls, text } = STATE_CELL[state];
  const why =
    state === 'not-evaluated'
      ? `<span class="detail">${escapeHtml(`${g.reason ?? 'data missing'}${g.required ? ', required' : ''}`)}</span>`
      : '';
  return (
    `<tr class="${cls}"><td class="status ${cls}">${text}${why}</td><td class="kind">${escapeHtml(g.kind)}</td>` +
    `<td><span class="mono">${escapeHtml(g.name)}</span>${g.detail ? `<span class="detail">${escapeHtml(g.detail)}</span>` : ''}</td>` +
    `<td>${escapeHtml(g.measured)}</td><td>${escapeHtml(g.limit)}</td></tr>`
  );
}

const GATE_HEAD = '<thead><tr><th>Result</th><th>Kind</th><th>Gate</th><th>Measured</th><th>Limit</th></tr></thead>';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "34 gates: 2 failed, 3 not evaluated, 29 passed · 21 thresholds, 6 HPA, 7 baseline". */
function gateSummary(gates: GateResult[]): string {
  const { failed, passed, 'not-evaluated': unjudged } = stateCounts(gates);
  const byKind = (['threshold', 'hpa', 'baseline', 'drift', 'cluster'] as const)
    .map((k) => [k, gates.filter((g) => g.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => (k === 'threshold' ? plural(n, 'threshold') : `${n} ${k === 'hpa' ? 'HPA' : k}`));
  return (
    `<p class="gate-summary"><strong>${plural(gates.length, 'gate')}:</strong> ` +
    `${failed > 0 ? `<span class="status fail">${failed} failed</span>, ` : ''}` +
    `${unjudged > 0 ? `<span class="status skip">${unjudged} not evaluated</span>, ` : ''}` +
    `<span class="status pass">${passed} passed</span>` +
    ` <span class="muted">· ${byKind.join(', ')}</span></p>`
  );
}

/** A summary line, the failed gates in full view, passed ones folded (open them to audit): the charts stay near the top. */
function gateTable(gates: GateResult[]): string {
  if (gates.length === 0) return '<p class="muted">No gates were evaluated.</p>';
  const ordered = orderGates(gates);
  const failed = ordered.filter(isFailed);
  const unjudged = ordered.filter(isNotEvaluated);
  const passed = ordered.filter((g) => gateStatus(g) === 'passed');
  const failedTable =
    failed.length > 0 ? `<table class="gates">${GATE_HEAD}<tbody>${failed.map(gateRow).join('')}</tbody></table>` : '';
  // Not evaluated: folded unless one of them is required (then it is why the run failed).
  const unjudgedTable =
    unjudged.length > 0
      ? `<details class="not-evaluated"${unjudged.some((g) => g.required) ? ' open' : ''}><summary>${plural(unjudged.length, 'gate')} not evaluated (show)</summary><table class="gates">${GATE_HEAD}<tbody>${unjudged.map(gateRow).join('')}</tbody></table></details>`
      : '';
  const passedTable =
    passed.length > 0
      ? `<details class="passed"><summary>${plural(passed.length, 'passed gate')} (show)</summary><table class="gates">${GATE_HEAD}<tbody>${passed.map(gateRow).join('')}</tbody></table></details>`
      : '';
  return gateSummary(gates) + failedTable + unjudgedTable + passedTable;
}

function routeTable(verdict: Verdict): string {
  if (verdict.routes.length === 0) return '<p class="muted">No HTTP requests were recorded.</p>';
  const rows = verdict.routes
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.service)}</td><td class="mono">${escapeHtml(r.name)}</td>` +
        `<td class="num">${r.count}</td><td class="num">${formatMs(r.p50)}</td><td class="num">${formatMs(r.p95)}</td><td class="num">${formatMs(r.p99)}</td>` +
        `<td class="num">${formatPct(r.errorRate)}</td></tr>`,
    )
    .join('');
  return `<table class="routes"><thead><tr><th>Service</th><th>Route</th><th class="num">Requests</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th class="num">Errors</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function panelBlock(p: PanelData): string {
  const unit = p.unit === 'replicas' || p.unit === 'value' ? '' : `<span class="unit">${escapeHtml(p.unit)}</span>`;
  const body = p.empty
    ? `<div class="empty">${escapeHtml(p.note ?? 'No data in this run.')}</div>`
    : '<div class="chart"></div>';
  const failed =
    p.failedGates.length > 0
      ? `<p class="failed-gates">Failed here: ${p.failedGates.map((g) => `<span class="mono">${escapeHtml(g)}</span>`).join(', ')}</p>`
      : '';
  return `<section class="panel${p.failedGates.length > 0 ? ' failed' : ''}" data-panel="${escapeHtml(p.id)}" data-empty="${p.empty}"><h3>${escapeHtml(p.title)}${unit}</h3><p class="summary">${escapeHtml(p.summary)}</p>${failed}${body}</section>`;
}

function metaLine(input: ReportInput): string {
  const v = input.verdict;
  const items = [
    `run <span class="mono">${escapeHtml(v.runId)}</span>`,
    `started ${escapeHtml(v.startedAt)}`,
    `k6 exit ${v.k6ExitCode === null ? 'none (did not finish)' : v.k6ExitCode}`,
    `buckets of ${input.analysis.bucketSeconds} s`,
    ...safePlanEntries(input.plan).map(([k, val]) => `${escapeHtml(k)} ${escapeHtml(val)}`),
  ];
  return `<div class="meta">${items.map((i) => `<span>${i}</span>`).join('')}</div>`;
}

function notes(input: ReportInput): string {
  const all = [
    ...input.analysis.notes,
    ...(input.summary?.notes ?? []),
    ...(input.timeline?.notes ?? []).map((n) => `watcher: ${n}`),
  ];
  if (input.timeline === null) all.push('no timeline.json: replicas were not watched');
  if (all.length === 0) return '';
  return `<h2>Notes</h2><ul class="notes">${all.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`;
}

/** The whole page as a string. Pure apart from reading the inlined assets. */
export function renderReportHtml(input: ReportInput): string {
  const { verdict, analysis, timeline } = input;
  const panels = resolvePanels({ analysis, timeline, facts: input.facts, extra: input.extra, gates: verdict.gates });
  const [startMs, endMs] = chartRangeMs(analysis, timeline);
  const { bands, loadStop } = loadWindow(analysis, input.facts ?? null);
  const pageData = { xRange: [startMs / 1000, endMs / 1000], loadStop, stages: bands, panels };
  const cls = verdict.passed ? 'pass' : 'fail';
  const title = `aurora-load · ${verdict.scenario} · ${verdict.profile} on ${verdict.env}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${verdict.passed ? 'passed' : 'FAILED'}</title>
<style>${UPLOT_CSS()}</style>
<style>${asset('report.css')}</style>
</head><body><main>
<header class="run"><h1>${escapeHtml(title)}</h1><span class="badge ${cls}">${verdict.passed ? 'PASSED' : 'FAILED'} · exit ${verdict.exitCode} ${escapeHtml(exitCodeLabel(verdict.exitCode))}</span></header>
${metaLine(input)}
${tiles(input)}
<h2>Gates</h2>
${gateTable(verdict.gates)}
<h2>Over time <span class="muted" style="font-weight:400;font-size:12px">(one time axis, elapsed since the first request; shaded bands are the plan's load stages, hatched grey is the wind-down after load stopped)</span></h2>
<div class="panels">${panels.map(panelBlock).join('\n')}</div>
${runnersHtml(verdict.distributed, escapeHtml)}
${clusterHtml(timeline?.cluster, escapeHtml)}
<h2>Routes</h2>
${routeTable(verdict)}
${notes(input)}
<footer>Generated by aurora-load from k6's output (${escapeHtml(String(analysis.points))} samples), the k6 summary and the Kubernetes watch. Finished ${escapeHtml(verdict.finishedAt)}.</footer>
</main>
<script id="report-data" type="application/json">${jsonForScript(pageData)}</script>
<script>${scriptSafe(UPLOT_JS())}</script>
<script>${scriptSafe(asset('report-client.js'))}</script>
</body></html>
`;
}
