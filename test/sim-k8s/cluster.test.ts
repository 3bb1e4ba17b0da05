// The simulated cluster: Deployments, pods and the HPA controller, on a manual clock
// (simulated minutes run in no real time, so the timelines below are exact).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createManualClock } from '../../sim/clock.ts';
import { AURORA_DEPLOYMENTS, Cluster, type Pod, type ScaledEvent, helmDefaults } from '../../sim/cluster/cluster.ts';

const S = 1000;
const SERVER = AURORA_DEPLOYMENTS.server;
const CELERY = AURORA_DEPLOYMENTS.celeryWorker;

/** A cluster whose CPU metric is a fake: `load[deployment]` millicores spread over its Ready pods. */
function fakeLoadCluster(seed = 1) {
  const clock = createManualClock(1);
  const load: Record<string, number> = {};
  const holder: { cluster?: Cluster } = {};
  const cluster = new Cluster({
    clock,
    seed,
    ...helmDefaults(),
    metrics: (pod: Pod) => (load[pod.deployment] ?? 0) / holder.cluster!.readyPods(pod.deployment).length,
  });
  holder.cluster = cluster;
  const scaled: ScaledEvent[] = [];
  cluster.on('scaled', (e: ScaledEvent) => scaled.push(e));
  const timeline = (deployment: string) =>
    scaled.filter((e) => e.deployment === deployment).map((e) => [e.at / S, e.to]);
  return { clock, cluster, load, scaled, timeline };
}

describe('HPA controller with the Helm values', () => {
  test('server scales 2 -> 6 by +2 per 60 s, holds 300 s after load drops, then steps down 1 per 120 s', () => {
    const { clock, cluster, load, timeline } = fakeLoadCluster();
    load[SERVER] = 800; // 4 × the 200m request: ceil(2 × 200% / 70%) = 6 wanted
    cluster.start();
    clock.advance(300 * S);
    assert.equal(cluster.readyPods(SERVER).length, 6);
    load[SERVER] = 20; // ~2% of one pod: 1 wanted, min 2
    clock.advance(700 * S);
    cluster.stop();
    assert.deepEqual(timeline(SERVER), [
      [60, 4], // the 60 s scale-up window first has to fill with high recommendations
      [120, 6], // +2 per 60 s
      [600, 5], // 300 s after the last high recommendation (at 300 s)
      [720, 4], // -1 per 120 s
      [840, 3],
      [960, 2], // minReplicas
    ]);
    assert.equal(cluster.readyPods(SERVER).length, 2);
  });

  test('celery-worker scales up by +1 per 60 s', () => {
    const { clock, cluster, load, timeline } = fakeLoadCluster();
    load[CELERY] = 1000; // 10 × the 100m request
    cluster.start();
    clock.advance(300 * S);
    cluster.stop();
    assert.deepEqual(timeline(CELERY), [
      [60, 3],
      [120, 4],
      [180, 5],
      [240, 6],
    ]);
  });

  test('stays at minReplicas under light load and never scales the chatbot', () => {
    const { clock, cluster, load, scaled } = fakeLoadCluster();
    load[SERVER] = 150; // 37% per pod
    load[AURORA_DEPLOYMENTS.chatbot] = 10_000;
    cluster.start();
    clock.advance(600 * S);
    cluster.stop();
    assert.deepEqual(scaled, []);
    assert.equal(cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).length, 2);
  });

  test('reports status like the controller: replicas, metrics, lastScaleTime, conditions', () => {
    const { clock, cluster, load } = fakeLoadCluster();
    load[SERVER] = 800;
    cluster.start();
    clock.advance(60 * S);
    const { status } = cluster.hpa(SERVER);
    cluster.stop();
    assert.equal(status.currentReplicas, 2);
    assert.equal(status.desiredReplicas, 4);
    assert.equal(status.lastScaleTime, 60 * S);
    assert.deepEqual(status.currentMetrics, [{ averageUtilization: 200, averageMillicores: 400 }]);
    const byType = Object.fromEntries(status.conditions.map((c) => [c.type, [c.status, c.reason]]));
    assert.deepEqual(byType, {
      AbleToScale: ['True', 'SucceededRescale'],
      ScalingActive: ['True', 'ValidMetricFound'],
      ScalingLimited: ['True', 'ScaleUpLimit'],
    });
  });
});

