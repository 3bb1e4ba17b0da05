import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { api, register, startSim, token, waitFor, WsProbe, type TestUser } from './helpers.ts';

describe('aurora-sim faults: each one shows its effect', () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim({ rcaDurationSimMs: { medianMs: 30_000, sigma: 0 } });
    user = await register(sim);
  });
  beforeEach(() => sim.clearFaults());
  after(() => sim.close());

  test('latency=<route>:<ms> slows that route only', async () => {
    sim.setFaults(['latency=GET /api/incidents:300']);
    let t = Date.now();
    await api(sim, user, 'GET', '/api/incidents');
    assert.ok(Date.now() - t >= 290);
    t = Date.now();
    await api(sim, user, 'GET', '/chat_api/sessions');
    assert.ok(Date.now() - t < 250);
  });

  test('error-rate=1 answers 500 on aurora-server routes', async () => {
    sim.setFaults(['error-rate=1']);
    const r = await api(sim, user, 'GET', '/api/incidents');
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('x-aurora-sim-fault'), 'error-rate');
  });

  test('leak grows latency with requests served', async () => {
    sim.setFaults(['leak=2000']); // +2 ms per request served by the pod
    for (let i = 0; i < 60; i++) await fetch(`${sim.url}/health/liveness`).then((r) => r.arrayBuffer());
    const t = Date.now();
    await api(sim, null, 'GET', '/health/liveness');
    assert.ok(Date.now() - t >= 40, 'after 30+ requests per pod, liveness takes 60+ ms');
  });

  test('db-pool=0 fails DB-using requests with 500 but not liveness', async () => {
    sim.setFaults(['db-pool=0']);
    const r = await api(sim, user, 'GET', '/api/incidents');
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('x-aurora-sim-fault'), 'db-pool');
    assert.equal((await api(sim, null, 'GET', '/health/liveness')).status, 200);
  });

  test('sticky-off ignores the cookie and issues a new one every time', async () => {
    sim.setFaults(['sticky-off']);
    const a = await fetch(`${sim.url}/health/liveness`);
    const cookie = (a.headers.get('set-cookie') ?? '').split(';')[0];
    const replicas = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${sim.url}/health/liveness`, { headers: { Cookie: cookie } });
      assert.ok(r.headers.get('set-cookie'));
      replicas.add(r.headers.get('x-aurora-sim-replica') ?? '');
    }
    assert.equal(replicas.size, 2);
  });

  test('workers-stalled: the RCA stays queued until the fault is cleared', async () => {
    sim.setFaults(['workers-stalled']);
    const rca = await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'stall' });
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(
      (await api(sim, user, 'GET', `/api/incidents/${rca.json.incident_id}`)).json.incident.auroraStatus,
      'idle',
    );
    assert.ok((sim.stats() as any).celery.queueDepth >= 1);
    sim.clearFaults();
    await waitFor(
      async () =>
        (await api(sim, user, 'GET', `/api/incidents/${rca.json.incident_id}`)).json.incident.auroraStatus !== 'idle',
      3000,
    );
  });

  test('chatbot-drop=1 closes the socket mid-turn with 1011', async () => {
    sim.setFaults(['chatbot-drop=1']);
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    await ws.waitFor((f) => f.length >= 1);
    ws.send({ type: 'message', query: 'hi', session_id: 'd1' });
    await ws.waitFor((_f, p) => p.closed !== null);
    assert.equal(ws.closed?.code, 1011);
    assert.ok(!ws.frames.some((f) => f.type === 'status' && f.data.status === 'END'));
  });

  test('crash=chatbot drops its open sockets; a new connection reaches the other replica', async () => {
    const ws = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    await ws.waitFor((f) => f.length >= 1);
    const victim = String(ws.upgradeHeaders['x-aurora-sim-replica']);
    sim.setFaults([`crash=${victim}`]);
    await ws.waitFor((_f, p) => p.closed !== null);
    const next = new WsProbe(`${sim.wsUrl}/?token=${token(user)}`);
    await next.opened;
    assert.notEqual(String(next.upgradeHeaders['x-aurora-sim-replica']), victim);
    next.close();
  });

  test('hpa-frozen is passed to the cluster', async () => {
    sim.setFaults(['hpa-frozen']);
    assert.equal(sim.cluster.hpaFrozen, true);
    sim.clearFaults();
    assert.equal(sim.cluster.hpaFrozen, false);
  });

  test('the control endpoint sets, shows and rejects faults with a clear error', async () => {
    const set = await api(sim, null, 'POST', '/__sim/faults', {
      faults: ['error-rate=0.5', 'latency=GET /api/incidents:10'],
    });
    assert.equal(set.status, 200);
    assert.deepEqual((await api(sim, null, 'GET', '/__sim/faults')).json.faults, [
      'latency=GET /api/incidents:10',
      'error-rate=0.5',
    ]);
    const bad = await api(sim, null, 'POST', '/__sim/faults', { faults: ['error-rate=2'] });
    assert.equal(bad.status, 400);
    assert.match(bad.json.error, /error-rate must be a number from 0 to 1/);
    const crash = await api(sim, null, 'POST', '/__sim/faults', { faults: ['crash=no-such-pod'] });
    assert.equal(crash.status, 400);
    assert.match(crash.json.error, /no such pod/);
    const stats = await api(sim, null, 'GET', '/__sim/stats');
    assert.equal(typeof stats.json.eventLoopLag.p99Ms, 'number');
    assert.ok('aurora-oss-server' in stats.json.replicas);
  });
});
