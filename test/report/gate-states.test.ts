// Specification: summary.md, junit.xml and report.html show a gate's three states distinctly
// (passed, failed, not evaluated with its reason), as verdict.json records them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunAnalysis } from '../../cli/analysis/index.ts';
import { renderJunit, renderReportHtml, renderSummaryMarkdown } from '../../cli/report/index.ts';
import { buildVerdict, type GateResult } from '../../cli/verdict/index.ts';

const gate = (name: string, extra: Partial<GateResult>): GateResult => ({
  kind: 'threshold',
  name,
  measured: 'p(95) = 80 ms',
  limit: 'p(95) < 500 ms',
  passed: true,
  ...extra,
});
const VERDICT = buildVerdict({
  runId: 'r',
  env: 'local',
  scenario: 'mixed',
  profile: 'smoke',
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  outcome: { k6ExitCode: 0, interrupted: false, timedOut: false },
  gates: [
    gate('service latency', {}),
    gate('route GET /api/incidents/{id}', {
      passed: false,
      status: 'not-evaluated',
      reason: 'no samples',
      measured: 'no samples',
      detail: 'k6 recorded 0 sample(s)',
    }),
  ],
  routes: [],
});

test('verdict.json records the state of every gate', () => {
  assert.equal(VERDICT.passed, true);
  assert.deepEqual(
    VERDICT.gates.map((g) => [g.status, g.reason]),
    [
      ['passed', undefined],
      ['not-evaluated', 'no samples'],
    ],
  );
});

test('summary.md marks a gate not evaluated with its reason, never with ✅', () => {
  const md = renderSummaryMarkdown(VERDICT);
  assert.match(md, /✅ passed \(1 of 2 gates, 1 not evaluated\)/);
  const row = md.split('\n').find((l) => l.includes('GET /api/incidents/{id}')) ?? '';
  assert.match(row, /^\| ⚪ not evaluated: no samples \|/);
  assert.doesNotMatch(row, /✅/);
});

test('junit.xml reports a gate not evaluated as skipped, with the reason as its message', () => {
  const xml = renderJunit(VERDICT);
  assert.match(xml, /<testsuites [^>]*failures="0" errors="0" skipped="1">/);
  assert.match(xml, /<skipped message="not evaluated \(no samples\): measured no samples, limit p\(95\) &lt; 500 ms">/);
});

test('report.html shows NOT EVALUATED and the reason, apart from passed and failed gates', () => {
  const analysis = {
    source: 'k6.ndjson',
    lines: 0,
    points: 0,
    skippedLines: 0,
    notes: [],
    startMs: 0,
    endMs: 0,
    loadEndMs: 0,
    bucketSeconds: 1,
    times: [],
    services: [],
    http: {},
    trends: {},
    routes: [],
    stages: [],
    metrics: {},
  } satisfies RunAnalysis;
  const html = renderReportHtml({ verdict: VERDICT, summary: null, analysis, timeline: null });
  assert.match(html, /<td class="status skip">NOT EVALUATED<span class="detail">no samples<\/span><\/td>/);
  assert.match(html, /1 not evaluated/);
  assert.match(html, /<td class="status pass">PASS<\/td>/);
});