describe('a frozen HPA (fault switch)', () => {
  test('never scales, but keeps reporting utilisation; unfreezing resumes at the next sync', () => {
    const { clock, cluster, load, scaled } = fakeLoadCluster();
    cluster.setHpaFrozen(true);
    load[SERVER] = 800;
    load[CELERY] = 1000;
    cluster.start();
    clock.advance(600 * S);
    assert.equal(scaled.length, 0, 'no rescale while frozen');
    const { status } = cluster.hpa(SERVER);
    assert.equal(status.desiredReplicas, 2);
    assert.equal(status.currentMetrics[0]?.averageUtilization, 200);

    cluster.setHpaFrozen(false);
    clock.advance(15 * S);
    cluster.stop();
    assert.deepEqual(
      scaled.map((e) => [e.deployment, e.to]),
      [
        [SERVER, 4],
        [CELERY, 3],
      ],
    );
  });
});

describe('Deployments and pods', () => {
  test('pod names look like Kubernetes ones and repeat for the same seed', () => {
    const names = (seed: number) =>
      new Cluster({ clock: createManualClock(), seed, ...helmDefaults() }).readyPods(SERVER).map((p) => p.name);
    const first = names(42);
    assert.match(first[0]!, /^aurora-oss-server-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(names(42), first);
    assert.notDeepEqual(names(43), first);
  });

  test('a new pod becomes Ready after the start-up delay, announced by a pods event', () => {
    const clock = createManualClock();
    const cluster = new Cluster({ clock, seed: 1, ...helmDefaults(), podStartupMs: 30 * S });
    const events: [string, number][] = [];
    cluster.on('pods', (deployment: string, readyPods: Pod[]) => events.push([deployment, readyPods.length]));
    cluster.start();
    cluster.scale(AURORA_DEPLOYMENTS.chatbot, 3);
    assert.equal(cluster.pods(AURORA_DEPLOYMENTS.chatbot).length, 3);
    assert.equal(cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).length, 2);
    clock.advance(29 * S);
    assert.equal(cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).length, 2);
    clock.advance(1 * S);
    assert.equal(cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).length, 3);
    cluster.stop();
    assert.deepEqual(events, [
      [AURORA_DEPLOYMENTS.chatbot, 2],
      [AURORA_DEPLOYMENTS.chatbot, 3],
    ]);
  });

  test('a crashed pod disappears at once and is replaced after the start-up delay', () => {
    const clock = createManualClock();
    const cluster = new Cluster({ clock, seed: 1, ...helmDefaults() });
    cluster.start();
    const [victim, survivor] = cluster.readyPods(AURORA_DEPLOYMENTS.chatbot);
    assert.equal(cluster.crashPod(victim!.name), true);
    assert.deepEqual(
      cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).map((p) => p.name),
      [survivor!.name],
    );
    clock.advance(30 * S);
    const after = cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).map((p) => p.name);
    cluster.stop();
    assert.equal(after.length, 2);
    assert.ok(!after.includes(victim!.name), 'the replacement has a new name');
    assert.equal(cluster.crashPod('no-such-pod'), false);
  });

  test('scaling down removes starting pods before Ready ones', () => {
    const clock = createManualClock();
    const cluster = new Cluster({ clock, seed: 1, ...helmDefaults() });
    cluster.start();
    const readyBefore = cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).map((p) => p.name);
    cluster.scale(AURORA_DEPLOYMENTS.chatbot, 4);
    cluster.scale(AURORA_DEPLOYMENTS.chatbot, 2);
    cluster.stop();
    assert.deepEqual(
      cluster.pods(AURORA_DEPLOYMENTS.chatbot).map((p) => p.name),
      readyBefore,
    );
  });

  test('a listener that throws does not stop the cluster', () => {
    const clock = createManualClock();
    const cluster = new Cluster({ clock, seed: 1, ...helmDefaults() });
    const originalError = console.error;
    let logged = 0;
    console.error = () => void logged++;
    try {
      cluster.on('pods', () => {
        throw new Error('listener bug');
      });
      cluster.start();
      cluster.scale(AURORA_DEPLOYMENTS.chatbot, 3);
      cluster.scale(AURORA_DEPLOYMENTS.chatbot, 4);
      clock.advance(30 * S);
      assert.equal(cluster.readyPods(AURORA_DEPLOYMENTS.chatbot).length, 4);
      assert.equal(logged, 1, 'logged once per kind of failure');
    } finally {
      console.error = originalError;
      cluster.stop();
    }
  });
});
