// Fidelity tests of the k6 test double (test/k6-double): handleSummary data and --summary-export
// shapes against real k6 v2.2.0 output, and the double's threshold evaluator (its cross-check parser
// is compared with the suite's in threshold-crosscheck.test.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle, type RunBundleResult } from './run-bundle.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { MetricsEngine } from './metrics/engine.ts';
import { toSummaryExport, type LegacySummaryData } from './metrics/summary.ts';
import { parseThresholdExpr } from './metrics/thresholds.ts';
import type { Sample } from './types.ts';
import { K6_FIXTURES } from '../k6-fixtures.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SCENARIOS = join(HERE, 'fixtures', 'scenarios');
const FIXTURES = join(K6_FIXTURES, 'v2.2.0');
const real = JSON.parse(readFileSync(join(FIXTURES, 'handle-summary.json'), 'utf8')) as LegacySummaryData;
const realExport = JSON.parse(readFileSync(join(FIXTURES, 'summary-export.json'), 'utf8')) as Record<
  string,
  Record<string, Record<string, unknown>>
>;

let srv: TestServer;
let r: RunBundleResult;
before(async () => {
  srv = await startTestServer();
  r = await runBundle({ scenario: 'shape', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url }, iterations: 2 });
});
after(async () => {
  await srv.close();
});

const keys = (o: object) => Object.keys(o).sort();

test("handleSummary data has k6 v2.2.0's legacy shape (same keys per metric type)", () => {
  assert.equal(r.exitCode, 0, JSON.stringify(r.errors));
  const data = r.summaryData!;
  assert.deepEqual(keys(data), keys(real));
  assert.deepEqual(keys(data.options), keys(real.options));
  assert.deepEqual(keys(data.state), keys(real.state));
  assert.deepEqual(data.options.summaryTrendStats, real.options.summaryTrendStats);
  const byType = new Map<string, string[]>();
  for (const m of Object.values(real.metrics)) byType.set(m.type, keys(m.values));
  for (const [name, m] of Object.entries(data.metrics)) {
    assert.deepEqual(keys(m.values), byType.get(m.type), `${name} (${m.type}) values`);
    assert.deepEqual(
      keys(m).filter((k) => k !== 'thresholds'),
      ['contains', 'type', 'values'],
    );
  }
  for (const t of ['counter', 'gauge', 'rate', 'trend'])
    assert.ok(
      Object.values(data.metrics).some((m) => m.type === t),
      t,
    );
  // the metrics real k6 reports for this kind of script, by the same names and contains
  for (const name of [
    'http_reqs',
    'http_req_duration',
    'http_req_failed',
    'checks',
    'iterations',
    'iteration_duration',
    'data_sent',
    'data_received',
    'vus',
    'vus_max',
    'ws_sessions',
    'ws_connecting',
    'ws_msgs_sent',
    'ws_msgs_received',
    'ws_session_duration',
    'http_req_duration{expected_response:true}',
    'http_req_duration{endpoint:ok}',
  ]) {
    assert.ok(data.metrics[name], name);
    assert.equal(data.metrics[name]!.contains, real.metrics[name]!.contains, `${name} contains`);
    assert.equal(data.metrics[name]!.type, real.metrics[name]!.type, `${name} type`);
  }
  // thresholds keyed by source, {ok}; the object form by its threshold string
  assert.deepEqual(data.metrics.checks!.thresholds, { 'rate>0.5': { ok: true } });
  assert.deepEqual(data.metrics.shape_trend!.thresholds, { 'max<=100': { ok: true } });
  assert.deepEqual(data.metrics['http_req_duration{endpoint:ok}']!.thresholds, { 'p(95)<5000': { ok: true } });
  // root_group: arrays of groups/checks, ids are md5(path) like k6's
  const rg = data.root_group;
  assert.deepEqual(keys(rg), keys(real.root_group));
  assert.equal(rg.id, real.root_group.id);
  const wsCheck = rg.checks.find((c) => c.name === 'ws got END for every prompt')!;
  const realCheck = real.root_group.checks.find((c) => c.name === 'ws got END for every prompt')!;
  assert.deepEqual(keys(wsCheck), keys(realCheck));
  assert.deepEqual([wsCheck.path, wsCheck.id], [realCheck.path, realCheck.id]);
  assert.deepEqual(rg.groups, [], 'the suite uses no group(): every check sits in the root group');
  assert.deepEqual(data.setup_data, { base: srv.url });
  // setup samples are tagged group ::setup without scenario
  const setupReq = r.samples.find((s) => s.metric === 'http_reqs' && s.tags.name === 'GET /ok (setup)')!;
  assert.equal(setupReq.tags.group, '::setup');
  assert.equal(setupReq.tags.scenario, undefined);
});

