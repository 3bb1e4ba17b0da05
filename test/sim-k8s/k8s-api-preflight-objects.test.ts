// The objects the scaling-readiness preflight reads, as the simulator serves them: the rest of
// Aurora's chart (celery-beat, postgres and redis StatefulSets, the chatbot Ingress, PDBs), the
// metrics.k8s.io API, the misconfiguration faults changing them at run time, and the HPA-only user
// of the kubeconfig's second context (403 with the real API server's message; can-i says no).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AppsV1Api,
  AuthorizationV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
} from '@kubernetes/client-node';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from '../sim/helpers.ts';

let sim: RunningSim;
let kc: KubeConfig;
let reader: KubeConfig;
before(async () => {
  sim = await startSim({});
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  reader = new KubeConfig();
  reader.loadFromFile(sim.kubeconfigPath);
  reader.setCurrentContext('aurora-sim-hpa-reader');
});
after(() => sim.close());

describe("the rest of Aurora's chart", () => {
  test('celery-beat is a Deployment of 1 replica; postgres and redis are StatefulSets with their settings', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const beat = await apps.readNamespacedDeployment({ name: 'aurora-oss-celery-beat', namespace: sim.namespace });
    assert.equal(beat.spec?.replicas, 1);
    const sts = await apps.listNamespacedStatefulSet({ namespace: sim.namespace });
    const args = Object.fromEntries(
      sts.items.map((s) => [s.metadata?.name, s.spec?.template.spec?.containers[0]?.args]),
    );
    assert.deepEqual(args['aurora-oss-postgres'], ['postgres', '-c', 'max_connections=100']);
    assert.deepEqual(args['aurora-oss-redis'], [
      'redis-server',
      '--maxmemory',
      '768mb',
      '--maxmemory-policy',
      'allkeys-lru',
    ]);
  });

  test('the chatbot Ingress carries ingress-nginx cookie affinity; a PDB covers each scaled Deployment', async () => {
    const ing = await kc
      .makeApiClient(NetworkingV1Api)
      .readNamespacedIngress({ name: 'aurora-oss-chatbot', namespace: sim.namespace });
    assert.equal(ing.metadata?.annotations?.['nginx.ingress.kubernetes.io/affinity'], 'cookie');
    assert.equal(ing.metadata?.annotations?.['nginx.ingress.kubernetes.io/session-cookie-name'], 'aurora-ws-affinity');
    const pdbs = await kc.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace: sim.namespace });
    assert.deepEqual(pdbs.items.map((p) => p.metadata?.name).sort(), [
      'aurora-oss-celery-worker',
      'aurora-oss-chatbot',
      'aurora-oss-server',
    ]);
  });

  test('pods carry requests and limits; metrics.k8s.io lists a PodMetrics per Ready pod', async () => {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const metrics = (await custom.listNamespacedCustomObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      namespace: sim.namespace,
      plural: 'pods',
    })) as { kind: string; items: { metadata: { name: string }; containers: { usage: { cpu: string } }[] }[] };
    assert.equal(metrics.kind, 'PodMetricsList');
    assert.equal(metrics.items.length, 6);
    assert.match(metrics.items[0]!.containers[0]!.usage.cpu, /^\d+m$/);
  });

  test('misconfiguration faults change the objects at run time, and clearing them restores the chart', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    sim.setFaults(['beat-replicas=2', 'no-affinity', 'no-pdb', 'no-requests=server', 'db-max-connections=40']);
    try {
      const beat = await apps.readNamespacedDeployment({ name: 'aurora-oss-celery-beat', namespace: sim.namespace });
      assert.equal(beat.spec?.replicas, 2);
      const server = await apps.readNamespacedDeployment({ name: 'aurora-oss-server', namespace: sim.namespace });
      const res = server.spec?.template.spec?.containers[0]?.resources;
      assert.deepEqual([res?.requests, res?.limits], [undefined, undefined]);
      const ing = await kc
        .makeApiClient(NetworkingV1Api)
        .readNamespacedIngress({ name: 'aurora-oss-chatbot', namespace: sim.namespace });
      assert.equal(ing.metadata?.annotations?.['nginx.ingress.kubernetes.io/affinity'], undefined);
      const pdbs = await kc.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace: sim.namespace });
      assert.equal(pdbs.items.length, 0);
      const pg = await apps.readNamespacedStatefulSet({ name: 'aurora-oss-postgres', namespace: sim.namespace });
      assert.deepEqual(pg.spec?.template.spec?.containers[0]?.args, ['postgres', '-c', 'max_connections=40']);
    } finally {
      sim.clearFaults();
    }
    const beat = await apps.readNamespacedDeployment({ name: 'aurora-oss-celery-beat', namespace: sim.namespace });
    assert.equal(beat.spec?.replicas, 1);
    const pdbs = await kc.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace: sim.namespace });
    assert.equal(pdbs.items.length, 3);
  });
});

describe('the HPA-only user (context aurora-sim-hpa-reader)', () => {
  test('reads HPAs', async () => {
    const hpas = await reader
      .makeApiClient(AutoscalingV2Api)
      .listNamespacedHorizontalPodAutoscaler({ namespace: sim.namespace });
    assert.equal(hpas.items.length, 2);
  });

  test("gets 403 on anything else, with the API server's message naming the verb and resource", async () => {
    await assert.rejects(
      reader.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: sim.namespace }),
      (err: { code?: number; body?: string }) => {
        assert.equal(err.code, 403);
        const status = JSON.parse(err.body ?? '{}') as { reason: string; message: string };
        assert.equal(status.reason, 'Forbidden');
        assert.equal(
          status.message,
          'deployments.apps is forbidden: User "hpa-reader" cannot list resource "deployments" in API group "apps" in the namespace "aurora"',
        );
        return true;
      },
    );
    await assert.rejects(
      reader.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        namespace: sim.namespace,
        plural: 'pods',
      }),
      (err: { code?: number }) => err.code === 403,
    );
  });

  test('kubectl auth can-i answers per user', async () => {
    const ask = (config: KubeConfig, resource: string, group: string) =>
      config
        .makeApiClient(AuthorizationV1Api)
        .createSelfSubjectAccessReview({
          body: { spec: { resourceAttributes: { verb: 'list', resource, group, namespace: sim.namespace } } },
        })
        .then((r) => r.status?.allowed);
    assert.equal(await ask(reader, 'horizontalpodautoscalers', 'autoscaling'), true);
    assert.equal(await ask(reader, 'deployments', 'apps'), false);
    assert.equal(await ask(kc, 'deployments', 'apps'), true);
  });
});
