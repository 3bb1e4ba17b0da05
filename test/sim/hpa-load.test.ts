import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from './helpers.ts';

const SERVER = 'aurora-oss-server';

describe('aurora-sim load through the ingress drives the aurora-server HPA', () => {
  let sim: RunningSim;
  // Time scale 100: HPA sync every 150 real ms, pod start-up 300 ms, scale-up window 600 ms.
  before(async () => {
    sim = await startSim({ timeScale: 100 });
  });
  after(() => sim.close());

  test('CPU-heavy requests (login) push ready aurora-server pods above the minimum of 2', async () => {
    assert.equal(sim.cluster.readyPods(SERVER).length, 2);
    let stop = false;
    const until = Date.now() + 15_000;
    const client = async (): Promise<void> => {
      while (!stop && Date.now() < until) {
        const r = await fetch(`${sim.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"email":"load@example.com","password":"not-a-user"}',
        });
        await r.arrayBuffer();
      }
    };
    const clients = Array.from({ length: 6 }, client);
    try {
      while (Date.now() < until && sim.cluster.readyPods(SERVER).length <= 2)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    const ready = sim.cluster.readyPods(SERVER).length;
    assert.ok(ready > 2, `expected a scale-up, ready pods: ${ready}; stats: ${JSON.stringify(sim.stats().replicas)}`);
    // The ingress routes to the new pods as soon as they are ready.
    assert.ok(Object.keys(sim.stats().pods.server).length > 2);
  });
});