test("handleSummary's returned files are written; stdout is returned", () => {
  const written = JSON.parse(readFileSync(join(r.summaryDir, 'summary.json'), 'utf8')) as LegacySummaryData;
  assert.deepEqual(keys(written), keys(real));
  assert.equal(r.summaryOutputs.stdout, 'shape summary done\n');
});

test('--summary-export shape: flattened values, rate "value", thresholds true = failed, groups/checks as objects', () => {
  const exp = toSummaryExport(r.summaryData!) as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(keys(exp), keys(realExport));
  assert.deepEqual(keys(exp.metrics!.checks!), keys(realExport.metrics!.checks!));
  assert.equal(
    exp.metrics!.checks!.thresholds && (exp.metrics!.checks!.thresholds as Record<string, boolean>)['rate>0.5'],
    false,
  );
  assert.deepEqual(keys(exp.metrics!.http_reqs!), keys(realExport.metrics!.http_reqs!));
  assert.deepEqual(keys(exp.metrics!.vus!), keys(realExport.metrics!.vus!), 'a gauge');
  assert.deepEqual(
    keys(exp.metrics!.shape_trend!),
    keys(realExport.metrics!.http_req_duration!)
      .filter((k) => k !== 'thresholds')
      .concat('thresholds')
      .sort(),
  );
  assert.equal(typeof exp.root_group!.checks, 'object');
  assert.ok(!Array.isArray(exp.root_group!.checks));
  assert.ok((exp.root_group!.checks as Record<string, unknown>)['ws got END for every prompt']);
});

test('threshold grammar: operators, percentiles, errors', () => {
  assert.deepEqual(
    [parseThresholdExpr('p(95)<=200'), parseThresholdExpr('rate == 0'), parseThresholdExpr('count>10')].map((e) => [
      e.method,
      e.key,
      e.op,
      e.rhs,
    ]),
    [
      ['p', 'p(95)', '<=', 200],
      ['rate', 'rate', '==', 0],
      ['count', 'count', '>', 10],
    ],
  );
  assert.equal(parseThresholdExpr('p(99.0)<1').key, 'p(99)');
  assert.throws(() => parseThresholdExpr('p(101)<1'), /percentile/);
  assert.throws(() => parseThresholdExpr('avg 250'), /no operator/);
  assert.throws(() => parseThresholdExpr('mean<250'), /unknown aggregation/);
  assert.throws(() => parseThresholdExpr('avg<abc'), /malformed threshold value/);
});

test('threshold evaluation against aggregates: pass and fail, percentiles interpolated as k6', () => {
  const e = new MetricsEngine({
    thresholds: {
      t: ['p(95)<9.6', 'p(95)<9.5', 'med==5.5', 'avg>=5.5', 'max<10'],
      'c{kind:a}': ['count==2'],
      rt: ['rate>0.5'],
      g: ['value==3'],
    },
  });
  const sample = (metric: string, type: Sample['type'], value: number, tags = {}): Sample => ({
    metric,
    type,
    contains: 'default',
    value,
    time: 0,
    tags,
  });
  e.add([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => sample('t', 'trend', v)));
  e.add([
    sample('c', 'counter', 1, { kind: 'a' }),
    sample('c', 'counter', 1, { kind: 'b' }),
    sample('c', 'counter', 1, { kind: 'a' }),
  ]);
  e.add([sample('rt', 'rate', 1), sample('rt', 'rate', 0), sample('rt', 'rate', 1)]);
  e.add([sample('g', 'gauge', 7), sample('g', 'gauge', 3)]);
  const res = Object.fromEntries(e.evaluateThresholds(1000).map((t) => [`${t.metricKey} ${t.source}`, t.ok]));
  assert.deepEqual(res, {
    't p(95)<9.6': true, // rank 0.95*9 = 8.55 -> 9 + 0.55 = 9.55
    't p(95)<9.5': false,
    't med==5.5': true,
    't avg>=5.5': true,
    't max<10': false,
    'c{kind:a} count==2': true,
    'rt rate>0.5': true,
    'g value==3': true, // last value only
  });
});

test('runBundle: a failing threshold gives exit code 99 and ok:false in the summary', async () => {
  const f = await runBundle({ scenario: 'smoke-like', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url } });
  assert.equal(f.exitCode, 99);
  assert.deepEqual(f.metrics.http_req_duration!.thresholds, { 'p(95)<0.0001': { ok: false } });
  const bad = await runBundle({
    scenario: 'errors',
    scenariosDir: SCENARIOS,
    env: { BASE_URL: srv.url },
    execs: ['checksOnly'],
  });
  assert.equal(bad.exitCode, 0);
});
