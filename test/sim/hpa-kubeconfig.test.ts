// The whole chain a stress run relies on: HTTP load through the simulator's ingress heats the
// aurora-server pods, the HPA scales the Deployment up, and after the load stops it scales back
// to its minimum once the scale-down window has passed. Observed only as a user would: through
// @kubernetes/client-node, from the kubeconfig the simulator wrote.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AutoscalingV2Api, KubeConfig, Watch } from '@kubernetes/client-node';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from './helpers.ts';

const SERVER = 'aurora-oss-server';

let sim: RunningSim;
let kc: KubeConfig;
// Time scale 100: sync 150 real ms, scale-up window 0.6 s, scale-down window 3 s, -1 pod per 1.2 s.
before(async () => {
  sim = await startSim({ timeScale: 100 });
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
});
after(() => sim.close());

test('load through the ingress scales aurora-oss-server up, and it returns to 2 after the window', async () => {
  const hpa = await kc
    .makeApiClient(AutoscalingV2Api)
    .readNamespacedHorizontalPodAutoscaler({ name: SERVER, namespace: sim.namespace });
  assert.deepEqual([hpa.spec?.minReplicas, hpa.spec?.maxReplicas, hpa.status?.desiredReplicas], [2, 6, 2]);

  const desired: number[] = [];
  const waiters: { test: (d: number) => boolean; resolve: () => void }[] = [];
  const until = (what: string, cond: (d: number) => boolean, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (desired.length && cond(desired.at(-1)!)) return resolve();
      waiters.push({ test: cond, resolve });
      setTimeout(
        () => reject(new Error(`${what} not seen within ${ms} ms; desired replicas seen: ${desired.join(' ')}`)),
        ms,
      ).unref();
    });
  const watch = await new Watch(kc).watch(
    `/apis/autoscaling/v2/namespaces/${sim.namespace}/horizontalpodautoscalers`,
    { fieldSelector: `metadata.name=${SERVER}` },
    (_type, obj: { status?: { desiredReplicas?: number } }) => {
      const d = obj.status?.desiredReplicas ?? 0;
      if (desired.at(-1) !== d) desired.push(d);
      for (const w of waiters) if (w.test(d)) w.resolve();
    },
    () => {},
  );

  // Logins are aurora-server's CPU-heaviest route (bcrypt in Aurora).
  let stop = false;
  const deadline = Date.now() + 20_000;
  const client = async (): Promise<void> => {
    while (!stop && Date.now() < deadline) {
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
    await until('a scale-up above 2', (d) => d > 2, 20_000);
    await until('at least 3 desired replicas', (d) => d >= 3, 20_000);
  } finally {
    stop = true;
    await Promise.all(clients);
  }
  try {
    await until('the return to the minimum of 2', (d) => d === 2, 30_000);
  } finally {
    watch.abort();
  }
  const peak = Math.max(...desired);
  assert.ok(peak >= 3 && peak <= 6, `peak ${peak}`);
  assert.equal(desired[0], 2);
  assert.equal(desired.at(-1), 2);
  // Down one pod at a time (Helm behavior: -1 pod per 120 s).
  const down = desired.slice(desired.indexOf(peak));
  assert.deepEqual(
    down,
    Array.from({ length: peak - 1 }, (_, i) => peak - i),
    `steps down ${down.join(' ')}`,
  );
});
