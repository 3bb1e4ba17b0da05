// Reading a distributed run's analysis from a Prometheus (a stand-in answering the API): the fallback
// for Prometheus versions without histograms in last_over_time is learnt once; a Prometheus that
// fails leaves each part empty with a note and a problem line, and never fails the run.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { analysisFromPrometheus, metricKinds } from '../../cli/distributed/index.ts';

type Reply = (path: string, query: string) => { status?: number; body: unknown };

async function fakePrometheus(reply: Reply): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const query = u.searchParams.get('query') ?? '';
    asked.push(query);
    const r = reply(u.pathname, query);
    res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

const vector = (result: { metric: Record<string, string>; value: [number, string] }[]) => ({
  body: { status: 'success', data: { resultType: 'vector', result } },
});
const matrix = (result: { metric: Record<string, string>; values: [number, string][] }[]) => ({
  body: { status: 'success', data: { resultType: 'matrix', result } },
});

const START = 1_800_000_000_000;
const input = (url: string) => ({
  client: { url },
  testid: 'run-1',
  loadStartMs: START,
  loadEndMs: START + 8000,
  atMs: START + 12_000,
  windowSeconds: 60,
  metricKinds: metricKinds(),
});
const route = { service: 'aurora-server', name: 'GET /api/incidents' };

test('histograms: when last_over_time answers nothing (Prometheus 2.42), the lookback fallback is used and kept', async () => {
  const prom = await fakePrometheus((path, q) => {
    if (path.endsWith('query_range')) {
      if (q.includes('k6_http_reqs_total'))
        return matrix([
          {
            metric: { service: 'aurora-server' },
            values: [
              [(START + 4000) / 1000, '7'],
              [(START + 8000) / 1000, '12'],
            ],
          },
        ]);
      return matrix([]);
    }
    if (q.includes('last_over_time(k6_http_req_duration_seconds')) return vector([]);
    const fallback = /^histogram_quantile\((0\.\d+), sum by \(service, name\) \(k6_http_req_duration_seconds/.exec(q);
    if (fallback) return vector([{ metric: route, value: [1, String(Number(fallback[1]) / 10)] }]);
    if (q.startsWith('sum by (service, name) (max_over_time(k6_http_reqs_total'))
      return vector([{ metric: route, value: [1, '12'] }]);
    if (q.startsWith('sum(max_over_time(k6_http_reqs_total')) return vector([{ metric: {}, value: [1, '14'] }]);
    return vector([]);
  });
  try {
    const { analysis, problems } = await analysisFromPrometheus(input(prom.url));
    assert.deepEqual(problems, []);
    assert.deepEqual(analysis.routes, [{ ...route, count: 12, p50: 50, p95: 95, p99: 99, errorRate: 0 }]);
    assert.equal(
      prom.asked.filter((q) => q.includes('last_over_time(k6_http_req_duration_seconds')).length,
      1,
      'asked once, then the fallback straight away',
    );
    assert.deepEqual(analysis.http['aurora-server']?.count.slice(0, 2), [7, 5]);
    assert.ok(
      analysis.notes.some((n) => n.includes('14 requests, 12 of them in the route table (2 in setup/teardown')),
    );
    assert.equal(analysis.source, 'prometheus');
    assert.equal(analysis.loadEndMs, START + 8000);
  } finally {
    await prom.close();
  }
});

test('a Prometheus that fails: every part empty, each said once, nothing thrown', async () => {
  const prom = await fakePrometheus(() => ({
    status: 503,
    body: { status: 'error', errorType: 'unavailable', error: 'down' },
  }));
  try {
    const { analysis, problems } = await analysisFromPrometheus(input(prom.url));
    assert.deepEqual(
      problems.map((p) => p.split(' not read from Prometheus')[0]),
      [
        'the route table',
        'the total of requests',
        'the whole-run aggregates',
        'the per-service series',
        'the iteration and spend series',
        'the custom Trend series',
      ],
    );
    assert.ok(problems.every((p) => p.includes('unavailable: down')));
    assert.deepEqual(analysis.routes, []);
    assert.deepEqual(analysis.http, {});
    assert.deepEqual(analysis.times, [], 'no chart of fake zeros');
    assert.deepEqual(analysis.metrics, {});
    assert.equal(analysis.load, undefined, 'no arrival or spend chart of fake zeros');
    for (const p of problems) assert.ok(analysis.notes.includes(p), 'the report notes it');
  } finally {
    await prom.close();
  }
});
