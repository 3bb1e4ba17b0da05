// Specification of the scaling-readiness checklist as pure functions over what was read: each item
// passes on Aurora's chart, fails (or warns) on the misconfiguration it exists for, with the evidence
// (object, field, value) and the fix, and is `unknown` with the missing permission when RBAC refuses
// a read. No cluster: snapshots are built here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PreflightSchema } from '../../cli/plan/index.ts';
import {
  type ClusterSnapshot,
  checklistLine,
  evaluateChecklist,
  failingMustHaves,
  formatChecklist,
  preflightGates,
  type Workload,
} from '../../cli/preflight/index.ts';
import type { PreflightItem } from '../../cli/verdict/index.ts';

const settings = PreflightSchema.parse({ podCapacityRps: 100 });
const labels = (c: string) => ({ 'app.kubernetes.io/name': `aurora-${c}`, 'app.kubernetes.io/instance': 'aurora-oss' });
const resources = { requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '2Gi' } };

function workload(
  kind: Workload['kind'],
  name: string,
  component: string,
  replicas: number,
  o: { args?: string[]; resources?: object; spread?: boolean } = {},
): Workload {
  return {
    kind,
    metadata: { name, labels: labels(component) },
    spec: {
      replicas,
      template: {
        metadata: { labels: labels(component) },
        spec: {
          containers: [
            {
              name: component,
              args: o.args,
              resources: (o.resources ??
                resources) as Workload['spec']['template']['spec']['containers'][0]['resources'],
            },
          ],
          ...(o.spread === false ? {} : { topologySpreadConstraints: [{ maxSkew: 1 }] }),
        },
      },
    },
  };
}

const hpa = (name: string, min = 2, max = 6) => ({
  metadata: { name },
  spec: {
    scaleTargetRef: { kind: 'Deployment', name },
    minReplicas: min,
    maxReplicas: max,
    metrics: [{ type: 'Resource', resource: { name: 'cpu' } }],
  },
});
const pdb = (component: string) => ({
  metadata: { name: `aurora-oss-${component}` },
  spec: { minAvailable: 1, selector: { matchLabels: labels(component) } },
});
const ok = <T>(items: T[]) => ({ ok: true as const, items });
const forbidden = (resource: string, group: string) => ({
  ok: false as const,
  forbidden: { verb: 'list', resource, group },
});

/** Aurora's chart, healthy. */
function chart(): ClusterSnapshot {
  return {
    namespace: 'aurora',
    deployments: ok([
      workload('Deployment', 'aurora-oss-server', 'server', 2),
      workload('Deployment', 'aurora-oss-celery-worker', 'celery-worker', 2),
      workload('Deployment', 'aurora-oss-chatbot', 'chatbot', 2),
      workload('Deployment', 'aurora-oss-celery-beat', 'celery-beat', 1),
    ]),
    statefulsets: ok([
      workload('StatefulSet', 'aurora-oss-postgres', 'postgres', 1, {
        args: ['postgres', '-c', 'max_connections=100'],
      }),
      workload('StatefulSet', 'aurora-oss-redis', 'redis', 1, {
        args: ['redis-server', '--maxmemory', '768mb', '--maxmemory-policy', 'allkeys-lru'],
      }),
    ]),
    hpas: ok([hpa('aurora-oss-server'), hpa('aurora-oss-celery-worker')]),
    pdbs: ok([pdb('server'), pdb('celery-worker'), pdb('chatbot')]),
    ingresses: ok([
      {
        metadata: { name: 'aurora-oss-chatbot', annotations: { 'nginx.ingress.kubernetes.io/affinity': 'cookie' } },
        spec: { rules: [{ http: { paths: [{ backend: { service: { name: 'aurora-oss-chatbot' } } }] } }] },
      },
    ]),
    podMetrics: ok([{ name: 'a' }, { name: 'b' }]),
  };
}

