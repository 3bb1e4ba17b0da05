// Fidelity tests of the k6 test double (test/k6-double): k6/websockets, k6/timers and the event loop.
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
  assert.deepEqual([check('ws open then 3 messages then close 1000')?.passes, check('ws open then 3 messages then close 1000')?.fails], [1, 0]);
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

test('the handshake sends the jar\'s cookies and stores its Set-Cookie in the VU jar', () => {
  assert.equal(check('jar has ws-affinity after open')?.passes, 1);
  assert.equal(check('jar still has sid')?.passes, 1);
  const upgrade = srv.requests.find((q) => q.method === 'WS' && /sid=\d+/.test(q.cookie));
  assert.ok(upgrade, 'the WS upgrade request carried the sid cookie set by the HTTP response');
  assert.equal(r.metrics.sticky_ok!.values.rate, 1);
});

test('an iteration ends only when the exec function returned AND no socket or timer is pending', () => {
  assert.equal(check('timer fired')?.passes, 1);
  const it = (sc: string) => r.samples.find((s) => s.metric === 'iteration_duration' && s.tags.scenario === sc)!.value;
  assert.ok(it('timers') >= 195, `timers iteration lasted ${it('timers')} ms`);
  const session = r.samples.find((s) => s.metric === 'ws_session_duration' && s.tags.scenario === 'echo')!.value;
  assert.ok(it('echo') >= session, 'the echo iteration outlived its socket');
  assert.ok(it('echo') >= 50, 'and the 50 ms timer inside onopen');
});
