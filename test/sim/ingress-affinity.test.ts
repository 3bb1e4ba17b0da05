import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from './helpers.ts';

async function live(sim: RunningSim, cookie?: string) {
  const res = await fetch(`${sim.url}/health/liveness`, { headers: cookie ? { Cookie: cookie } : {} });
  await res.arrayBuffer();
  return { replica: res.headers.get('x-aurora-sim-replica') ?? '', setCookie: res.headers.get('set-cookie') };
}
const cookieOf = (setCookie: string | null): string => (setCookie ?? '').split(';')[0];

describe('aurora-sim ingress cookie affinity (ingress-nginx, aurora-ws-affinity)', () => {
  let sim: RunningSim;
  before(async () => {
    sim = await startSim();
  });
  after(() => sim.close());

  test('no cookie: a pod is picked and the cookie is set (Path=/, Max-Age=3600, HttpOnly)', async () => {
    const r = await live(sim);
    assert.match(r.setCookie ?? '', /^aurora-ws-affinity=[0-9a-f]{32}; Path=\/; Max-Age=3600; HttpOnly$/);
  });

  test('the same cookie reaches the same replica, and no new cookie is sent', async () => {
    const first = await live(sim);
    const cookie = cookieOf(first.setCookie);
    for (let i = 0; i < 6; i++) {
      const r = await live(sim, cookie);
      assert.equal(r.replica, first.replica);
      assert.equal(r.setCookie, null);
    }
  });

  test('requests without a cookie are spread over the replicas', async () => {
    const replicas = new Set<string>();
    for (let i = 0; i < 6; i++) replicas.add((await live(sim)).replica);
    assert.equal(replicas.size, 2);
  });

  test('after the pinned replica crashes: another replica and a new cookie', async () => {
    const first = await live(sim);
    const cookie = cookieOf(first.setCookie);
    sim.setFaults([`crash=${first.replica}`]);
    const after1 = await live(sim, cookie);
    assert.notEqual(after1.replica, first.replica);
    assert.ok(after1.setCookie, 'change-on-failure issues a new cookie');
    assert.notEqual(cookieOf(after1.setCookie), cookie);
    const after2 = await live(sim, cookieOf(after1.setCookie));
    assert.equal(after2.replica, after1.replica, 'and the new cookie sticks');
  });
});
