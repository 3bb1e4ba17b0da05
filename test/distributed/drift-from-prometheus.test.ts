// The drift gate of a distributed run, read from Prometheus: each hold stage's first and last part
// placed from the plan's stage start; per part, aurora-server's requests (phase="request", that stage)
// over every runner as running totals at its end minus its start, and its p50/p95 from the native
// histograms over the part. Parts without requests have no percentiles; a Prometheus that fails leaves
// the gate not evaluated with the reason (a broken run under soak), never passed.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import {
  driftFromPrometheus,
  driftPartFromAnswers,
  holdSpans,
  holdWindowFrom,
  partQueries,
  type Vector,
} from '../../cli/distributed/index.ts';
import { evaluateGates, plannedHolds, type DriftLimits, type HoldStage } from '../../cli/gates/index.ts';
import { gatesExitCode } from '../../cli/verdict/gates-exit-code.ts';
import { EXIT } from '../../cli/verdict/exit-codes.ts';
import { planFor } from '../../lib/core/profiles.ts';
import { LOCAL_RUN_CONFIG } from '../../lib/core/run-config.ts';
import type { RunAnalysis } from '../../cli/analysis/index.ts';

const START = 1_800_000_000_000;
const HOLD: HoldStage = { index: 1, kind: 'hold', startSeconds: 10, durationSeconds: 60 };
const SEL = 'testid="run-1",service="aurora-server",phase="request",stage="1",group!="::setup",group!="::teardown"';
const LIMITS: DriftLimits = {
  share: 0.25,
  p50: { relative: 0.2, absoluteMs: 5 },
  p95: { relative: 0.3, absoluteMs: 20 },
  errorRate: { absolute: 0.01 },
  minCount: 20,
};

/** One runner's series of an answer. */
const one = (value: string, runner = '1'): Vector[number] => ({
  metric: { service: 'aurora-server', instance_id: runner },
  value: [START / 1000, value],
});

test("a hold's parts are its first and last share, placed from the plan's stage start after the load's", () => {
  const [s] = holdSpans([HOLD], START, 0.25);
  assert.deepEqual(s!.first, { fromMs: START + 10_000, toMs: START + 25_000 });
  assert.deepEqual(s!.last, { fromMs: START + 55_000, toMs: START + 70_000 });
  assert.deepEqual(s!.hold, HOLD);
});

