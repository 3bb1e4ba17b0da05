// Specification of the three gate states (issue 12, items 2 and 3): every gate is passed, failed or
// not evaluated with its reason; a gate that measured nothing never passes; a not-evaluated gate the
// profile requires fails the run with exit 3 (never 0, never 4); and k6's own 99 for a threshold it
// judged over no samples is not a threshold failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { K6Summary, SummaryMetric } from '../../cli/analysis/index.ts';
import { baselineGates, hpaGates, thresholdGates } from '../../cli/gates/index.ts';
import {
  buildVerdict,
  EXIT,
  gateStatus,
  verdictLine,
  type GateResult,
  type RunOutcome,
  type Timeline,
} from '../../cli/verdict/index.ts';

const trend = (count: number, p95 = 0): SummaryMetric => ({
  type: 'trend',
  contains: 'time',
  values: { count, 'p(50)': p95 / 2, 'p(95)': p95, 'p(99)': p95 },
});
const rate = (passes: number, fails: number): SummaryMetric => ({
  type: 'rate',
  values: { passes, fails, rate: passes + fails === 0 ? 0 : passes / (passes + fails) },
});
const SERVICE = 'http_req_duration{service:aurora-server,phase:request}';
const ROUTE_ID = 'http_req_duration{service:aurora-server,name:GET /api/incidents/{id},phase:request}';

/** A default smoke as k6 reported it: one route had no request; contract sampling saw none. */
const smoke: K6Summary = {
  format: 'handle-summary',
  source: 'summary.json',
  notes: [],
  metrics: {
    [SERVICE]: trend(9, 67),
    [ROUTE_ID]: trend(0),
    aurora_contract_violations: rate(0, 0),
    checks: rate(18, 0),
  },
  thresholds: [
    { metric: SERVICE, expression: 'p(95)<500', ok: true },
    { metric: ROUTE_ID, expression: 'p(95)<600', ok: true },
    { metric: 'aurora_contract_violations', expression: 'rate<0.01', ok: true },
    { metric: 'checks', expression: 'rate>0.99', ok: true },
  ],
};

const completed: RunOutcome = { k6ExitCode: 0, interrupted: false, timedOut: false };
const verdictOf = (gates: GateResult[], outcome: RunOutcome = completed) =>
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

test('a route with 0 requests and a Rate at 0 of 0 are not evaluated (no samples), never passed', () => {
  const gates = thresholdGates(smoke);
  const byKey = (key: string) => gates.find((g) => g.name.startsWith(`${key}:`)) as GateResult;
  for (const key of [ROUTE_ID, 'aurora_contract_violations']) {
    const g = byKey(key);
    assert.equal(g.status, 'not-evaluated', key);
    assert.equal(g.reason, 'no samples');
    assert.equal(g.passed, false);
    assert.equal(g.measured, 'no samples');
  }
  assert.equal(byKey(SERVICE).status, 'passed');
  assert.equal(byKey('checks').status, 'passed');
});

test('a smoke whose only unjudged gates are per-route ones passes, and says how many were not evaluated', () => {
  const v = verdictOf(thresholdGates(smoke));
  assert.equal(v.exitCode, EXIT.ok);
  assert.equal(verdictLine(v), 'PASSED: 2 of 4 gates passed, 2 not evaluated');
  assert.ok(
    v.gates.every((g) => g.status !== undefined),
    'verdict.json carries every state',
  );
});

test('a wrong secret (0 iterations, every threshold over no samples) fails with exit 3, never 0', () => {
  const empty: K6Summary = {
    ...smoke,
    metrics: { [SERVICE]: trend(0), [ROUTE_ID]: trend(0), aurora_contract_violations: rate(0, 0), checks: rate(0, 0) },
    thresholds: smoke.thresholds.map((t) => ({ ...t, ok: t.metric !== 'checks' })),
  };
  const gates = thresholdGates(empty);
  assert.ok(gates.every((g) => gateStatus(g) === 'not-evaluated'));
  assert.equal(gates.find((g) => g.name.startsWith(SERVICE))?.required, true, "a service's latency is required");
  // k6 itself exits 99 (checks at 0 of 0 is a rate of 0): that is no threshold failure of the service.
  const v = verdictOf(gates, { ...completed, k6ExitCode: 99 });
  assert.equal(v.exitCode, EXIT.runFailed);
  assert.equal(v.passed, false);
  const required = v.gates.find((g) => g.name === 'required gates evaluated');
  assert.equal(required?.status, 'failed');
  assert.match(
    required?.detail ?? '',
    /http_req_duration\{service:aurora-server,phase:request\}: p\(95\)<500 \(no samples\)/,
  );
});

