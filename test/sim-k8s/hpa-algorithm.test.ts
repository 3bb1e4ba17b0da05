// The HPA algorithm of aurora-sim, specified against kube-controller-manager's behaviour.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type PodMetricSample,
  type ResolvedBehavior,
  calcResourceReplicas,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  resolveBehavior,
  scaleDownLimit,
  scaleUpLimit,
  stabilizeRecommendationWithBehaviors,
} from '../../sim/cluster/hpa-algorithm.ts';
import { helmDefaults } from '../../sim/cluster/cluster.ts';

const S = 1000; // simulated ms per second

function ready(name: string, millicores: number, requestMillicores = 200): PodMetricSample {
  return { name, phase: 'Running', ready: true, millicores, requestMillicores };
}
function starting(name: string, requestMillicores = 200): PodMetricSample {
  return { name, phase: 'Pending', ready: false, requestMillicores };
}
function replicas(pods: PodMetricSample[], currentReplicas = pods.length, targetUtilization = 70): number {
  const r = calcResourceReplicas({ currentReplicas, targetUtilization, pods });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.replicas;
}

const [serverHpa, celeryHpa] = helmDefaults().hpas;
const server = resolveBehavior(serverHpa!.behavior!);
const celery = resolveBehavior(celeryHpa!.behavior!);

