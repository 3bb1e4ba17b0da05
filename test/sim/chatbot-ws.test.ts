import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { register, startSim, token, WsProbe, type TestUser } from './helpers.ts';

const isEnd = (f: any) => f.type === 'status' && f.data?.status === 'END';

describe('aurora-sim chatbot WebSocket follows main_chatbot.py', () => {
  let sim: RunningSim;
  let user: TestUser;
  // At time scale 100 the 60 s rate-limit bucket refills in 600 real ms, so the limit spec
  // below runs its own simulator at time scale 1.
  before(async () => {
    sim = await startSim({ wsPingIntervalMs: 200 });
    user = await register(sim);
  });
  after(() => sim.close());

  test('a full turn: START, message chunks with session_id, usage_final, END (isComplete) then usage_info', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.waitFor((f) => f.length >= 1);
      assert.deepEqual(ws.frames[0], { type: 'status', data: { status: 'START' } });
      ws.send({ type: 'message', query: 'why is checkout slow?', user_id: user.id, session_id: 's-1', mode: 'ask' });
      await ws.waitFor((f) => f.some((x) => x.type === 'usage_info'));
      const types = ws.frames.map((f) => f.type);
      const chunks = ws.frames.filter((f) => f.type === 'message');
      assert.ok(chunks.length >= 2);
      for (const c of chunks) {
        assert.deepEqual(
          { ...c.data, text: undefined },
          { text: undefined, is_chunk: true, is_complete: false, streaming: true },
        );
        assert.ok(c.data.text.length <= 101);
        assert.equal(c.session_id, 's-1');
      }
      const end = ws.frames.findIndex(isEnd);
      assert.deepEqual(ws.frames[end], {
        type: 'status',
        data: { status: 'END' },
        isComplete: true,
        session_id: 's-1',
      });
      assert.equal(types[end - 1], 'usage_final');
      assert.equal(types[end + 1], 'usage_info');
      assert.equal(typeof ws.frames[end + 1].data.total_cost, 'number');
    } finally {
      ws.close();
    }
  });

  test('the 101 names the chatbot replica and sets the affinity cookie', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.opened;
      assert.match(String(ws.upgradeHeaders['x-aurora-sim-replica']), /^aurora-oss-chatbot-/);
      assert.match(
        String(ws.upgradeHeaders['set-cookie']),
        /^aurora-ws-affinity=[0-9a-f]{32}; Path=\/; Max-Age=3600; HttpOnly$/,
      );
    } finally {
      ws.close();
    }
  });

  test('a reused token (same jti) gets the error frame and close 1008', async () => {
    const t = token(user);
    const first = new WsProbe(`${sim.wsUrl}/?token=${t}`);
    await first.waitFor((f) => f.length >= 1);
    first.close();
    const again = new WsProbe(`${sim.wsUrl}/?token=${t}`);
    await again.waitFor((_f, p) => p.closed !== null);
    assert.deepEqual(again.frames, [
      { type: 'error', data: { text: 'Authentication failed: missing or invalid token.' } },
    ]);
    assert.equal(again.closed?.code, 1008);
  });

  test('expired, wrongly signed, wrong-audience and missing tokens are refused with 1008', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const url of [
      `${sim.wsUrl}/?token=${token(user, { iat: now - 300, exp: now - 60 })}`,
      `${sim.wsUrl}/?token=${token(user, {}, 'another-secret')}`,
      `${sim.wsUrl}/?token=${token(user, { aud: 'someone-else' })}`,
      `${sim.wsUrl}/`,
    ]) {
      const ws = new WsProbe(url);
      await ws.waitFor((_f, p) => p.closed !== null);
      assert.equal(ws.frames[0].type, 'error');
      assert.match(ws.frames[0].data.text, /^Authentication failed: /);
      assert.equal(ws.closed?.code, 1008, url);
    }
  });

  test('control/cancel is answered with END for that session', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.waitFor((f) => f.length >= 1);
      ws.send({ type: 'message', query: 'long question', session_id: 's-2' });
      ws.send({ type: 'control', action: 'cancel', session_id: 's-2', user_id: user.id });
      await ws.waitFor((f) => f.some(isEnd));
      assert.equal(ws.frames.find(isEnd).session_id, 's-2');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(ws.frames.filter((f) => f.type === 'message').length, 0, 'the cancelled turn streams nothing more');
    } finally {
      ws.close();
    }
  });

  test('the server pings; a client that answers stays connected', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      let pings = 0;
      ws.ws.on('ping', () => {
        pings += 1;
      });
      await ws.waitFor(() => pings >= 2, 3000);
      assert.equal(ws.closed, null);
    } finally {
      ws.close();
    }
  });
});

describe('aurora-sim chatbot rate limit', () => {
  let sim: RunningSim;
  before(async () => {
    sim = await startSim({ timeScale: 1 });
  });
  after(() => sim.close());

  test('a 6th frame within 60 s gets "Rate limit exceeded..." and is dropped', async () => {
    const user = await register(sim);
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    try {
      await ws.waitFor((f) => f.length >= 1);
      for (let i = 0; i < 6; i++) ws.send({ type: 'control', action: 'cancel', session_id: `r${i}` });
      await ws.waitFor((f) => f.some((x) => x.type === 'error'));
      await new Promise((r) => setTimeout(r, 100));
      const ends = ws.frames.filter(isEnd).map((f) => f.session_id);
      assert.deepEqual(ends, ['r0', 'r1', 'r2', 'r3', 'r4'], 'the 6th frame was dropped');
      assert.deepEqual(
        ws.frames.find((x) => x.type === 'error'),
        { type: 'error', data: { text: 'Rate limit exceeded. Please wait and try again.' } },
      );
    } finally {
      ws.close();
    }
  });
});
