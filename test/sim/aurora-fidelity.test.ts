// Audit against Aurora 1.2.18 (7ffb464b) where the contract is silent: each spec names the source it follows.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { api, register, startSim, token, waitFor, WsProbe, type TestUser } from './helpers.ts';

const isEnd = (f: any) => f.type === 'status' && f.data?.status === 'END';

describe('aurora-sim REST follows Aurora source where the contract is silent', () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim({ timeScale: 200 });
    user = await register(sim);
  });
  after(() => sim.close());

  // server/routes/chat_routes.py post_chat_message / get_chat_messages
  test('POST …/messages returns the 0-based index of the new message; GET ?after=<seq> starts at it; rows are {sender,text,timestamp}', async () => {
    const id = (await api(sim, user, 'POST', '/chat_api/sessions', { title: 'Seq' })).json.id;
    const posted = await api(sim, user, 'POST', `/chat_api/sessions/${id}/messages`, { message: 'hello', mode: 'ask' });
    assert.deepEqual(posted.json, { session_id: id, seq: 0, status: 'in_progress' });
    const read = await api(sim, user, 'GET', `/chat_api/sessions/${id}/messages?after=${posted.json.seq}`);
    assert.equal(read.json.seq, 1);
    assert.equal(read.json.messages.length, 1);
    assert.deepEqual(Object.keys(read.json.messages[0]).sort(), ['sender', 'text', 'timestamp']);
    assert.equal(read.json.messages[0].text, 'hello');
  });

  test('POST …/messages: mode checked first, then message, lowercase error texts, then the session (404 "session not found")', async () => {
    const id = (await api(sim, user, 'POST', '/chat_api/sessions', {})).json.id;
    const p = `/chat_api/sessions/${id}/messages`;
    assert.deepEqual((await api(sim, user, 'POST', p, { message: 'hi', mode: 'nope' })).json, {
      error: 'invalid mode',
    });
    const empty = await api(sim, user, 'POST', p, {});
    assert.deepEqual([empty.status, empty.json], [400, { error: 'message is required' }]);
    assert.deepEqual((await api(sim, user, 'POST', p, { message: 'x'.repeat(8001) })).json, {
      error: 'message too long (max 8000 chars)',
    });
    const missing = await api(sim, user, 'POST', `/chat_api/sessions/${randomUUID()}/messages`, { message: 'hi' });
    assert.deepEqual([missing.status, missing.json], [404, { error: 'session not found' }]);
    const missingRead = await api(sim, user, 'GET', `/chat_api/sessions/${randomUUID()}/messages`);
    assert.deepEqual([missingRead.status, missingRead.json], [404, { error: 'session not found' }]);
  });

  test('GET /chat_api/sessions/{id} and /status: 404 "Chat session not found"; pending_turn is null without a HITL confirmation', async () => {
    for (const suffix of ['', '/status']) {
      const r = await api(sim, user, 'GET', `/chat_api/sessions/${randomUUID()}${suffix}`);
      assert.deepEqual([r.status, r.json], [404, { error: 'Chat session not found' }]);
    }
    const id = (await api(sim, user, 'POST', '/chat_api/sessions', {})).json.id;
    await api(sim, user, 'POST', `/chat_api/sessions/${id}/messages`, { message: 'hi' });
    assert.equal((await api(sim, user, 'GET', `/chat_api/sessions/${id}`)).json.pending_turn, null);
  });

  test('POST /chat_api/sessions echoes messages and derives the title from the first user message', async () => {
    const messages = [{ sender: 'user', text: 'Why is checkout failing so badly today on the EU cluster again?' }];
    const r = await api(sim, user, 'POST', '/chat_api/sessions', { messages });
    assert.equal(r.status, 201);
    assert.deepEqual(r.json.messages, messages);
    assert.equal(r.json.title, 'Why is checkout failing so badly today on the EU...');
  });

  // server/routes/incidents_routes.py get_incident
  test('incident detail: tokenUsage null before any LLM usage, chatSessions carry messages, alert has rawPayload and triggeredAt', async () => {
    const rca = await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'disk full' });
    const inc = (await api(sim, user, 'GET', `/api/incidents/${rca.json.incident_id}`)).json.incident;
    assert.equal(inc.tokenUsage, null);
    assert.ok(Array.isArray(inc.chatSessions[0].messages));
    assert.deepEqual(Object.keys(inc.chatSessions[0]).sort(), [
      'createdAt',
      'id',
      'messages',
      'status',
      'title',
      'updatedAt',
    ]);
    assert.equal(inc.alert.rawPayload, '');
    assert.equal(inc.alert.triggeredAt, inc.startedAt);
  });

  // server/routes/incidents_routes.py incident_chat
  test("POST /api/incidents/{id}/chat: Aurora's error texts and session checks", async () => {
    const rca = await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'api 500s' });
    const p = `/api/incidents/${rca.json.incident_id}/chat`;
    assert.deepEqual((await api(sim, user, 'POST', p, { mode: 'ask' })).json, { error: 'Missing question' });
    assert.deepEqual((await api(sim, user, 'POST', p, { question: 'x'.repeat(2001) })).json, {
      error: 'Question too long (max 2000 characters)',
    });
    assert.deepEqual((await api(sim, user, 'POST', p, { question: 'why', mode: 'chat' })).json, {
      error: 'Invalid mode. Must be "ask" or "agent"',
    });
    assert.deepEqual((await api(sim, user, 'POST', `${p}?session_id=nope`, { question: 'why' })).json, {
      error: 'Invalid session ID format',
    });
    const other = (await api(sim, user, 'POST', '/chat_api/sessions', {})).json.id;
    const foreign = await api(sim, user, 'POST', `${p}?session_id=${other}`, { question: 'why' });
    assert.deepEqual(
      [foreign.status, foreign.json],
      [404, { error: 'Session not found or does not belong to this incident' }],
    );
    const rcaSession = await api(sim, user, 'POST', `${p}?session_id=${rca.json.rca_session_id}`, { question: 'why' });
    assert.deepEqual([rcaSession.status, rcaSession.json.is_new_session], [202, false]);
  });

  // server/routes/grafana/tasks.py _extract_severity / _extract_service
  test('Grafana: a firing alert without a severity label is "critical"; service falls back to alertname', async () => {
    const u = await register(sim);
    const hook = `/grafana/alerts/webhook/${u.id}`;
    const body = {
      title: 'CPU',
      state: 'alerting',
      alerts: [{ status: 'firing', fingerprint: randomUUID(), labels: { alertname: 'CpuHigh' } }],
    };
    await api(sim, null, 'POST', hook, body); // auto-connect, no incident
    await api(sim, null, 'POST', hook, { ...body, alerts: [{ ...body.alerts[0], fingerprint: randomUUID() }] });
    await waitFor(async () => (await api(sim, u, 'GET', '/api/incidents')).json.total === 1, 5000);
    const inc = (await api(sim, u, 'GET', '/api/incidents')).json.incidents[0];
    assert.equal(inc.severity, 'critical');
    assert.equal(inc.alert.service, 'CpuHigh');
  });
});

