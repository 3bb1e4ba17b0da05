// handleSummary for every bundle: k6's summary data as JSON where the CLI asks
// (__ENV.AURORA_SUMMARY_PATH), and a short text on stdout, since k6's own end-of-test text goes away
// once a script defines handleSummary. The text is pure (renderSummaryText) and unit-tested; no
// remote jslib import (runs offline).

import { METRICS } from '../core/metric-names.ts';
export interface SummaryDataMetric {
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  contains?: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface SummaryGroup {
  name: string;
  groups?: SummaryGroup[];
  checks?: { name: string; passes: number; fails: number }[];
}

export interface SummaryData {
  root_group?: SummaryGroup;
  metrics: Record<string, SummaryDataMetric>;
  state?: { testRunDurationMs?: number };
}

const KEY_TRENDS = [
  'http_req_duration',
  'ws_connecting',
  'aurora_ws_time_to_first_message',
  'aurora_ws_turn_duration',
  'aurora_ws_chunks_per_turn',
  'aurora_rca_accept_latency',
  'aurora_rca_time_to_running',
  'aurora_rca_time_to_complete',
];
const KEY_RATES = [
  'http_req_failed',
  'checks',
  'aurora_sticky_session_ok',
  'aurora_rca_failed',
  'aurora_contract_violations',
];

function fmt(v: number | undefined, time: boolean): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  if (!time) return Number.isInteger(v) ? String(v) : v.toFixed(2);
  return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(1)}ms`;
}

function collectChecks(g: SummaryGroup | undefined, out: { name: string; passes: number; fails: number }[] = []) {
  if (!g) return out;
  for (const c of g.checks ?? []) out.push(c);
  for (const sub of g.groups ?? []) collectChecks(sub, out);
  return out;
}

export function renderSummaryText(data: SummaryData): string {
  const lines: string[] = [];
  const m = data.metrics;
  const secs = data.state?.testRunDurationMs ? ` in ${(data.state.testRunDurationMs / 1000).toFixed(1)}s` : '';
  lines.push(
    `aurora-load summary${secs}: ${m.iterations?.values.count ?? 0} iterations, ${m.http_reqs?.values.count ?? 0} HTTP requests, ${m.dropped_iterations?.values.count ?? 0} dropped`,
  );

  const checks = collectChecks(data.root_group);
  if (checks.length) {
    lines.push('', 'checks');
    for (const c of checks) {
      const total = c.passes + c.fails;
      lines.push(
        `  ${c.fails === 0 ? 'ok  ' : 'FAIL'} ${c.name}: ${c.passes}/${total}${c.fails ? ` (${c.fails} failed)` : ''}`,
      );
    }
  }

  const trends = KEY_TRENDS.filter((k) => m[k]?.type === 'trend');
  if (trends.length) {
    lines.push(
      '',
      `${'trend'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(9)} ${'count'.padStart(7)}`,
    );
    for (const k of trends) {
      const v = m[k].values;
      const time = m[k].contains === 'time';
      lines.push(
        `  ${k.padEnd(32)} ${fmt(v['p(50)'] ?? v.med, time).padStart(9)} ${fmt(v['p(95)'], time).padStart(9)} ${fmt(v['p(99)'], time).padStart(9)} ${fmt(v.count, false).padStart(7)}`,
      );
    }
  }
  const rates = KEY_RATES.filter((k) => m[k]?.type === 'rate');
  if (rates.length) {
    lines.push('', 'rates');
    for (const k of rates)
      lines.push(
        `  ${k.padEnd(32)} ${(100 * (m[k].values.rate ?? 0)).toFixed(2)}% (${m[k].values.passes ?? 0} of ${(m[k].values.passes ?? 0) + (m[k].values.fails ?? 0)})`,
      );
  }
  const errors = Object.entries(m).filter(([k]) => k.startsWith('aurora_ws_error_frames'));
  if (errors.length) {
    lines.push('', 'chatbot error frames');
    for (const [k, v] of errors) lines.push(`  ${k}: ${v.values.count ?? 0}`);
  }
  lines.push(...spendLines(m));

  // One line per threshold key: PASS/FAIL, its expressions (failed ones marked), the measured values;
  // SKIP for a key with no samples (a route never called, a Rate at 0 of 0): not evaluated, as the
  // CLI's verdict says too.
  const verdicts: string[] = [];
  let failed = 0;
  let total = 0;
  let unjudged = 0;
  for (const [key, metric] of Object.entries(m).sort(([a], [b]) => a.localeCompare(b))) {
    const entries = Object.entries(metric.thresholds ?? {});
    if (entries.length === 0) continue;
    total += entries.length;
    const samples =
      metric.type === 'trend'
        ? metric.values.count
        : metric.type === 'rate' && metric.values.passes !== undefined && metric.values.fails !== undefined
          ? metric.values.passes + metric.values.fails
          : undefined;
    if (samples === 0) {
      unjudged += entries.length;
      verdicts.push(`  SKIP ${key}: ${entries.map(([expr]) => expr).join(', ')}  (no samples: not evaluated)`);
      continue;
    }
    const bad = entries.filter(([, r]) => !r.ok).length;
    failed += bad;
    const exprs = entries.map(([expr, r]) => (r.ok ? expr : `${expr} [failed]`)).join(', ');
    const v = metric.values;
    const time = metric.contains === 'time';
    const measured =
      metric.type === 'trend'
        ? `p50 ${fmt(v['p(50)'] ?? v.med, time)}, p95 ${fmt(v['p(95)'], time)}, p99 ${fmt(v['p(99)'], time)}, n ${fmt(v.count, false)}`
        : metric.type === 'rate'
          ? `rate ${(v.rate ?? 0).toFixed(4)}`
          : metric.type === 'counter'
            ? `count ${fmt(v.count, false)}`
            : `value ${fmt(v.value, false)}`;
    verdicts.push(`  ${bad ? 'FAIL' : 'PASS'} ${key}: ${exprs}  (${measured})`);
  }
  if (verdicts.length)
    lines.push(
      '',
      `thresholds: ${total - failed - unjudged} of ${total} passed${unjudged ? `, ${unjudged} not evaluated (no samples)` : ''}${failed ? `, ${failed} FAILED` : ''}`,
      ...verdicts,
    );
  return `${lines.join('\n')}\n`;
}

/** LLM spend as Aurora reported it (total, mean per chat turn and per RCA) and the 429s of its rate limiter. */
function spendLines(m: SummaryData['metrics']): string[] {
  const total = m[METRICS.llmSpend];
  const out: string[] = [];
  if (total) {
    const usd = (n: number | undefined) => `$${(n ?? 0).toFixed(4)}`;
    const mean = (cost: string, tokens: string) =>
      m[cost]?.values.count
        ? `${usd(m[cost].values.avg)} and ${Math.round(m[tokens]?.values.avg ?? 0)} tokens on average over ${m[cost].values.count}`
        : 'none reported';
    out.push(
      '',
      `LLM spend ${usd(total.values.count)}`,
      `  per chat turn  ${mean(METRICS.llmChatCost, METRICS.llmChatTokens)}`,
      `  per RCA        ${mean(METRICS.llmRcaCost, METRICS.llmRcaTokens)}`,
    );
  }
  const limited = m[METRICS.restRateLimited]?.values.count;
  if (limited) out.push('', `rate limited (429 from Aurora's Flask-Limiter): ${limited} REST calls`);
  return out;
}

/** k6's handleSummary: JSON to `summaryPath` when set, the text to stdout. */
export function summaryOutputs(data: SummaryData, summaryPath: string | undefined): Record<string, string> {
  const out: Record<string, string> = { stdout: renderSummaryText(data) };
  if (summaryPath) out[summaryPath] = JSON.stringify(data, null, 2);
  return out;
}