const byId = (items: PreflightItem[], id: string) => items.find((i) => i.id === id)!;
const check = (snapshot: ClusterSnapshot, peakArrivalRate = 20) =>
  evaluateChecklist({ snapshot, settings, peakArrivalRate });

describe("the checklist on Aurora's chart", () => {
  test('every item passes, in the declared order, and no must-have fails', () => {
    const items = check(chart());
    assert.deepEqual(
      items.map((i) => i.id),
      [
        'celery-beat-single',
        'hpa-present',
        'requests-limits',
        'ws-affinity',
        'db-connection-budget',
        'redis-maxmemory',
        'pdb',
        'spread',
        'capacity',
        'monitoring',
      ],
    );
    for (const i of items) assert.equal(i.status, 'pass', `${i.id}: ${i.summary}`);
    assert.deepEqual(failingMustHaves(items), []);
    assert.match(checklistLine(items), /^preflight passed/);
    assert.ok(
      items.every((i) => i.fix === undefined),
      'no fix printed for a passing item',
    );
  });

  test('the must-haves are celery-beat-single, hpa-present and ws-affinity (the chatbot runs 2 replicas)', () => {
    assert.deepEqual(
      check(chart())
        .filter((i) => i.mustHave)
        .map((i) => i.id),
      ['celery-beat-single', 'hpa-present', 'ws-affinity'],
    );
    assert.deepEqual(
      preflightGates(check(chart())).map((g) => [g.kind, g.name, g.passed]),
      [
        ['preflight', 'celery-beat-single', true],
        ['preflight', 'hpa-present', true],
        ['preflight', 'ws-affinity', true],
      ],
    );
  });
});

