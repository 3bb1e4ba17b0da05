import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baselineGates, compareRoutes } from '../../cli/gates/index.ts';
import type { RouteStats } from '../../cli/verdict/model.ts';

const route = (name: string, p95: number, errorRate = 0, service = 'aurora-server'): RouteStats => ({
  service,
  name,
  count: 500,
  p50: p95 / 3,
  p95,
  p99: p95 * 1.5,
  errorRate,
});
const baseline = [
  route('GET /api/incidents', 120),
  route('GET /api/chat/sessions', 40),
  route('GET /health/liveness', 2),
  route('POST /api/incidents/webhook', 80),
];
const tolerance = { relative: 0.2, absoluteMs: 25, errorRateAbsolute: 0.01 };

test('noise within tolerance passes', () => {
  const noisy = [
    route('GET /api/incidents', 135),
    route('GET /api/chat/sessions', 47),
    route('GET /health/liveness', 2.9),
    route('POST /api/incidents/webhook', 80, 0.005),
  ];
  const gates = baselineGates(noisy, baseline, tolerance);
  assert.equal(gates.length, 4);
  assert.ok(
    gates.every((g) => g.kind === 'baseline' && g.passed),
    JSON.stringify(gates, null, 2),
  );
});

test('injected latency fails, naming the route and the percentile', () => {
  const slow = baseline.map((r) => (r.name === 'GET /api/incidents' ? { ...r, p95: 420, p99: 600 } : r));
  const gates = baselineGates(slow, baseline, tolerance);
  const failed = gates.filter((g) => !g.passed);
  assert.equal(failed.length, 1);
  assert.equal(failed[0]?.name, 'baseline aurora-server GET /api/incidents');
  assert.match(failed[0]?.measured ?? '', /p95 120 ms→420 ms \(\+250%\)/);
  assert.match(failed[0]?.detail ?? '', /p95, p99/);
});

test('a regression must exceed BOTH the relative and the absolute tolerance', () => {
  // +150% on a 2 ms route is only +3 ms: noise.
  assert.ok(
    baselineGates([route('GET /health/liveness', 5)], [route('GET /health/liveness', 2)], tolerance)[0]?.passed,
  );
  // +30 ms on a 1 s route is only +3%: noise.
  assert.ok(baselineGates([route('GET /x', 1030)], [route('GET /x', 1000)], tolerance)[0]?.passed);
});

test('a higher error rate beyond its tolerance fails', () => {
  const gates = baselineGates(
    [route('GET /api/incidents', 120, 0.05)],
    [route('GET /api/incidents', 120, 0.01)],
    tolerance,
  );
  assert.equal(gates[0]?.passed, false);
  assert.match(gates[0]?.measured ?? '', /errors 1%→5%/);
});

test('missing and new routes are noted as not evaluated: neither failed nor passed', () => {
  const gates = baselineGates([route('GET /api/new', 10)], [route('GET /api/gone', 10)], tolerance);
  assert.equal(gates.length, 2);
  assert.ok(gates.every((g) => g.status === 'not-evaluated' && !g.passed && !g.required));
  assert.match(gates.find((g) => g.name.endsWith('GET /api/gone'))?.measured ?? '', /not in this run/);
  assert.match(gates.find((g) => g.name.endsWith('GET /api/new'))?.measured ?? '', /new route/);
});

test('routes are keyed by service and name, and minSamples skips thin routes', () => {
  const rows = compareRoutes([route('GET /x', 500, 0, 'chatbot')], [route('GET /x', 10)], tolerance);
  assert.deepEqual(
    rows.map((r) => [r.service, r.status]),
    [
      ['aurora-server', 'missing'],
      ['chatbot', 'new'],
    ],
  );
  const thin = compareRoutes([{ ...route('GET /x', 500), count: 5 }], [route('GET /x', 10)], {
    ...tolerance,
    minSamples: 20,
  });
  assert.equal(thin[0]?.status, 'few-samples');
  assert.equal(thin[0]?.regressed, false);
});