test("k6's 99 over thresholds judged on no samples alone does not fail a run whose other gates passed", () => {
  const v = verdictOf(
    thresholdGates({
      ...smoke,
      thresholds: smoke.thresholds.map((t) => ({ ...t, ok: !t.metric.startsWith('aurora_contract') })),
    }),
    {
      ...completed,
      k6ExitCode: 99,
    },
  );
  assert.equal(v.exitCode, EXIT.ok);
});

const stages = [
  { index: 0, startMs: 1_000 },
  { index: 2, startMs: 60_000 },
];
const expectation = { hpa: 'aurora-oss-server', triggerStage: 2, scaleUpWithinSeconds: 12, minReadyAtPeak: 3 };

test('a blind watcher makes the HPA gates not evaluated and required: exit 3, never 4', () => {
  const timeline: Timeline = { namespace: 'aurora', startedAt: 0, points: [], notes: ['connect ECONNREFUSED'] };
  const gates = hpaGates(timeline, stages, [expectation], 120_000);
  assert.deepEqual(
    gates.map((g) => [g.name, g.status, g.reason, g.required]),
    [
      ['aurora-oss-server scale-up', 'not-evaluated', 'watcher blind', true],
      ['aurora-oss-server ready at peak', 'not-evaluated', 'watcher blind', true],
    ],
  );
  const v = verdictOf(gates);
  assert.equal(v.exitCode, EXIT.runFailed);
  assert.notEqual(v.exitCode, EXIT.hpaFailed);
});

test("an interrupted run's HPA gate is not evaluated and gives no scaling advice", () => {
  const points = [
    { t: 0, kind: 'hpa' as const, name: 'aurora-oss-server', desired: 2, ready: 2 },
    { t: 61_000, kind: 'hpa' as const, name: 'aurora-oss-server', desired: 2, ready: 2 },
  ];
  const timeline: Timeline = { namespace: 'aurora', startedAt: 0, endedAt: 90_000, points, notes: [] };
  const judged = hpaGates(timeline, stages, [expectation], 80_000);
  assert.match(judged.find((g) => g.name.endsWith('ready at peak'))?.detail ?? '', /maxReplicas too low/);
  const gates = hpaGates(timeline, stages, [expectation], 80_000, { interrupted: true });
  for (const g of gates) {
    assert.equal(g.status, 'not-evaluated', g.name);
    assert.doesNotMatch(g.detail ?? '', /scale-up too slow|maxReplicas/);
    assert.match(g.detail ?? '', /interrupted/);
  }
});

test('a baseline route under minCount is not evaluated (not passed)', () => {
  const route = (count: number, p95: number) => ({
    service: 'aurora-server',
    name: 'GET /api/incidents',
    count,
    p50: p95,
    p95,
    p99: p95,
    errorRate: 0,
  });
  const [gate] = baselineGates([route(1, 340)], [route(1, 40)], {
    relative: 0.2,
    absoluteMs: 25,
    errorRateAbsolute: 0.01,
    minSamples: 20,
  });
  assert.equal(gate?.status, 'not-evaluated');
  assert.equal(gate?.reason, 'no samples');
  assert.equal(gate?.passed, false);
  assert.match(gate?.detail ?? '', /fewer than 20 requests/);
});

test('no scale-up while load ran fails (exit 4) even when the window outlasts the load; a watch that stopped mid-load is blind', () => {
  const flat = (until: number) =>
    [0, 30_000, until].map((t) => ({ t, kind: 'hpa' as const, name: 'aurora-oss-server', desired: 2, ready: 2 }));
  const frozen: Timeline = { namespace: 'aurora', startedAt: 0, endedAt: 71_000, points: flat(70_500), notes: [] };
  // Load stopped at 70 s, 10 s into stage 2: the 12 s window outlasts it, and the HPA never moved.
  const [scaleUp] = hpaGates(frozen, stages, [expectation], 70_000);
  assert.equal(scaleUp?.status, 'failed');
  assert.match(scaleUp?.detail ?? '', /outlasted the load/);
  assert.equal(verdictOf(hpaGates(frozen, stages, [expectation], 70_000)).exitCode, EXIT.hpaFailed);
  // The watch ended at 65 s while load ran until 120 s: the rest of the window was not seen.
  const cut: Timeline = { namespace: 'aurora', startedAt: 0, endedAt: 65_000, points: flat(64_000), notes: [] };
  const [blind] = hpaGates(cut, stages, [expectation], 120_000);
  assert.equal(blind?.status, 'not-evaluated');
  assert.equal(blind?.reason, 'watcher blind');
});
