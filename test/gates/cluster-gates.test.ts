// Cluster gates: OOMKilled, restarts, the Celery queue draining after the load, DB connections and
// Redis memory against their maximum; and restarts counted from per-pod observations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clusterGates, celeryQueueGate, type ClusterGateSpec } from '../../cli/gates/cluster-gates.ts';
import { deploymentHealth, restartIncrease } from '../../cli/cluster/restarts.ts';
import { clusterGatesFor, ClusterSchema } from '../../cli/cluster/env-schema.ts';
import type { ClusterMetrics, SeriesPoint } from '../../cli/cluster/types.ts';

const T0 = 1_700_000_000_000;
const at = (s: number): number => T0 + s * 1000;
const pts = (...vs: [number, number][]): SeriesPoint[] => vs.map(([s, v]) => [at(s), v]);

function metrics(over: Partial<ClusterMetrics> = {}): ClusterMetrics {
  return {
    source: 'prometheus',
    from: T0,
    to: at(60),
    stepSeconds: 1,
    series: [
      {
        key: 'celery-queue',
        label: 'Celery queue length',
        unit: 'tasks',
        points: pts([0, 0], [30, 12], [40, 3], [45, 0]),
      },
      { key: 'db-total', label: 'DB connections open', unit: 'connections', points: pts([0, 4], [30, 40], [60, 10]) },
      { key: 'redis-used', label: 'Redis memory used', unit: 'MiB', points: pts([0, 10], [30, 64], [60, 20]) },
    ],
    deployments: [
      { deployment: 'aurora-oss-server', restarts: 0, oomKilled: 0, oomKilledPods: [] },
      { deployment: 'aurora-oss-celery-worker', restarts: 0, oomKilled: 0, oomKilledPods: [] },
    ],
    limits: { dbMaxConnections: 100, redisMaxMiB: 256 },
    missing: {},
    notes: [],
    ...over,
  };
}

const ALL: ClusterGateSpec = {
  noOomKilled: true,
  maxRestarts: 0,
  celeryQueue: { below: 5, withinSeconds: 15 },
  maxDbConnectionsPct: 80,
  maxRedisMemoryPct: 90,
};
const WATCHED = ['aurora-oss-server', 'aurora-oss-celery-worker'];

describe('cluster gates', () => {
  test('a healthy run passes every gate, each with what was measured and its limit', () => {
    const gates = clusterGates(ALL, metrics(), WATCHED, at(35));
    assert.deepEqual(
      gates.map((g) => [g.name, g.passed]),
      [
        ['aurora-oss-server no OOMKilled', true],
        ['aurora-oss-server restarts', true],
        ['aurora-oss-celery-worker no OOMKilled', true],
        ['aurora-oss-celery-worker restarts', true],
        ['Celery queue drains after the load', true],
        ['DB connections', true],
        ['Redis memory', true],
      ],
    );
    assert.ok(gates.every((g) => g.kind === 'cluster' && g.status !== 'not-evaluated'));
    assert.match(gates[5]!.measured, /^peak 40 of 100 connections \(40%\)/);
    assert.equal(gates[5]!.limit, 'never above 80% of max');
    assert.match(gates[4]!.measured, /under 5 after 5 s \(from 12\)/);
  });

  test("an OOMKilled container fails its Deployment's gate and names the pods", () => {
    const c = metrics({
      deployments: [
        { deployment: 'aurora-oss-server', restarts: 3, oomKilled: 3, oomKilledPods: ['aurora-oss-server-abc-x1'] },
      ],
    });
    const gates = clusterGates(ALL, c, ['aurora-oss-server'], at(35));
    const oom = gates.find((g) => g.name === 'aurora-oss-server no OOMKilled')!;
    assert.equal(oom.passed, false);
    assert.equal(oom.measured, '3 OOMKilled');
    assert.match(oom.detail!, /aurora-oss-server-abc-x1/);
    assert.equal(gates.find((g) => g.name === 'aurora-oss-server restarts')!.passed, false);
  });

  test('a queue that never drains fails; one still draining when the data ends is not evaluated', () => {
    const stalled = metrics({
      series: [{ key: 'celery-queue', label: '', unit: 'tasks', points: pts([0, 0], [30, 12], [40, 14], [60, 15]) }],
    });
    const g = celeryQueueGate(stalled, { below: 5, withinSeconds: 15 }, at(30));
    assert.equal(g.passed, false);
    assert.equal(g.status, undefined);
    assert.match(g.measured, /still 15 queued 30 s after the load stopped \(peak 15\)/);
    const short = celeryQueueGate(stalled, { below: 5, withinSeconds: 60 }, at(30));
    assert.equal(short.passed, false);
    assert.match(short.detail!, /the data ends 30 s after the load stopped, before the window closed/);
    const slow = celeryQueueGate(metrics(), { below: 5, withinSeconds: 2 }, at(35));
    assert.equal(slow.passed, false);
    assert.match(slow.detail!, /too slowly/);
  });

  test('connections or Redis memory above their share of the maximum fail', () => {
    const gates = clusterGates(
      { noOomKilled: false, maxDbConnectionsPct: 30, maxRedisMemoryPct: 20 },
      metrics(),
      WATCHED,
      at(35),
    );
    assert.deepEqual(
      gates.map((g) => [g.name, g.passed]),
      [
        ['DB connections', false],
        ['Redis memory', false],
      ],
    );
    assert.match(gates[1]!.measured, /peak 64 of 256 MiB \(25%\)/);
  });

  test('missing data is not evaluated, with the reason, and never passed', () => {
    const c = metrics({
      source: 'kubernetes-api',
      series: [],
      limits: { dbMaxConnections: null, redisMaxMiB: null },
      missing: {
        cpu: 'no Prometheus installed',
        celery: 'no Prometheus installed',
        db: 'no Prometheus installed',
        redis: 'no Prometheus installed',
      },
    });
    const gates = clusterGates(ALL, c, WATCHED, at(35));
    const judged = gates.filter((g) => g.status !== 'not-evaluated').map((g) => g.name);
    assert.deepEqual(judged, [
      'aurora-oss-server no OOMKilled',
      'aurora-oss-server restarts',
      'aurora-oss-celery-worker no OOMKilled',
      'aurora-oss-celery-worker restarts',
    ]);
    for (const g of gates.filter((x) => x.status === 'not-evaluated')) {
      assert.equal(g.passed, false);
      assert.equal(g.detail, 'no Prometheus installed');
    }
    const none = clusterGates(ALL, null, WATCHED, at(35));
    assert.ok(none.every((g) => !g.passed && /no cluster metrics were collected/.test(g.detail!)));
  });

  test('no gates for a profile without `cluster.gates`', () => {
    assert.deepEqual(clusterGates(undefined, metrics(), WATCHED, at(35)), []);
  });
});