describe('desired replicas from CPU utilisation', () => {
  test('is ceil(ready pods × utilisation / target)', () => {
    // 3 pods at 100% of a 200m request, target 70%: 3 × 100/70 = 4.29 -> 5
    assert.equal(replicas([ready('a', 200), ready('b', 200), ready('c', 200)]), 5);
    // 2 pods at 35%: 2 × 35/70 = 1 -> 1 (the min clamp comes later)
    assert.equal(replicas([ready('a', 70), ready('b', 70)]), 1);
  });

  test('does not change within the 10% tolerance', () => {
    // 76% / 70% = 1.086: inside the tolerance, keep 2
    assert.equal(replicas([ready('a', 152), ready('b', 152)]), 2);
    // 64% / 70% = 0.914: inside, keep 2
    assert.equal(replicas([ready('a', 128), ready('b', 128)]), 2);
    // 78% / 70% = 1.114: outside, ceil(2 × 1.114) = 3
    assert.equal(replicas([ready('a', 156), ready('b', 156)]), 3);
  });

  test('reports utilisation as an integer percent, truncated like the controller', () => {
    const r = calcResourceReplicas({
      currentReplicas: 2,
      targetUtilization: 70,
      pods: [ready('a', 141), ready('b', 140)],
    });
    assert.deepEqual(r, { ok: true, replicas: 2, utilization: 70, rawAverageMillicores: 140 });
  });

  test('counts starting pods as idle on a scale-up, so they hold back a further one', () => {
    // 2 Ready pods at 140% and 2 still starting: (280+280+0+0) / 800 = 70% -> stay at 4
    assert.equal(replicas([ready('a', 280), ready('b', 280), starting('c'), starting('d')], 4), 4);
    // 2 Ready at 200% and 2 starting: 800/800 = 100% -> ceil(4 × 100/70) = 6
    assert.equal(replicas([ready('a', 400), ready('b', 400), starting('c'), starting('d')], 4), 6);
  });

  test('counts pods without a metric as fully busy on a scale-down', () => {
    const noMetric: PodMetricSample = { name: 'c', phase: 'Running', ready: true, requestMillicores: 200 };
    // Ready pods at 10%; the one without a metric counts as 100%: 240/600 = 40% -> ceil(3 × 40/70) = 2
    assert.equal(replicas([ready('a', 20), ready('b', 20), noMetric], 3), 2);
  });

  test('fails when no pod has a metric', () => {
    const r = calcResourceReplicas({ currentReplicas: 2, targetUtilization: 70, pods: [starting('a'), starting('b')] });
    assert.deepEqual(r, { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' });
  });
});

describe('min/max clamp', () => {
  const wide = resolveBehavior({ scaleUp: { policies: [{ type: 'Pods', value: 100, periodSeconds: 60 }] } });
  const clamp = (currentReplicas: number, desiredReplicas: number) =>
    convertDesiredReplicasWithBehaviorRate({
      currentReplicas,
      desiredReplicas,
      minReplicas: 2,
      maxReplicas: 6,
      behavior: wide,
      upEvents: [],
      downEvents: [],
      now: 0,
    });

  test('never goes above maxReplicas', () => {
    assert.deepEqual(
      { replicas: clamp(4, 10).replicas, reason: clamp(4, 10).reason },
      { replicas: 6, reason: 'TooManyReplicas' },
    );
  });

  test('never goes below minReplicas', () => {
    assert.deepEqual(
      { replicas: clamp(3, 1).replicas, reason: clamp(3, 1).reason },
      { replicas: 2, reason: 'TooFewReplicas' },
    );
  });

  test('without behavior, scale-up is limited to max(2 × current, 4)', () => {
    assert.equal(convertDesiredReplicasWithRules(1, 10, 1, 20).replicas, 4);
    assert.equal(convertDesiredReplicasWithRules(3, 10, 1, 20).replicas, 6);
    assert.equal(convertDesiredReplicasWithRules(3, 5, 1, 20).replicas, 5);
  });
});

describe("Aurora's scale-up policies", () => {
  test('server adds at most 2 pods per 60 s', () => {
    assert.equal(scaleUpLimit(2, [], [], server.scaleUp, 0), 4);
    const upEvents = [{ replicaChange: 2, at: 0 }];
    assert.equal(scaleUpLimit(4, upEvents, [], server.scaleUp, 59 * S), 4, 'the period is still open');
    assert.equal(
      scaleUpLimit(4, upEvents, [], server.scaleUp, 60 * S),
      6,
      'an event exactly one period old no longer counts',
    );
  });

  test('celery-worker adds at most 1 pod per 60 s', () => {
    assert.equal(scaleUpLimit(2, [], [], celery.scaleUp, 0), 3);
    assert.equal(scaleUpLimit(3, [{ replicaChange: 1, at: 0 }], [], celery.scaleUp, 30 * S), 3);
  });

  test('a limited scale-up reports ScaleUpLimit', () => {
    const r = convertDesiredReplicasWithBehaviorRate({
      currentReplicas: 2,
      desiredReplicas: 6,
      minReplicas: 2,
      maxReplicas: 6,
      behavior: server,
      upEvents: [],
      downEvents: [],
      now: 0,
    });
    assert.deepEqual({ replicas: r.replicas, reason: r.reason }, { replicas: 4, reason: 'ScaleUpLimit' });
  });
});

describe("Aurora's scale-down policy", () => {
  test('removes at most 1 pod per 120 s', () => {
    assert.equal(scaleDownLimit(6, [], [], server.scaleDown, 0), 5);
    const downEvents = [{ replicaChange: 1, at: 0 }];
    assert.equal(scaleDownLimit(5, [], downEvents, server.scaleDown, 119 * S), 5);
    assert.equal(scaleDownLimit(5, [], downEvents, server.scaleDown, 120 * S), 4);
  });

  test('pods added inside the period count against it too (Kubernetes >= 1.27)', () => {
    // 1 removed and 1 added in the last 120 s: the period started at 5, so the floor is 4
    assert.equal(
      scaleDownLimit(
        5,
        [{ replicaChange: 1, at: 10 * S }],
        [{ replicaChange: 1, at: 5 * S }],
        server.scaleDown,
        20 * S,
      ),
      4,
    );
  });
});

describe('policy types and selectPolicy', () => {
  const both = (selectPolicy: 'Max' | 'Min' | 'Disabled'): ResolvedBehavior['scaleUp'] => ({
    stabilizationWindowSeconds: 0,
    selectPolicy,
    policies: [
      { type: 'Pods', value: 1, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  });

  test('Percent rounds up on scale-up and down on scale-down', () => {
    const percent = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max' as const,
      policies: [{ type: 'Percent' as const, value: 10, periodSeconds: 60 }],
    };
    assert.equal(scaleUpLimit(3, [], [], percent, 0), 4, 'ceil(3 × 1.1) = 4');
    assert.equal(scaleDownLimit(6, [], [], percent, 0), 5, 'trunc(6 × 0.9) = 5');
  });

  test('Max (the default) picks the policy allowing the biggest change', () => {
    assert.equal(scaleUpLimit(4, [], [], both('Max'), 0), 6); // +50% of 4 beats +1
    assert.equal(scaleDownLimit(4, [], [], both('Max'), 0), 2);
  });

  test('Min picks the smallest change', () => {
    assert.equal(scaleUpLimit(4, [], [], both('Min'), 0), 5);
    assert.equal(scaleDownLimit(4, [], [], both('Min'), 0), 3);
  });

  test('Disabled never changes the count', () => {
    assert.equal(scaleUpLimit(4, [], [], both('Disabled'), 0), 4);
    assert.equal(scaleDownLimit(4, [], [], both('Disabled'), 0), 4);
  });

  test('unset rules take the API defaults: up max(4 pods, 100%) per 15 s, down 100% per 15 s after 300 s', () => {
    const d = resolveBehavior({});
    assert.deepEqual(d.scaleUp, {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    });
    assert.deepEqual(d.scaleDown, {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    });
  });
});

describe('stabilization windows', () => {
  const stabilize = (recs: [number, number][], now: number, currentReplicas: number, desiredReplicas: number) =>
    stabilizeRecommendationWithBehaviors({
      recommendations: recs.map(([recommendation, atSeconds]) => ({ recommendation, at: atSeconds * S })),
      now: now * S,
      currentReplicas,
      desiredReplicas,
      behavior: server,
    }).replicas;

  test('scale-up takes the lowest recommendation of the last 60 s', () => {
    assert.equal(
      stabilize(
        [
          [2, 0],
          [6, 30],
        ],
        45,
        2,
        6,
      ),
      2,
      'a 2 from 45 s ago still holds it',
    );
    assert.equal(
      stabilize(
        [
          [2, 0],
          [6, 30],
        ],
        61,
        2,
        6,
      ),
      6,
      'the 2 has left the window',
    );
    assert.equal(
      stabilize(
        [
          [3, 10],
          [6, 30],
        ],
        45,
        2,
        6,
      ),
      3,
    );
  });

  test('scale-down takes the highest recommendation of the last 300 s', () => {
    assert.equal(
      stabilize(
        [
          [6, 0],
          [2, 100],
        ],
        200,
        6,
        2,
      ),
      6,
    );
    assert.equal(
      stabilize(
        [
          [6, 0],
          [4, 100],
          [2, 200],
        ],
        301,
        6,
        2,
      ),
      4,
      'the 6 is out, the 4 is not',
    );
    assert.equal(
      stabilize(
        [
          [6, 0],
          [2, 100],
        ],
        401,
        6,
        2,
      ),
      2,
    );
  });

  test('records the unstabilized recommendation, reusing a slot older than both windows', () => {
    const r = stabilizeRecommendationWithBehaviors({
      recommendations: [
        { recommendation: 6, at: 0 },
        { recommendation: 5, at: 400 * S },
      ],
      now: 500 * S,
      currentReplicas: 5,
      desiredReplicas: 3,
      behavior: server,
    });
    assert.deepEqual(r.recommendations, [
      { recommendation: 3, at: 500 * S },
      { recommendation: 5, at: 400 * S },
    ]);
  });
});