describe('each item fails on its misconfiguration, with evidence and fix', () => {
  test('celery-beat-single: 2 replicas fail with spec.replicas = 2', () => {
    const s = chart();
    if (s.deployments.ok) s.deployments.items[3]!.spec.replicas = 2;
    const item = byId(check(s), 'celery-beat-single');
    assert.equal(item.status, 'fail');
    assert.deepEqual(item.evidence, [
      { object: 'Deployment/aurora-oss-celery-beat', field: 'spec.replicas', value: '2' },
    ]);
    assert.match(item.fix!, /celeryBeat\.replicas: 1/);
    assert.deepEqual(
      failingMustHaves(check(s)).map((i) => i.id),
      ['celery-beat-single'],
    );
    assert.match(formatChecklist(check(s)).join('\n'), /FAIL {4}celery-beat-single/);
  });

  test('celery-beat-single: found as a StatefulSet too', () => {
    const s = chart();
    if (s.deployments.ok) s.deployments.items.pop();
    if (s.statefulsets.ok)
      s.statefulsets.items.push(workload('StatefulSet', 'aurora-oss-celery-beat', 'celery-beat', 1));
    assert.equal(byId(check(s), 'celery-beat-single').status, 'pass');
  });

  test('hpa-present: a target without CPU requests fails (the HPA cannot compute utilisation), as does a missing HPA or min = max', () => {
    const s = chart();
    if (s.deployments.ok)
      s.deployments.items[0] = workload('Deployment', 'aurora-oss-server', 'server', 2, { resources: {} });
    const item = byId(check(s), 'hpa-present');
    assert.equal(item.status, 'fail');
    assert.match(item.summary, /aurora-oss-server: no CPU request on server/);
    assert.match(item.fix!, /resources\.requests\.cpu/);
    assert.equal(byId(check(s), 'requests-limits').status, 'fail');
    const noHpa = chart();
    if (noHpa.hpas.ok) noHpa.hpas.items = [hpa('aurora-oss-server', 3, 3)];
    assert.match(
      byId(check(noHpa), 'hpa-present').summary,
      /minReplicas 3 is not below maxReplicas 3; no HPA targets aurora-oss-celery-worker/,
    );
  });

  test('requests-limits: names the container and what it lacks', () => {
    const s = chart();
    if (s.deployments.ok)
      s.deployments.items[2] = workload('Deployment', 'aurora-oss-chatbot', 'chatbot', 2, {
        resources: { requests: { cpu: '100m' } },
      });
    const item = byId(check(s), 'requests-limits');
    assert.equal(item.status, 'fail');
    assert.deepEqual(item.evidence, [
      {
        object: 'Deployment/aurora-oss-chatbot',
        field: 'spec.template.spec.containers[0].resources',
        value: 'chatbot: no requests.memory, limits.memory',
      },
    ]);
  });

  test('ws-affinity: no cookie affinity fails as a must-have while the chatbot scales, warns when it runs 1 replica', () => {
    const s = chart();
    if (s.ingresses.ok) s.ingresses.items[0]!.metadata.annotations = {};
    const item = byId(check(s), 'ws-affinity');
    assert.equal(item.status, 'fail');
    assert.equal(item.mustHave, true);
    assert.match(item.fix!, /nginx\.ingress\.kubernetes\.io\/affinity: "cookie"/);
    if (s.deployments.ok) s.deployments.items[2]!.spec.replicas = 1;
    const single = byId(check(s), 'ws-affinity');
    assert.deepEqual([single.status, single.mustHave], ['warn', false]);
  });

  test('ws-affinity: the AWS ALB stickiness attribute counts', () => {
    const s = chart();
    if (s.ingresses.ok)
      s.ingresses.items[0]!.metadata.annotations = {
        'alb.ingress.kubernetes.io/target-group-attributes':
          'stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=3600',
      };
    assert.equal(byId(check(s), 'ws-affinity').status, 'pass');
  });

  test('db-connection-budget: 6 x 2 x 4 + 6 x 4 = 72 does not fit max_connections 40; PgBouncer makes it pass', () => {
    const s = chart();
    if (s.statefulsets.ok)
      s.statefulsets.items[0]!.spec.template.spec.containers[0]!.args = ['postgres', '-c', 'max_connections=40'];
    const item = byId(check(s), 'db-connection-budget');
    assert.equal(item.status, 'fail');
    assert.match(item.summary, /6 x 8 \+ 6 x 4 = 72 connections > max_connections 40/);
    assert.match(item.fix!, /PgBouncer/);
    if (s.deployments.ok) s.deployments.items.push(workload('Deployment', 'aurora-oss-pgbouncer', 'pgbouncer', 1));
    assert.equal(byId(check(s), 'db-connection-budget').status, 'pass');
  });

  test("db-connection-budget and redis-maxmemory prefer Prometheus' values", () => {
    const s = { ...chart(), prometheus: { url: 'http://prom:9090', pgMaxConnections: 50, redisMaxmemory: 0 } };
    assert.equal(byId(check(s), 'db-connection-budget').status, 'fail');
    const redis = byId(check(s), 'redis-maxmemory');
    assert.equal(redis.status, 'fail');
    assert.deepEqual(redis.evidence[0], {
      object: 'Prometheus http://prom:9090',
      field: 'redis_config_maxmemory',
      value: '0',
    });
  });

  test('redis-maxmemory: no eviction policy warns; no --maxmemory is unknown without Prometheus', () => {
    const s = chart();
    if (s.statefulsets.ok)
      s.statefulsets.items[1]!.spec.template.spec.containers[0]!.args = ['redis-server', '--maxmemory', '1gb'];
    assert.equal(byId(check(s), 'redis-maxmemory').status, 'warn');
    if (s.statefulsets.ok) s.statefulsets.items[1]!.spec.template.spec.containers[0]!.args = ['redis-server'];
    assert.equal(byId(check(s), 'redis-maxmemory').status, 'unknown');
  });

  test('pdb: a scaled Deployment no PDB selects fails, naming it', () => {
    const s = chart();
    if (s.pdbs.ok) s.pdbs.items = [pdb('server')];
    const item = byId(check(s), 'pdb');
    assert.equal(item.status, 'fail');
    assert.match(item.summary, /no PodDisruptionBudget for aurora-oss-celery-worker, aurora-oss-chatbot/);
    assert.match(item.fix!, /minAvailable: 1/);
  });

  test('spread: no topology spread and no anti-affinity warns', () => {
    const s = chart();
    if (s.deployments.ok)
      s.deployments.items[0] = workload('Deployment', 'aurora-oss-server', 'server', 2, { spread: false });
    const item = byId(check(s), 'spread');
    assert.equal(item.status, 'warn');
    assert.match(item.summary, /aurora-oss-server/);
  });

  test('capacity: a peak above max replicas x per-pod capacity warns with the numbers', () => {
    const item = byId(check(chart(), 900), 'capacity');
    assert.equal(item.status, 'warn');
    assert.equal(item.summary, 'peak 900/s vs 6 pods x 100/s = 600/s: the run would only measure saturation');
    assert.equal(
      byId(
        evaluateChecklist({ snapshot: chart(), settings: PreflightSchema.parse({}), peakArrivalRate: 1 }),
        'capacity',
      ).status,
      'unknown',
    );
  });

  test('monitoring: metrics.k8s.io not served fails; Prometheus not answering fails', () => {
    const s = { ...chart(), podMetrics: { ok: false as const, error: 'pods.metrics.k8s.io is not served (404)' } };
    assert.equal(byId(check(s), 'monitoring').status, 'fail');
    const p = { ...chart(), prometheus: { url: 'http://prom:9090', error: 'ECONNREFUSED' } };
    assert.match(byId(check(p), 'monitoring').summary, /Prometheus does not answer: ECONNREFUSED/);
  });

  test('preflight.skip leaves an item out', () => {
    const items = evaluateChecklist({ snapshot: chart(), settings: PreflightSchema.parse({ skip: ['capacity'] }) });
    assert.equal(byId(items, 'capacity').status, 'skipped');
  });
});