describe('aurora-sim chatbot follows main_chatbot.py where the contract is silent', () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim();
    user = await register(sim);
  });
  after(() => sim.close());

  test('a query whose user_id differs from the token gets "Authentication failed: user identity mismatch." and no turn', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.waitFor((f) => f.length >= 1);
      ws.send({ type: 'message', query: 'hi', user_id: 'someone-else', session_id: 's-x' });
      await ws.waitFor((f) => f.some((x) => x.type === 'error'));
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(ws.frames.slice(1), [
        { type: 'error', data: { text: 'Authentication failed: user identity mismatch.' } },
      ]);
    } finally {
      ws.close();
    }
  });

  test('a frame that is not JSON ends the handler: "Unexpected error: …" with data.session_id, then a normal close', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    await ws.waitFor((f) => f.length >= 1);
    ws.ws.send('not json');
    await ws.waitFor((_f, p) => p.closed !== null);
    const err = ws.frames[1];
    assert.equal(err.type, 'error');
    assert.match(err.data.text, /^Unexpected error: /);
    assert.ok('session_id' in err.data);
    assert.equal(ws.closed?.code, 1000);
  });

  test('cancel without a session_id is answered with END carrying session_id null', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.waitFor((f) => f.length >= 1);
      ws.send({ type: 'control', action: 'cancel', user_id: user.id });
      await ws.waitFor((f) => f.some(isEnd));
      assert.deepEqual(ws.frames.find(isEnd), {
        type: 'status',
        data: { status: 'END' },
        isComplete: true,
        session_id: null,
      });
    } finally {
      ws.close();
    }
  });
});
