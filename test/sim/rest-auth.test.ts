import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { api, register, SECRET, startSim, type TestUser } from './helpers.ts';

describe("aurora-sim REST auth follows Aurora's gates", () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim();
    user = await register(sim);
  });
  after(() => sim.close());

  test("a protected route without X-Internal-Secret is 403 with Aurora's body", async () => {
    const r = await api(sim, null, 'GET', '/api/incidents', undefined, { 'X-User-ID': user.id });
    assert.equal(r.status, 403);
    assert.deepEqual(r.json, { error: 'Forbidden: invalid or missing X-Internal-Secret header' });
  });

  test('a wrong secret is 403 too', async () => {
    const r = await api(sim, null, 'GET', '/api/incidents', undefined, {
      'X-Internal-Secret': 'nope',
      'X-User-ID': user.id,
    });
    assert.equal(r.status, 403);
  });

  test('the secret without X-User-ID is 401 Unauthorized', async () => {
    const r = await api(sim, null, 'GET', '/api/incidents', undefined, { 'X-Internal-Secret': SECRET });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { error: 'Unauthorized' });
  });

  test('an unknown user with an org header is 401; a wrong org is 403 organization mismatch', async () => {
    const unknown = await api(sim, null, 'GET', '/api/incidents', undefined, {
      'X-Internal-Secret': SECRET,
      'X-User-ID': 'ghost',
      'X-Org-ID': user.orgId,
    });
    assert.equal(unknown.status, 401);
    const other = await register(sim);
    const mismatch = await api(sim, null, 'GET', '/api/incidents', undefined, {
      'X-Internal-Secret': SECRET,
      'X-User-ID': user.id,
      'X-Org-ID': other.orgId,
    });
    assert.equal(mismatch.status, 403);
    assert.deepEqual(mismatch.json, { error: 'Forbidden - organization mismatch' });
  });

  test('X-Org-ID is optional: it is looked up from the user', async () => {
    const r = await api(sim, null, 'GET', '/api/incidents', undefined, {
      'X-Internal-Secret': SECRET,
      'X-User-ID': user.id,
    });
    assert.equal(r.status, 200);
  });

  test('health, login, register and webhooks are open (no secret needed)', async () => {
    assert.equal((await api(sim, null, 'GET', '/health/liveness')).status, 200);
    assert.equal((await api(sim, null, 'GET', '/health/readiness')).status, 200);
    assert.equal(
      (await api(sim, null, 'POST', '/api/auth/login', { email: 'x@y.z', password: 'whatever1' })).status,
      401,
    );
    assert.equal((await api(sim, null, 'POST', `/grafana/alerts/webhook/${user.id}`, { alerts: [] })).status, 200);
  });
});
