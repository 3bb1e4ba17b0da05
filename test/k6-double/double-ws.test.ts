// Fidelity tests of the k6 test double (test/k6-double): k6/websockets, k6/timers, the event loop and
// the url/name system tags that keep the chatbot's connect token out of samples.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundle, type RunBundleResult } from './run-bundle.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const SCENARIOS = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'scenarios');
let srv: TestServer;
let r: RunBundleResult;
before(async () => {
  srv = await startTestServer();
  r = await runBundle({ scenario: 'ws', scenariosDir: SCENARIOS, env: { BASE_URL: srv.url } });
});
after(async () => {
  await srv.close();
});

const check = (name: string) => r.checks.find((c) => c.name === name);

test('WebSocket open -> messages -> client close: events in order, close code 1000, ws metrics and tags', () => {
  assert.equal(r.exitCode, 0, JSON.stringify(r.errors));
  assert.deepEqual(
    [check('ws open then 3 messages then close 1000')?.passes, check('ws open then 3 messages then close 1000')?.fails],
    [1, 0],
  );
  const echo = r.samples.filter((s) => s.tags.scenario === 'echo');
  const count = (m: string) => echo.filter((s) => s.metric === m).length;
  assert.equal(count('ws_sessions'), 1);
  assert.equal(count('ws_connecting'), 1);
  assert.equal(count('ws_msgs_received'), 3);
  assert.equal(count('ws_msgs_sent'), 2, 'one text frame + the close frame, as k6 counts them');
  assert.equal(count('ws_session_duration'), 1);
  const tags = echo.find((s) => s.metric === 'ws_sessions')!.tags;
  assert.deepEqual(tags, { group: '', scenario: 'echo', name: 'WS /ws', url: 'WS /ws', status: '101', subproto: '' });
});

test('a server close code reaches onclose (and onerror first, as k6 does for non-1000/1001 codes)', () => {
  assert.equal(check('server close code 4001 seen')?.passes, 1);
});

test("the handshake sends the jar's cookies and stores its Set-Cookie in the VU jar", () => {
  assert.equal(check('jar has ws-affinity after open')?.passes, 1);
  assert.equal(check('jar still has sid')?.passes, 1);
  const upgrade = srv.requests.find((q) => q.method === 'WS' && /sid=\d+/.test(q.cookie));
  assert.ok(upgrade, 'the WS upgrade request carried the sid cookie set by the HTTP response');
  assert.equal(r.metrics.sticky_ok!.values.rate, 1);
});

test('an iteration ends only when the exec function returned AND no socket or timer is pending', () => {
  assert.equal(check('timer fired')?.passes, 1);
  assert.equal(check('cleared timer fired'), undefined, 'a cleared timer never fires');
  const it = (sc: string) => r.samples.find((s) => s.metric === 'iteration_duration' && s.tags.scenario === sc)!.value;
  assert.ok(it('timers') >= 195, `timers iteration lasted ${it('timers')} ms`);
  const session = r.samples.find((s) => s.metric === 'ws_session_duration' && s.tags.scenario === 'echo')!.value;
  assert.ok(it('echo') >= session, 'the echo iteration outlived its socket');
  assert.ok(it('echo') >= 50, 'and the 50 ms timer inside onopen');
});

test('url/name system tags follow k6 (httpext/transport.go, websockets.go) and options.systemTags', async () => {
  const run = (systemTags?: string) =>
    runBundle({
      scenario: 'system-tags',
      scenariosDir: SCENARIOS,
      env: { BASE_URL: srv.url, ...(systemTags ? { SYSTEM_TAGS: systemTags } : {}) },
    });
  const tagsOf = (res: RunBundleResult, metric: string, which: string) => {
    const s = res.samples.find((x) => x.metric === metric && x.tags.which === which);
    assert.ok(s, `${metric} ${which}`);
    return s.tags;
  };
  const ws = (p: string) => `${srv.wsUrl.replace(/\/+$/, '')}${p}`;

  // default system tags: without `name` both tags hold the full URL (the secret with it); a user
  // `name` becomes `url` too; a user `url` tag is overwritten by the system tag
  const def = await run();
  assert.equal(def.exitCode, 0, JSON.stringify(def.errors));
  assert.equal(tagsOf(def, 'http_req_duration', 'http-unnamed').url, `${srv.url}/ok?token=http-secret`);
  assert.equal(tagsOf(def, 'http_req_duration', 'http-unnamed').name, `${srv.url}/ok?token=http-secret`);
  assert.equal(tagsOf(def, 'http_req_duration', 'http-named').url, 'GET /ok');
  assert.equal(tagsOf(def, 'http_req_duration', 'http-user-url').url, `${srv.url}/ok?token=http-secret`);
  assert.equal(tagsOf(def, 'ws_connecting', 'ws-unnamed').url, ws('/ws?token=ws-secret'));
  assert.equal(tagsOf(def, 'ws_connecting', 'ws-unnamed').name, ws('/ws?token=ws-secret'));
  assert.deepEqual(
    [tagsOf(def, 'ws_connecting', 'ws-named').url, tagsOf(def, 'ws_connecting', 'ws-named').name],
    ['WS /ws', 'WS /ws'],
  );
  assert.equal(tagsOf(def, 'ws_connecting', 'ws-user-url').url, ws('/ws?token=ws-secret'));
  const vuTags = def.samples.find((s) => s.metric === 'checks' && s.tags.check === 'vu tags');
  assert.deepEqual(
    [vuTags?.value, vuTags?.tags.stage],
    [1, '1'],
    'exec.vu.metrics.tags: all current tags, string values',
  );

  // systemTags without `url`: no url system tag anywhere (a user `url` tag survives); `name` still
  // defaults to the full URL, so only a `name` tag keeps a secret out
  const noUrl = await run(
    'proto,subproto,status,method,name,group,check,error,error_code,tls_version,scenario,service,expected_response',
  );
  assert.equal(noUrl.exitCode, 0, JSON.stringify(noUrl.errors));
  for (const s of noUrl.samples)
    if (s.tags.which !== 'http-user-url' && s.tags.which !== 'ws-user-url')
      assert.equal(s.tags.url, undefined, `${s.metric} ${JSON.stringify(s.tags)}`);
  assert.equal(tagsOf(noUrl, 'http_req_duration', 'http-user-url').url, 'user-url');
  assert.equal(tagsOf(noUrl, 'ws_connecting', 'ws-user-url').url, 'user-url');
  assert.equal(tagsOf(noUrl, 'ws_connecting', 'ws-named').name, 'WS /ws');
  assert.equal(tagsOf(noUrl, 'ws_connecting', 'ws-unnamed').name, ws('/ws?token=ws-secret'));
  assert.equal(tagsOf(noUrl, 'http_req_duration', 'http-named').status, '200');
  assert.equal(noUrl.checks.find((c) => c.name === 'vu tags')?.fails, 0);

  // a short list: only those system tags (user tags always stay)
  const few = await run('check');
  const check = few.samples.find((s) => s.metric === 'checks')!;
  assert.deepEqual(check.tags, { check: 'a check' });
  assert.deepEqual(tagsOf(few, 'http_req_duration', 'http-named'), { which: 'http-named', name: 'GET /ok' });
  assert.deepEqual(tagsOf(few, 'ws_connecting', 'ws-unnamed'), { which: 'ws-unnamed' });
});
