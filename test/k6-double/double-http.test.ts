// Fidelity tests of the k6 test double (test/k6-double): k6/http semantics against a local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle } from './run-bundle.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const SCENARIOS = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'scenarios');
let srv: TestServer;
before(async () => {
  srv = await startTestServer();
});
after(async () => {
  await srv.close();
});

test("http is synchronous: requests run in order, timings are sane, tags are k6's", async () => {
  const r = await runBundle({ scenario: 'basic', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url }, iterations: 1 });
  assert.equal(r.exitCode, 0, JSON.stringify(r.errors));
  const reqs = srv.requests.filter((q) => q.path === '/slow' || q.path === '/ok');
  assert.deepEqual(
    reqs.map((q) => q.path),
    ['/slow', '/ok'],
  );
  assert.deepEqual(
    srv.requests.filter((q) => q.path === '/echo').map((q) => q.method),
    ['POST', 'POST', 'POST'],
    'post, then the batch',
  );
  assert.ok(reqs[1]!.at - reqs[0]!.at >= 55, 'the second request starts only after the first (60 ms) answered');

  const dur = r.samples.filter((s) => s.metric === 'http_req_duration');
  const slow = dur.find((s) => s.tags.name === 'GET /slow')!;
  assert.ok(slow.value >= 55 && slow.value < 2000, `slow duration ${slow.value}`);
  const waiting = r.samples.find((s) => s.metric === 'http_req_waiting' && s.tags.name === 'GET /slow')!;
  assert.ok(waiting.value <= slow.value && waiting.value >= 50);

  // name given: url tag = name; no name: name = url
  assert.equal(slow.tags.url, 'GET /slow');
  const ok = dur.find((s) => s.tags.url === `${srv.url}/ok`)!;
  assert.equal(ok.tags.name, `${srv.url}/ok`);
  for (const s of [slow, ok]) {
    assert.equal(s.tags.method, 'GET');
    assert.equal(s.tags.status, '200');
    assert.equal(s.tags.proto, 'HTTP/1.1');
    assert.equal(s.tags.scenario, 'basic');
    assert.equal(s.tags.group, '');
    assert.equal(s.tags.kind, 'fixture', 'scenario tags are on every sample');
    assert.equal(s.tags.expected_response, 'true');
  }
  // 503: expected_response false, http_req_failed 1, error_code 1503
  const failed = r.samples.filter((s) => s.tags.name === 'GET /status/:code');
  const f = failed.find((s) => s.metric === 'http_req_failed')!;
  assert.equal(f.value, 1);
  assert.equal(f.tags.expected_response, 'false');
  assert.equal(f.tags.error_code, '1503');
  assert.equal(f.tags.group, '');
  assert.equal(r.metrics.http_req_failed!.values.passes, 1);
  assert.equal(r.metrics.http_req_failed!.values.fails, 5);
  // checks carry check + group + scenario tags, and land in root_group
  const chk = r.samples.find((s) => s.metric === 'checks' && s.tags.check === 'slow is 200')!;
  assert.deepEqual(Object.keys(chk.tags).sort(), ['check', 'group', 'kind', 'scenario']);
  assert.deepEqual(
    r.checks.map((c) => [c.path, c.passes, c.fails]),
    [
      ['::slow is 200', 1, 0],
      ['::ok has json', 1, 0],
      ['::post and batch answer in order', 1, 0],
    ],
  );
  assert.ok(r.logs.some((l) => l.msg === 'vu=1 iter=0' && l.fields?.source === 'console'));
});

test('the VU cookie jar is reset between iterations; redirects and canonical headers', async () => {
  srv.requests.length = 0;
  const r = await runBundle({ scenario: 'cookies', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url } });
  assert.equal(r.exitCode, 0, JSON.stringify(r.errors));
  assert.equal(r.iterations.completed, 2);
  for (const c of r.checks) assert.deepEqual([c.name, c.passes, c.fails], [c.name, 2, 0]);
  const cookieReads = srv.requests.filter((q) => q.path === '/cookies');
  assert.equal(cookieReads.length, 4);
  assert.equal(cookieReads[0]!.cookie, '');
  assert.equal(cookieReads[2]!.cookie, '', 'second iteration starts with an empty jar');
  assert.match(cookieReads[1]!.cookie, /^sid=\d+$/);
});

test('an exception inside an iteration is logged with its stack and the VU goes on (as k6)', async () => {
  const r = await runBundle({ scenario: 'errors', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url } });
  assert.equal(r.exitCode, 0);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.phase, 'iteration');
  assert.equal(r.errors[0]!.iteration, 1);
  assert.match(r.errors[0]!.message, /boom in iteration 1/);
  const log = r.logs.find((l) => l.level === 'error')!;
  assert.match(log.msg, /^Error: boom in iteration 1\n\s+at /);
  assert.deepEqual(log.fields, { executor: 'per-vu-iterations', scenario: 'throws', source: 'stacktrace' });
  // k6 (helpers.go getIterationRunner) still counts it as a complete iteration and emits iteration samples
  assert.deepEqual(r.iterations, { completed: 3, interrupted: 0 });
  assert.equal(r.metrics.iterations!.values.count, 3);
  assert.equal(r.metrics.reached_end!.values.count, 2);
});

test('init context: http throws as in k6 (exit 107); metric names are checked; thresholds must name metrics (exit 104)', async () => {
  const inInit = await runBundle({
    scenario: 'errors',
    scenariosDir: SCENARIOS,
    env: { BASE_URL: srv.url, HTTP_IN_INIT: '1' },
  });
  assert.equal(inInit.exitCode, 107);
  assert.match(inInit.errors[0]!.message, /Making http requests in the init context is not supported/);
  const badName = await runBundle({
    scenario: 'errors',
    scenariosDir: SCENARIOS,
    env: { BASE_URL: srv.url, BAD_METRIC: '1' },
  });
  assert.equal(badName.exitCode, 107);
  assert.match(badName.errors[0]!.message, /Invalid metric name: 'bad-name'/);
  const unknown = await runBundle({
    scenario: 'errors',
    scenariosDir: SCENARIOS,
    env: { BASE_URL: srv.url, UNKNOWN_METRIC: '1' },
  });
  assert.equal(unknown.exitCode, 104, 'a threshold on a metric nobody declares is an invalid config');
  assert.match(unknown.errors[0]!.message, /no metric name "no_such_metric" found/);
});
