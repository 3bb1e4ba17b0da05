// summary.md beside k6's own gates: k6's thresholds judged from Prometheus, both values side by side,
// whether they reach the same result, and why one was not judged. Information only: no gate changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSummaryMarkdown } from '../../cli/report/index.ts';
import { buildVerdict, type GateResult } from '../../cli/verdict/index.ts';
import { VERDICT } from './verdict-fixture.ts';

const fromPrometheus: GateResult[] = [
  {
    kind: 'threshold',
    name: 'http_req_duration{service:aurora-server}: p(95)<800',
    measured: 'p(95) = 951 ms',
    limit: 'p(95) < 800 ms',
    passed: false,
    status: 'failed',
  },
  {
    kind: 'threshold',
    name: 'http_req_failed: rate<0.01',
    measured: 'n/a',
    limit: 'rate < 1%',
    passed: false,
    status: 'not-evaluated',
    reason: 'data missing',
    detail: 'Prometheus has no series for http_req_failed under testid=t-1',
  },
];

test('summary.md: thresholds from Prometheus beside k6 summary values, same result or why not judged', () => {
  const md = renderSummaryMarkdown({ ...VERDICT, thresholdsFromPrometheus: { testid: 't-1', gates: fromPrometheus } });
  assert.match(md, /### Thresholds from Prometheus/);
  assert.match(md, /every series of `testid=t-1`/);
  assert.match(
    md,
    /\| `http_req_duration\{service:aurora-server\}: p\(95\)<800` \| p\(95\) = 912 ms \| p\(95\) = 951 ms \| ✅ yes \|/,
  );
  assert.match(
    md,
    /\| `http_req_failed: rate<0.01` \| rate = 0.2% \(2 of 1000\) \| - \| ⚪ Prometheus has no series for http_req_failed/,
  );
  assert.ok(md.indexOf('### Thresholds from Prometheus') > md.indexOf('### Gates'));
  assert.doesNotMatch(renderSummaryMarkdown(VERDICT), /Thresholds from Prometheus/);
});

test('the verdict carries them with their status and leaves the gates and the exit code alone', () => {
  const input = {
    runId: 'r',
    env: 'local',
    scenario: 'rest',
    profile: 'smoke',
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    outcome: { k6ExitCode: 0, interrupted: false, timedOut: false },
    gates: [VERDICT.gates[1] as GateResult],
    routes: [],
  };
  const without = buildVerdict(input);
  const withProm = buildVerdict({
    ...input,
    thresholdsFromPrometheus: { testid: 'r', gates: [{ ...(fromPrometheus[0] as GateResult), status: undefined }] },
  });
  assert.deepEqual(withProm.gates, without.gates);
  assert.equal(withProm.exitCode, without.exitCode);
  assert.equal(withProm.thresholdsFromPrometheus?.gates[0]?.status, 'failed');
});
