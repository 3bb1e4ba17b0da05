// The chatbot pool under saturation: 200 conversations at once (a turn, then a reconnect with the
// affinity cookie and a fresh token), as 200 busy chatbot VUs send them. Every socket gets START
// promptly, the reconnect lands on its pod, and no socket is left open afterwards.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { RunningSim } from '../../sim/index.ts';
import { register, startSim, token, type TestUser } from './helpers.ts';

const CONVERSATIONS = 200;
/** The bundle's start timeout (lib/k6/aurora/chat.ts START_TIMEOUT_MS): a START later than this is a failed connect. */
const START_WITHIN_MS = 10_000;

let sim: RunningSim;
let user: TestUser;
before(async () => {
  sim = await startSim();
  user = await register(sim);
});
after(() => sim.close());

interface Connection {
  startMs: number | null;
  replica: string | undefined;
  cookie: string | undefined;
}

/** One socket: waits for START (and, with a query, for the turn's usage_info), then closes. */
function connect(cookie: string | undefined, query: string | undefined): Promise<Connection> {
  return new Promise((resolve) => {
    const began = Date.now();
    const ws = new WebSocket(`${sim.wsUrl}/?token=${token(user)}`, { headers: cookie ? { Cookie: cookie } : {} });
    const out: Connection = { startMs: null, replica: undefined, cookie };
    const done = (): void => {
      clearTimeout(deadline);
      ws.terminate();
      resolve(out);
    };
    const deadline = setTimeout(done, START_WITHIN_MS * 2);
    ws.on('upgrade', (res) => {
      out.replica = String(res.headers['x-aurora-sim-replica']);
      const set = res.headers['set-cookie']?.[0];
      if (set) out.cookie = set.split(';')[0];
    });
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      if (f.type === 'status' && f.data?.status === 'START') {
        out.startMs = Date.now() - began;
        if (!query) return done();
        ws.send(JSON.stringify({ type: 'message', query, user_id: user.id, session_id: 's', mode: 'ask' }));
      } else if (f.type === 'usage_info') done();
    });
    ws.on('close', done);
    ws.on('error', () => {});
  });
}

test(`${CONVERSATIONS} conversations at once: every turn and every reconnect gets START, on its pod`, async (t) => {
  const results = await Promise.all(
    Array.from({ length: CONVERSATIONS }, async () => {
      const turn = await connect(undefined, 'why is checkout slow?');
      const reconnect = await connect(turn.cookie, undefined);
      return { turn, reconnect };
    }),
  );
  const starts = results.flatMap((r) => [r.turn.startMs, r.reconnect.startMs]);
  const missing = starts.filter((ms) => ms === null).length;
  const slowest = Math.max(...starts.map((ms) => ms ?? Infinity));
  t.diagnostic(`${starts.length} sockets, ${missing} without START, slowest START after ${slowest} ms`);
  assert.equal(missing, 0, 'every socket got START');
  assert.ok(slowest <= START_WITHIN_MS, `slowest START after ${slowest} ms`);
  assert.ok(
    results.every((r) => r.reconnect.replica === r.turn.replica),
    'every reconnect stayed on its pod',
  );
  let open = 0;
  for (let i = 0; i < 50; i++) {
    open = Object.values(sim.stats().pods.chatbot).reduce((n, p) => n + p.connections, 0);
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(open, 0, 'no socket left open on the pods');
});