describe('restarts during a run', () => {
  test('a counter that rises counts its rise; a pod that appears later counts from 0; a reset is a new container', () => {
    assert.equal(restartIncrease(pts([0, 2], [10, 2], [20, 4]), T0), 2, 'restarts before the run do not count');
    assert.equal(restartIncrease(pts([20, 1], [30, 1]), T0), 1, 'a pod created during the run');
    assert.equal(restartIncrease(pts([0, 3], [10, 0], [20, 1]), T0), 1);
  });
  test('OOM kills are the restarts of containers whose last termination reads OOMKilled', () => {
    const restarts = new Map([
      ['aurora-oss-server-abc12-aaaaa', pts([0, 0], [10, 1], [20, 2])],
      ['aurora-oss-server-abc12-bbbbb', pts([0, 0], [20, 1])],
      ['aurora-oss-chatbot-xyz34-ccccc', pts([0, 0], [20, 0])],
    ]);
    const oom = new Map([['aurora-oss-server-abc12-aaaaa', pts([10, 1], [20, 1])]]);
    assert.deepEqual(deploymentHealth(['aurora-oss-server', 'aurora-oss-chatbot'], restarts, oom, T0), [
      { deployment: 'aurora-oss-server', restarts: 3, oomKilled: 2, oomKilledPods: ['aurora-oss-server-abc12-aaaaa'] },
      { deployment: 'aurora-oss-chatbot', restarts: 0, oomKilled: 0, oomKilledPods: [] },
    ]);
    assert.deepEqual(deploymentHealth(['aurora-oss-server'], null, null, T0), [
      { deployment: 'aurora-oss-server', restarts: null, oomKilled: null, oomKilledPods: [] },
    ]);
  });
});

describe('env file `cluster.gates`', () => {
  test("per profile; the queue window is on the target's clock, divided by the time scale", () => {
    const file = ClusterSchema.parse({
      gates: { stress: { maxRestarts: 0, celeryQueue: { below: 10, withinSeconds: 120 }, maxDbConnectionsPct: 80 } },
    });
    assert.deepEqual(clusterGatesFor(file, 'stress', 20), {
      noOomKilled: true,
      maxRestarts: 0,
      celeryQueue: { below: 10, withinSeconds: 6 },
      maxDbConnectionsPct: 80,
    });
    assert.equal(clusterGatesFor(file, 'smoke', 20), undefined);
  });
  test('a misspelt key or an unknown profile is refused', () => {
    assert.equal(ClusterSchema.safeParse({ gates: { stress: { noOOMKilled: true } } }).success, false);
    assert.equal(ClusterSchema.safeParse({ gates: { stres: {} } }).success, false);
  });
});
