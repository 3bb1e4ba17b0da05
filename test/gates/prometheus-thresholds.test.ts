// k6 thresholds judged from Prometheus: the PromQL for each kind of threshold over every series of a
// testid (k6 submetric selectors as label matchers), and the gates it gives, same shape as k6's.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import {
  evaluateThresholdsFromPrometheus,
  labelMatchers,
  metricTypesOf,
  planThreshold,
  thresholdsOf,
} from '../../cli/gates/prometheus-thresholds/index.ts';

const base = { testid: 'run-1', windowSeconds: 90.2 };
const time = { type: 'trend', contains: 'time' } as const;

test('a k6 submetric selector becomes label matchers after the testid; quotes escaped; odd tag names refused', () => {
  assert.equal(
    labelMatchers('run-1', { service: 'aurora-server', name: 'GET /api/incidents' }),
    'testid="run-1",service="aurora-server",name="GET /api/incidents"',
  );
  assert.equal(labelMatchers('a"b', { check: 'x\\y' }), 'testid="a\\"b",check="x\\\\y"');
  assert.throws(() => labelMatchers('t', { 'my-tag': 'v' }), /cannot be a Prometheus label/);
});

test('Trend percentiles and med: histogram_quantile of the summed last native histograms, seconds to ms', () => {
  const p95 = planThreshold({
    ...base,
    metric: 'http_req_duration',
    tags: { service: 'aurora-server' },
    aggregation: 'p(95)',
    kind: time,
  });
  assert.deepEqual(p95, {
    ok: true,
    query:
      'histogram_quantile(0.95, sum(last_over_time(k6_http_req_duration_seconds{testid="run-1",service="aurora-server"}[91s])))',
    // Prometheus 2.42 keeps no histogram in last_over_time: then the latest within its lookback.
    fallback: 'histogram_quantile(0.95, sum(k6_http_req_duration_seconds{testid="run-1",service="aurora-server"}))',
    scale: 1000,
  });
  const med = planThreshold({
    ...base,
    metric: 'aurora_ws_chunks',
    tags: {},
    aggregation: 'med',
    kind: { type: 'trend' },
  });
  assert.ok(
    med.ok &&
      med.query.startsWith('histogram_quantile(0.5, sum(last_over_time(k6_aurora_ws_chunks{') &&
      med.scale === 1,
  );
  const bytes = planThreshold({
    ...base,
    metric: 'ws_msgs_size',
    tags: {},
    aggregation: 'p(99.9)',
    kind: { type: 'trend', contains: 'data' },
  });
  assert.ok(bytes.ok && bytes.query.includes('histogram_quantile(0.999, sum(last_over_time(k6_ws_msgs_size_bytes{'));
  const avg = planThreshold({ ...base, metric: 'http_req_duration', tags: {}, aggregation: 'avg', kind: time });
  assert.ok(avg.ok && /^histogram_sum\(sum\(.*\)\) \/ histogram_count\(sum\(.*\)\)$/.test(avg.query));
  for (const agg of ['min', 'max']) {
    const p = planThreshold({ ...base, metric: 'http_req_duration', tags: {}, aggregation: agg, kind: time });
    assert.ok(!p.ok && /cannot be read from a native histogram/.test(p.reason), agg);
  }
});

test('Counters: count is the sum of last values, rate that over the run; Rates weighted by their count companion', () => {
  const count = planThreshold({
    ...base,
    metric: 'aurora_llm_spend_usd',
    tags: {},
    aggregation: 'count',
    kind: { type: 'counter' },
  });
  assert.deepEqual(count, {
    ok: true,
    query: 'sum(last_over_time(k6_aurora_llm_spend_usd_total{testid="run-1"}[91s]))',
    scale: 1,
  });
  const rate = planThreshold({
    ...base,
    metric: 'iterations',
    tags: {},
    aggregation: 'rate',
    kind: { type: 'counter' },
  });
  assert.ok(rate.ok && rate.perSecond);
  const failed = planThreshold({
    ...base,
    metric: 'http_req_failed',
    tags: { service: 'chatbot' },
    aggregation: 'rate',
    kind: { type: 'rate' },
  });
  const sel = '{testid="run-1",service="chatbot"}[91s]';
  assert.deepEqual(failed, {
    ok: true,
    query: `sum(last_over_time(k6_http_req_failed_rate${sel}) * last_over_time(k6_http_reqs_total${sel})) / sum(last_over_time(k6_http_reqs_total${sel}))`,
    scale: 1,
  });
  const custom = planThreshold({
    ...base,
    metric: 'aurora_sticky_session_ok',
    tags: {},
    aggregation: 'rate',
    kind: { type: 'rate' },
  });
  assert.ok(custom.ok && custom.singleSeries);
});

test('the summary gives the thresholds by key and each metric kind (submetrics under their metric)', () => {
  const summary = {
    thresholds: [
      { metric: 'http_req_duration{service:aurora-server}', expression: 'p(95)<800', ok: true },
      { metric: 'http_req_duration{service:aurora-server}', expression: 'p(99)<1500', ok: true },
      { metric: 'checks', expression: 'rate>0.99', ok: true },
    ],
    metrics: {
      'http_req_duration{service:aurora-server}': { type: 'trend' as const, contains: 'time', values: {} },
      checks: { type: 'rate' as const, contains: 'default', values: {} },
    },
  };
  assert.deepEqual(thresholdsOf(summary), {
    'http_req_duration{service:aurora-server}': ['p(95)<800', 'p(99)<1500'],
    checks: ['rate>0.99'],
  });
  assert.deepEqual(metricTypesOf(summary), {
    http_req_duration: { type: 'trend', contains: 'time' },
    checks: { type: 'rate', contains: 'default' },
  });
});