describe('missing RBAC gives unknown with the verb and resource, never a pass or a crash', () => {
  /** What a user who may only read HPAs sees. */
  function hpaOnly(): ClusterSnapshot {
    const s = chart();
    return {
      ...s,
      deployments: forbidden('deployments', 'apps'),
      statefulsets: forbidden('statefulsets', 'apps'),
      pdbs: forbidden('poddisruptionbudgets', 'policy'),
      ingresses: forbidden('ingresses', 'networking.k8s.io'),
      podMetrics: forbidden('pods', 'metrics.k8s.io'),
    };
  }

  test('every item that needs an unreadable list is unknown and names the permission', () => {
    const items = check(hpaOnly());
    for (const id of ['celery-beat-single', 'requests-limits', 'ws-affinity', 'pdb', 'spread', 'monitoring']) {
      const item = byId(items, id);
      assert.equal(item.status, 'unknown', id);
      assert.match(item.summary, /^forbidden: needs "list" on /, id);
      assert.match(item.fix!, /grant the kubeconfig user "list" on/, id);
    }
    assert.equal(byId(items, 'ws-affinity').summary, 'forbidden: needs "list" on ingresses.networking.k8s.io');
    assert.equal(
      byId(items, 'hpa-present').status,
      'unknown',
      "the HPAs are fine but the targets' CPU requests cannot be read",
    );
    assert.equal(byId(items, 'capacity').status, 'pass', 'capacity needs only the HPAs');
    assert.deepEqual(failingMustHaves(items), []);
  });

  test('a readable must-have that fails still fails', () => {
    const s = hpaOnly();
    if (s.hpas.ok) s.hpas.items = [hpa('aurora-oss-server')];
    assert.deepEqual(
      failingMustHaves(check(s)).map((i) => i.id),
      ['hpa-present'],
    );
  });
});
