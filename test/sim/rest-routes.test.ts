import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { api, register, startSim, type TestUser } from './helpers.ts';

const INCIDENT_KEYS = [
  'id',
  'sourceType',
  'sourceAlertId',
  'status',
  'severity',
  'alert',
  'auroraStatus',
  'summary',
  'chatSessionId',
  'activeTab',
  'startedAt',
  'analyzedAt',
  'resolvedAt',
  'alertFiredAt',
  'createdAt',
  'updatedAt',
  'correlatedAlertCount',
  'affectedServices',
];

describe("aurora-sim REST routes answer with Aurora's shapes and status codes", () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim({ bodyLimitBytes: 64 * 1024 });
    user = await register(sim);
  });
  after(() => sim.close());

  test('health: liveness, readiness and the slow aggregate check', async () => {
    assert.deepEqual((await api(sim, null, 'GET', '/health/liveness')).json, { status: 'alive' });
    assert.deepEqual((await api(sim, null, 'GET', '/health/readiness')).json, { status: 'ready' });
    const t0 = Date.now();
    const all = await api(sim, null, 'GET', '/health/');
    assert.ok(Date.now() - t0 >= 100, '/health/ is deliberately slow');
    assert.equal(all.status, 200);
    assert.equal(all.json.overall_status, 'healthy');
    assert.deepEqual(Object.keys(all.json.checks).sort(), [
      'celery',
      'chatbot_websocket',
      'database',
      'redis',
      'weaviate',
    ]);
  });

  test('register, duplicate register, login, me, routes', async () => {
    const body = { email: 'dup@example.com', password: 'password-1', name: 'Dup', org_name: 'Dup Org' };
    const first = await api(sim, null, 'POST', '/api/auth/register', body);
    assert.equal(first.status, 201);
    assert.deepEqual(Object.keys(first.json).sort(), ['email', 'id', 'name', 'orgId', 'orgName', 'role']);
    assert.equal(first.json.role, 'admin');
    assert.equal((await api(sim, null, 'POST', '/api/auth/register', body)).status, 409);
    assert.equal(
      (await api(sim, null, 'POST', '/api/auth/register', { ...body, email: 'short@example.com', password: 'short' }))
        .status,
      400,
    );
    const login = await api(sim, null, 'POST', '/api/auth/login', { email: body.email, password: body.password });
    assert.equal(login.status, 200);
    assert.deepEqual(Object.keys(login.json).sort(), [
      'email',
      'emailVerified',
      'id',
      'mustChangePassword',
      'name',
      'orgId',
      'orgName',
      'role',
    ]);
    assert.equal(
      (await api(sim, null, 'POST', '/api/auth/login', { email: body.email, password: 'wrong-pass' })).status,
      401,
    );
    const me = await api(sim, user, 'GET', '/api/auth/me');
    assert.deepEqual(Object.keys(me.json).sort(), ['emailVerified', 'mustChangePassword', 'orgId', 'orgName', 'role']);
    const routes = await api(sim, user, 'GET', '/api/routes');
    assert.ok(routes.json.some((r: any) => r.path === '/api/incidents' && r.methods.includes('GET')));
    assert.ok(
      routes.json.some((r: any) => r.path === '/api/incidents/<id>'),
      'the catalog prints paths as Flask does',
    );
  });

  test('incidents: list with limit clamped to 1..100, detail, 400 on a bad id, 404 on an unknown one', async () => {
    const rca = await api(sim, user, 'POST', '/api/incidents/trigger-rca', {
      issue_description: 'checkout is slow',
      severity: 'high',
    });
    assert.equal(rca.status, 200);
    assert.deepEqual(Object.keys(rca.json).sort(), ['incident_id', 'message', 'rca_session_id', 'status']);
    const list = await api(sim, user, 'GET', '/api/incidents?limit=0');
    assert.equal(list.json.total, 1);
    assert.equal(list.json.incidents.length, 1, 'limit=0 is clamped to 1');
    assert.deepEqual(Object.keys(list.json.incidents[0]).sort(), [...INCIDENT_KEYS].sort());
    assert.equal(list.json.incidents[0].status, 'investigating');
    assert.equal((await api(sim, user, 'GET', '/api/incidents?status=resolved')).json.total, 0);
    const detail = await api(sim, user, 'GET', `/api/incidents/${rca.json.incident_id}`);
    for (const k of ['suggestions', 'streamingThoughts', 'citations', 'chatSessions', 'correlatedAlerts', 'tokenUsage'])
      assert.ok(k in detail.json.incident, k);
    assert.equal((await api(sim, user, 'GET', '/api/incidents/not-a-uuid')).status, 400);
    assert.equal((await api(sim, user, 'GET', `/api/incidents/${crypto.randomUUID()}`)).status, 404);
    const chat = await api(sim, user, 'POST', `/api/incidents/${rca.json.incident_id}/chat`, {
      question: 'why?',
      mode: 'ask',
    });
    assert.equal(chat.status, 202);
    assert.equal(chat.json.status, 'processing');
    assert.equal(chat.json.is_new_session, true);
  });

  test('trigger-rca validates issue_description and severity', async () => {
    assert.equal((await api(sim, user, 'POST', '/api/incidents/trigger-rca', {})).status, 400);
    assert.equal(
      (await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'x'.repeat(4001) })).status,
      400,
    );
    assert.equal(
      (await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'x', severity: 'apocalyptic' }))
        .status,
      400,
    );
  });

  test('chat sessions: create, list, get, status, post and read messages', async () => {
    const created = await api(sim, user, 'POST', '/chat_api/sessions', { title: 'Spec' });
    assert.equal(created.status, 201);
    assert.equal(created.json.status, 'active');
    const id = created.json.id;
    const list = await api(sim, user, 'GET', '/chat_api/sessions');
    assert.ok(list.json.sessions.some((s: any) => s.id === id && s.is_own === true && 'message_count' in s));
    const got = await api(sim, user, 'GET', `/chat_api/sessions/${id}`);
    assert.deepEqual(Object.keys(got.json).sort(), [
      'created_at',
      'id',
      'incident_id',
      'is_own',
      'messages',
      'pending_turn',
      'status',
      'title',
      'ui_state',
      'updated_at',
      'user_id',
    ]);
    const posted = await api(sim, user, 'POST', `/chat_api/sessions/${id}/messages`, { message: 'hello', mode: 'ask' });
    assert.equal(posted.status, 202);
    assert.deepEqual(posted.json, { session_id: id, seq: 0, status: 'in_progress' });
    const status = await api(sim, user, 'GET', `/chat_api/sessions/${id}/status`);
    assert.deepEqual(status.json, { status: 'in_progress', message_count: 1 });
    const msgs = await api(sim, user, 'GET', `/chat_api/sessions/${id}/messages?after=0`);
    assert.equal(msgs.json.messages.length, 1);
    assert.equal((await api(sim, user, 'GET', `/chat_api/sessions/${crypto.randomUUID()}`)).status, 404);
  });

  test('bad input: malformed JSON is 400 JSON, a body over the limit 413, an unknown route 404', async () => {
    const bad = await api(sim, user, 'POST', '/chat_api/sessions', '{"title": ');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { error: 'Invalid request body' });
    const big = await api(sim, user, 'POST', '/chat_api/sessions', JSON.stringify({ title: 'x'.repeat(70 * 1024) }));
    assert.equal(big.status, 413);
    const unknown = await api(sim, user, 'GET', '/api/nothing-here');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { error: 'Not found' });
    assert.equal((await api(sim, user, 'DELETE', '/api/incidents')).status, 405);
  });

  test('every response names the replica that served it (simulator diagnostic)', async () => {
    const r = await api(sim, null, 'GET', '/health/liveness');
    assert.match(r.headers.get('x-aurora-sim-replica') ?? '', /^aurora-oss-server-/);
  });
});