/** A stand-in for Prometheus' instant-query API answering from a table of query -> values. */
async function fakePrometheus(
  answers: Record<string, number[]>,
): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const srv = http.createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    asked.push(q);
    const values = Object.entries(answers).find(([k]) => q.includes(k))?.[1] ?? [];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'vector',
          result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1, String(v)] })),
        },
      }),
    );
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

test('gates as k6 names and formats them: passed, failed, and not evaluated with the reason', async () => {
  const prom = await fakePrometheus({
    // Only the fallback answers (as Prometheus 2.42 does for histograms in last_over_time).
    'sum(k6_http_req_duration_seconds{': [0.0823],
    k6_http_req_failed_rate: [0.02],
    k6_iterations_total: [300],
    k6_aurora_sticky_session_ok_rate: [1, 0.9],
  });
  try {
    const gates = await evaluateThresholdsFromPrometheus({
      client: { url: prom.url },
      ...base,
      atMs: 1_700_000_000_000,
      durationMs: 60_000,
      thresholds: {
        'http_req_duration{service:aurora-server}': ['p(95)<1000', 'max<2000'],
        http_req_failed: ['rate<0.01'],
        iterations: ['rate>4'],
        aurora_sticky_session_ok: ['rate>0.95'],
        ws_connecting: ['p(95)<500'],
      },
      metricTypes: {
        http_req_duration: time,
        http_req_failed: { type: 'rate' },
        iterations: { type: 'counter' },
        aurora_sticky_session_ok: { type: 'rate' },
        ws_connecting: time,
      },
    });
    const byName = Object.fromEntries(gates.map((g) => [g.name, g]));
    const p95 = byName['http_req_duration{service:aurora-server}: p(95)<1000']!;
    assert.equal(p95.status, 'passed');
    assert.equal(p95.measured, 'p(95) = 82.3 ms');
    assert.equal(p95.limit, 'p(95) < 1 s');
    assert.equal(p95.required, true);
    assert.equal(
      p95.detail,
      `from Prometheus: histogram_quantile(0.95, sum(k6_http_req_duration_seconds{testid="run-1",service="aurora-server"}))`,
    );
    assert.match(byName['http_req_duration{service:aurora-server}: max<2000']!.detail!, /native histogram/);
    const failed = byName['http_req_failed: rate<0.01']!;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.measured, 'rate = 2%');
    assert.equal(byName['iterations: rate>4']!.measured, 'rate = 5/s');
    const sticky = byName['aurora_sticky_session_ok: rate>0.95']!;
    assert.equal(sticky.status, 'not-evaluated', 'one series above the limit, one below: undecided');
    assert.match(sticky.detail!, /2 series .* cannot be combined/);
    const missing = byName['ws_connecting: p(95)<500']!;
    assert.equal(missing.status, 'not-evaluated');
    assert.equal(missing.reason, 'data missing');
    assert.match(missing.detail!, /no series for ws_connecting under testid=run-1/);
    assert.ok(prom.asked.every((q) => q.includes('testid="run-1"')));
  } finally {
    await prom.close();
  }
});

test('several series of a Rate: decided when every series is on the same side of the limit (their weighted mean is too)', async () => {
  const prom = await fakePrometheus({
    k6_checks_rate: [1, 0.995, 0.999],
    k6_aurora_contract_violations_rate: [0.2, 0.05],
    k6_aurora_ws_turn_dropped_rate: [0, 0.02],
  });
  try {
    const gates = await evaluateThresholdsFromPrometheus({
      client: { url: prom.url },
      ...base,
      atMs: 1_700_000_000_000,
      thresholds: {
        checks: ['rate>0.99', 'rate==1'],
        aurora_contract_violations: ['rate<0.01'],
        aurora_ws_turn_dropped: ['rate<0.01'],
      },
      metricTypes: {
        checks: { type: 'rate' },
        aurora_contract_violations: { type: 'rate' },
        aurora_ws_turn_dropped: { type: 'rate' },
      },
    });
    const byName = Object.fromEntries(gates.map((g) => [g.name, g]));
    const checks = byName['checks: rate>0.99']!;
    assert.equal(checks.status, 'passed');
    assert.equal(checks.measured, 'rate 99.5% to 100% (3 series)');
    assert.match(checks.detail!, /every one of 3 series holds the limit/);
    assert.equal(byName['checks: rate==1']!.status, 'not-evaluated', 'equality is not decided by bounds');
    const violations = byName['aurora_contract_violations: rate<0.01']!;
    assert.equal(violations.status, 'failed');
    assert.equal(violations.passed, false);
    assert.match(violations.detail!, /every one of 2 series fails the limit/);
    assert.equal(byName['aurora_ws_turn_dropped: rate<0.01']!.status, 'not-evaluated');
  } finally {
    await prom.close();
  }
});
