// Specification of the lines under FAILED in the terminal (issue 12, item 3): each failed gate with
// its measured value, its limit and the most likely cause; k6's stack traces condensed to the
// message and the script line; RCA failures by outcome; then the gates not evaluated and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K6Summary } from '../../cli/analysis/index.ts';
import { condenseStack, K6ErrorTap } from '../../cli/k6/k6-errors.ts';
import { thresholdGates } from '../../cli/gates/index.ts';
import {
  buildVerdict,
  explainVerdict,
  verdictLine,
  type GateResult,
  type RunOutcome,
} from '../../cli/verdict/index.ts';

const verdictOf = (gates: GateResult[], outcome: RunOutcome) =>
  buildVerdict({
    runId: 'r',
    env: 'local',
    scenario: 'mixed',
    profile: 'smoke',
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    outcome,
    gates,
    routes: [],
  });

test('target down: the first line after FAILED names the liveness probe and its error', () => {
  const v = verdictOf([], {
    k6ExitCode: null,
    interrupted: false,
    timedOut: false,
    runProblem: 'target unreachable: GET http://127.0.0.1:18499/health/liveness failed (ECONNREFUSED)',
  });
  const [first, cause] = [verdictLine(v), explainVerdict(v)[0]];
  assert.match(first, /^FAILED \(exit 3\)/);
  assert.match(
    cause ?? '',
    /target reachable and k6 completed: target unreachable: GET .*\/health\/liveness failed \(ECONNREFUSED\)/,
  );
});

const K6_SETUP_403 =
  'time="2026-11-30T06:46:53Z" level=error msg="Error: setup: seeding an incident for a rest user failed: POST /api/incidents/trigger-rca answered 403 {\\"error\\":\\"Forbidden\\"}\\n\\tat seedIncidents (file:///tmp/aurora-load-bundle-x/mixed.js:848:13(45))\\n\\tat setup (file:///tmp/aurora-load-bundle-x/mixed.js:1201:5(12))\\n\\tat native\\n" hint="script exception"';

test("k6's stack trace is condensed to the message and the script line, and the first error is kept", () => {
  const tap = new K6ErrorTap();
  const shown =
    tap.write('time="t" level=info msg="starting" source=console\n') +
    tap.write(`${K6_SETUP_403.slice(0, 40)}`) +
    tap.write(`${K6_SETUP_403.slice(40)}\n`) +
    tap.write('time="t" level=error msg="thresholds on metrics \'checks\' have been crossed"\n') +
    tap.end();
  const lines = shown.trimEnd().split('\n');
  assert.equal(lines.length, 3, shown);
  assert.match(lines[1] ?? '', /msg="Error: setup: .* answered 403 .*\(at mixed\.js:848\)" hint="script exception"$/);
  assert.doesNotMatch(shown, /\\tat |at native/);
  assert.equal(
    tap.firstError,
    'Error: setup: seeding an incident for a rest user failed: POST /api/incidents/trigger-rca answered 403 {"error":"Forbidden"} (at mixed.js:848)',
  );
});

test("k6's terminal log format (ERRO[0001] and indented frames) is condensed the same way", () => {
  const tap = new K6ErrorTap();
  const shown =
    tap.write('ERRO[0001] Error: boom\n\tat file:///x/dist/rest.js:12:3(4)\n') +
    tap.write('\tat native  hint="script exception"\nrunning (1s)\n') +
    tap.end();
  assert.equal(shown, 'ERRO[0001] Error: boom (at rest.js:12) hint="script exception"\nrunning (1s)\n');
  assert.equal(tap.firstError, 'Error: boom (at rest.js:12)');
  assert.equal(condenseStack('plain message'), 'plain message');
});

test("a k6 failure names k6's first error (the 403 and its route) right under FAILED", () => {
  const firstError = 'Error: setup: seeding … failed: POST /api/incidents/trigger-rca answered 403 (at mixed.js:848)';
  const v = verdictOf([], { k6ExitCode: 107, interrupted: false, timedOut: false, k6FirstError: firstError });
  const lines = explainVerdict(v);
  assert.match(lines[0] ?? '', /k6 run completed: k6 exit 107: script exception \(limit/);
  assert.equal(lines[1]?.trim(), `k6's first error: ${firstError}`);
  assert.equal(v.k6FirstError, firstError, 'verdict.json keeps it');
});

test('a failed RCA gate says how its failures split by outcome (timeouts vs errors)', () => {
  const summary: K6Summary = {
    format: 'handle-summary',
    source: 's',
    notes: [],
    metrics: { aurora_rca_failed: { type: 'rate', values: { passes: 22, fails: 46, rate: 22 / 68 } } },
    thresholds: [{ metric: 'aurora_rca_failed', expression: 'rate<0.05', ok: false }],
  };
  const gates = thresholdGates(summary, { outcomes: (m) => (m === 'aurora_rca_failed' ? { timeout: 22 } : undefined) });
  const v = verdictOf(gates, { k6ExitCode: 99, interrupted: false, timedOut: false });
  const lines = explainVerdict(v);
  assert.match(lines[0] ?? '', /aurora_rca_failed: rate<0.05: rate = 32(\.\d+)?% \(22 of 68\) \(limit rate < 5%\)/);
  assert.equal(lines[1]?.trim(), 'failing samples by outcome: 22 timeout');
});

test('gates not evaluated are listed under the verdict with their reason, marked when required', () => {
  const gate: GateResult = {
    kind: 'hpa',
    name: 'aurora-oss-server scale-up',
    measured: 'no observations',
    limit: 'l',
    passed: false,
    status: 'not-evaluated',
    reason: 'watcher blind',
    required: true,
  };
  const v = verdictOf([gate], { k6ExitCode: 0, interrupted: false, timedOut: false });
  assert.match(verdictLine(v), /^FAILED \(exit 3\): 1 of 2 gates failed, 1 not evaluated: required gates evaluated$/);
  const lines = explainVerdict(v);
  assert.ok(lines.includes('  ⚪ 1 not evaluated (1 watcher blind):'), lines.join('\n'));
  assert.ok(lines.includes('       aurora-oss-server scale-up (watcher blind, required)'));
});
