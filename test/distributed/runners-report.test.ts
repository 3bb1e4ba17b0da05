// Specification of the runners in the reports of a distributed run: summary.md and report.html say
// how many runners ran and show each one's pod, end and request rate, and call an uneven split so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunAnalysis } from '../../cli/analysis/index.ts';
import { distributedSummary } from '../../cli/distributed/index.ts';
import { renderReportHtml, renderSummaryMarkdown } from '../../cli/report/index.ts';
import { buildVerdict, type Verdict } from '../../cli/verdict/index.ts';

const base = buildVerdict({
  runId: 'r',
  env: 'local',
  scenario: 'rest',
  profile: 'load',
  startedAt: new Date(0),
  finishedAt: new Date(1000),
  outcome: { k6ExitCode: 0, interrupted: false, timedOut: false },
  gates: [],
  routes: [],
});

function withRunners(rps: [number, number]): Verdict {
  return {
    ...base,
    distributed: distributedSummary({
      engine: 'k6-operator',
      testRun: 'aurora-load-r',
      namespace: 'aurora',
      runners: 2,
      perRunner: [
        { index: 1, pod: 'aurora-load-r-1', state: 'exited', exitCode: 0, requests: rps[0] * 60, rps: rps[0] },
        { index: 2, pod: 'aurora-load-r-2', state: 'exited', exitCode: 99, requests: rps[1] * 60, rps: rps[1] },
      ],
    }),
  };
}

const analysis: RunAnalysis = {
  source: 'prometheus',
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
};

test('summary.md: how many runners ran, each one with its end and request rate', () => {
  const md = renderSummaryMarkdown(withRunners([10, 9.9]));
  assert.match(md, /### Runners \(k6-operator\)/);
  assert.match(
    md,
    /2 of 2 runners ran to the end · TestRun `aurora-load-r` in namespace `aurora` · split even \(busiest\/quietest 1\.01x\)/,
  );
  assert.match(md, /\| 1 \| aurora-load-r-1 \| exit 0 \| 600 \| 10 req\/s \|/);
  assert.match(md, /\| 2 \| aurora-load-r-2 \| exit 99 \(its slice's thresholds\) \| 594 \| 9\.9 req\/s \|/);
});

test('an uneven split is called so, in summary.md and report.html', () => {
  const v = withRunners([15, 5]);
  assert.match(renderSummaryMarkdown(v), /split \*\*uneven\*\* \(busiest\/quietest 3\.00x\)/);
  const html = renderReportHtml({ verdict: v, summary: null, analysis, timeline: null });
  assert.match(html, /<h2>Runners \(k6-operator\)<\/h2>/);
  assert.match(html, /split <strong>uneven<\/strong>/);
  assert.match(
    html,
    /<td class="mono">aurora-load-r-2<\/td><td>exit 99 \(its slice&#39;s thresholds\)<\/td><td class="num">300<\/td>/,
  );
});

test('a local run has no runners section', () => {
  assert.doesNotMatch(renderSummaryMarkdown(base), /Runners/);
  assert.doesNotMatch(
    renderReportHtml({ verdict: base, summary: null, analysis, timeline: null }),
    /Runners \(k6-operator\)/,
  );
});