test("a part's queries: running totals of the hold's aurora-server requests at both ends, quantiles over the part at its end", () => {
  const q = partQueries('run-1', 1, { fromMs: START + 55_000, toMs: START + 70_000 }, START);
  // The running totals look back to before the load's start (70 s of load + 60 s), so no series is missed.
  const requests = `sum by (service) (last_over_time(k6_http_reqs_total{${SEL}}[130s]))`;
  assert.deepEqual(q.requestsAtStart, { query: requests, atMs: START + 55_000 });
  assert.deepEqual(q.requestsAtEnd, { query: requests, atMs: START + 70_000 });
  const failed = `sum by (service) (round(last_over_time(k6_http_req_failed_rate{${SEL}}[130s]) * last_over_time(k6_http_reqs_total{${SEL}}[130s])))`;
  assert.deepEqual(q.failedAtStart, { query: failed, atMs: START + 55_000 });
  assert.deepEqual(q.failedAtEnd, { query: failed, atMs: START + 70_000 });
  assert.deepEqual(Object.keys(q.quantiles), ['50', '95']);
  assert.deepEqual(q.quantiles[95], {
    query: `histogram_quantile(0.95, sum by (service) (rate(k6_http_req_duration_seconds{${SEL}}[15s])))`,
    atMs: START + 70_000,
  });
  assert.match(q.quantiles[50]!.query, /^histogram_quantile\(0\.5, /);
});

test("two runners' running totals are summed before the part's start is subtracted; quantiles come in ms", () => {
  const part = driftPartFromAnswers({
    requestsAtStart: [one('100', '1'), one('90', '2')],
    requestsAtEnd: [one('175', '1'), one('160', '2')],
    failedAtStart: [one('1', '1'), one('0', '2')],
    failedAtEnd: [one('3', '1'), one('2', '2')],
    quantiles: { 50: [one('0.024')], 95: [one('0.125')] },
  });
  assert.deepEqual(part, { requests: 145, errors: 4, p50: 24, p95: 125 });
});

test('a part with no request has no percentiles, whatever the quantile answered', () => {
  const empty = driftPartFromAnswers({
    requestsAtStart: [],
    requestsAtEnd: [],
    failedAtStart: [],
    failedAtEnd: [],
    quantiles: { 50: [], 95: [one('NaN')] },
  });
  assert.deepEqual(empty, { requests: 0, errors: 0, p50: null, p95: null });
  // Totals that did not move (the stage's series stopped before the part): no request either.
  const still = driftPartFromAnswers({
    requestsAtStart: [one('40')],
    requestsAtEnd: [one('40')],
    failedAtStart: [],
    failedAtEnd: [],
    quantiles: { 50: [one('0.02')], 95: [one('0.05')] },
  });
  assert.deepEqual(still, { requests: 0, errors: 0, p50: null, p95: null });
});

test('a part whose histogram answered NaN or +Inf has a null percentile; errors never exceed requests', () => {
  const part = driftPartFromAnswers({
    requestsAtStart: [],
    requestsAtEnd: [one('10')],
    failedAtStart: [],
    failedAtEnd: [one('12')],
    quantiles: { 50: [one('NaN')], 95: [one('+Inf')] },
  });
  assert.deepEqual(part, { requests: 10, errors: 10, p50: null, p95: null });
});

test("a hold's window names its stage and kind, as the NDJSON reader's does", () => {
  const a = (start: string, end: string, p95: string) => ({
    requestsAtStart: [one(start)],
    requestsAtEnd: [one(end)],
    failedAtStart: [],
    failedAtEnd: [],
    quantiles: { 50: [one('0.02')], 95: [one(p95)] },
  });
  assert.deepEqual(holdWindowFrom(HOLD, a('0', '150', '0.08'), a('450', '600', '0.14')), {
    stage: 1,
    kind: 'hold',
    first: { requests: 150, errors: 0, p50: 20, p95: 80 },
    last: { requests: 150, errors: 0, p50: 20, p95: 140 },
  });
});

type Answer = (query: string, atMs: number) => { status: number; body: unknown };

async function fakePrometheus(answer: Answer): Promise<{ url: string; asked: number; close(): Promise<void> }> {
  const state = { asked: 0 };
  const srv = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    state.asked++;
    const r = answer(u.searchParams.get('query') ?? '', Number(u.searchParams.get('time')) * 1000);
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    get asked() {
      return state.asked;
    },
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

const SOAK = { ...LOCAL_RUN_CONFIG, profile: 'soak' as const, timeScale: 60 };
const NO_LOAD = {} as RunAnalysis;

test("the shell reads every hold of the plan at its parts' times; a run without drift tolerance or hold asks nothing", async () => {
  const holds = plannedHolds(planFor(SOAK));
  assert.equal(holds.length, 1, 'the soak plans one hold');
  const hold = holds[0]!;
  const [spans] = holdSpans(holds, START, 0.25);
  // Requests grow 10 a second from the stage's start; quantiles: 20 ms early, 40 ms late.
  const prom = await fakePrometheus((query, atMs) => {
    const seconds = Math.max(0, (atMs - (START + hold.startSeconds * 1000)) / 1000);
    const value = query.startsWith('histogram_quantile')
      ? atMs <= spans!.first.toMs
        ? '0.02'
        : '0.04'
      : query.includes('failed')
        ? '0'
        : String(seconds * 10);
    return { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [one(value)] } } };
  });
  try {
    const client = { url: prom.url };
    const read = await driftFromPrometheus({
      client,
      testid: 'run-1',
      runConfig: SOAK,
      loadStartMs: START,
      drift: LIMITS,
    });
    const span = hold.durationSeconds * 0.25 * 10;
    assert.deepEqual(read, {
      windows: [
        {
          stage: hold.index,
          kind: 'hold',
          first: { requests: span, errors: 0, p50: 20, p95: 20 },
          last: { requests: span, errors: 0, p50: 40, p95: 40 },
        },
      ],
    });
    assert.equal(prom.asked, 12, 'per part: 2 running totals at 2 times, 2 quantiles');
    const smoke = { ...SOAK, profile: 'smoke' as const };
    assert.equal(
      await driftFromPrometheus({ client, testid: 'run-1', runConfig: smoke, loadStartMs: START, drift: LIMITS }),
      undefined,
    );
    assert.equal(
      await driftFromPrometheus({ client, testid: 'run-1', runConfig: SOAK, loadStartMs: START }),
      undefined,
    );
    assert.equal(prom.asked, 12, 'nothing asked without a hold or a tolerance');
  } finally {
    await prom.close();
  }
});

test('a Prometheus that fails leaves the drift gate not evaluated with the reason: a broken run under soak, never passed', async () => {
  const prom = await fakePrometheus(() => ({ status: 503, body: { status: 'error', error: 'overloaded' } }));
  try {
    const read = await driftFromPrometheus({
      client: { url: prom.url },
      testid: 'run-1',
      runConfig: SOAK,
      loadStartMs: START,
      drift: LIMITS,
    });
    assert.ok(read && 'notRead' in read, JSON.stringify(read));
    assert.match(read.notRead, /drift gate's hold windows not read from Prometheus: .*overloaded/);
    const holds = plannedHolds(planFor(SOAK));
    const judge = (required: boolean) =>
      evaluateGates({
        summary: null,
        analysis: { ...NO_LOAD, metrics: {}, stages: [], routes: [], loadEndMs: 0 },
        timeline: null,
        hpaExpectations: [],
        tolerance: { latency: 0.2, errorRate: 0.01 } as never,
        drift: { notRead: read.notRead, holds, limits: LIMITS, required },
      }).gates.filter((g) => g.kind === 'drift');
    const [soak] = judge(true);
    assert.equal(soak?.name, `aurora-server drift in stage ${holds[0]!.index} (hold)`);
    assert.equal(soak?.passed, false);
    assert.equal(soak?.status, 'not-evaluated');
    assert.equal(soak?.required, true);
    assert.equal(soak?.detail, read.notRead);
    assert.equal(gatesExitCode([soak!], 0), EXIT.runFailed, 'a soak that could not judge drift is a broken run');
    const [load] = judge(false);
    assert.equal(load?.passed, false, 'never passed');
    assert.equal(load?.status, 'not-evaluated');
    assert.equal(gatesExitCode([load!], 0), EXIT.ok, 'elsewhere it is said, not failed');
  } finally {
    await prom.close();
  }
});
