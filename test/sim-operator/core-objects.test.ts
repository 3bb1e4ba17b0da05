// ConfigMaps and Secrets in the simulator's Kubernetes API, written and read through
// @kubernetes/client-node's CoreV1Api as on a cluster: create, read, list, watch, update (with
// optimistic concurrency), patch, delete; Secret stringData folded into data; the 1 MiB limit and
// the other refusals answered with kube-apiserver's codes and words; the RBAC-limited user refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { HPA_READER, type RunningSim } from '../../sim/index.ts';
import { contextFor } from '../../sim/k8s-api/kubeconfig.ts';
import { startSim } from '../sim/helpers.ts';
import { type Clients, clientsFor, eventually } from './helpers.ts';

const NS = 'aurora';

async function refusal(p: Promise<unknown>): Promise<{ code: number; status: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: number; body: string };
    return { code: err.code, status: JSON.parse(err.body) };
  }
  throw new Error('the API accepted it');
}

describe('ConfigMaps and Secrets', () => {
  let sim: RunningSim;
  let c: Clients;
  before(async () => {
    sim = await startSim();
    c = clientsFor(sim);
  });
  after(async () => sim?.close());

  test('a ConfigMap is created, watched, updated with its resourceVersion, patched and deleted', async () => {
    const seen: string[] = [];
    const watch = await new Watch(c.kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      {},
      (type, obj: any) => seen.push(`${type} ${obj.metadata.name} ${Object.keys(obj.data ?? {}).join(',')}`),
      () => {},
    );
    try {
      const created = await c.core.createNamespacedConfigMap({
        namespace: NS,
        body: {
          metadata: { name: 'bundle', labels: { app: 'aurora-load' } },
          data: { 'rest.js': 'export default 1;' },
        },
      });
      assert.equal(created.metadata?.namespace, NS);
      assert.ok(created.metadata?.uid && created.metadata.resourceVersion && created.metadata.creationTimestamp);
      const dup = await refusal(
        c.core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'bundle' } } }),
      );
      assert.deepEqual(
        [dup.code, dup.status.reason, dup.status.message],
        [409, 'AlreadyExists', 'configmaps "bundle" already exists'],
      );

      const updated = await c.core.replaceNamespacedConfigMap({
        name: 'bundle',
        namespace: NS,
        body: { ...created, data: { 'rest.js': 'export default 2;', 'extra.js': '' } },
      });
      assert.notEqual(updated.metadata?.resourceVersion, created.metadata?.resourceVersion);
      assert.equal(updated.metadata?.uid, created.metadata?.uid);
      const stale = await refusal(c.core.replaceNamespacedConfigMap({ name: 'bundle', namespace: NS, body: created }));
      assert.equal(stale.code, 409);
      assert.match(
        stale.status.message,
        /the object has been modified; please apply your changes to the latest version/,
      );

      const patched = await c.core.patchNamespacedConfigMap(
        { name: 'bundle', namespace: NS, body: { data: { 'extra.js': null } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      assert.deepEqual(patched.data, { 'rest.js': 'export default 2;' });
      const listed = await c.core.listNamespacedConfigMap({ namespace: NS, labelSelector: 'app=aurora-load' });
      assert.deepEqual(
        listed.items.map((i) => i.metadata?.name),
        ['bundle'],
      );

      await c.core.deleteNamespacedConfigMap({ name: 'bundle', namespace: NS });
      const gone = await refusal(c.core.readNamespacedConfigMap({ name: 'bundle', namespace: NS }));
      assert.deepEqual([gone.code, gone.status.message], [404, 'configmaps "bundle" not found']);
      await eventually('the watch saw it all', async () => (seen.length >= 4 ? true : undefined), 5000);
    } finally {
      watch.abort();
    }
    assert.deepEqual(seen, [
      'ADDED bundle rest.js',
      'MODIFIED bundle rest.js,extra.js',
      'MODIFIED bundle rest.js',
      'DELETED bundle rest.js',
    ]);
  });

  test('a ConfigMap over 1 MiB is refused 422, as kube-apiserver refuses it', async () => {
    const big = { metadata: { name: 'too-big' }, data: { 'rest.js': 'x'.repeat(1024 * 1024 + 1) } };
    const r = await refusal(c.core.createNamespacedConfigMap({ namespace: NS, body: big }));
    assert.equal(r.code, 422);
    assert.equal(r.status.message, 'ConfigMap "too-big" is invalid: []: Too long: must have at most 1048576 bytes');
    assert.equal(r.status.details.causes[0].reason, 'FieldValueTooLong');
  });

  test("a Secret's stringData is folded into base64 data and never stored as such", async () => {
    const created = await c.core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'run-secrets' }, stringData: { INTERNAL_API_SECRET: 'hush' } },
    });
    assert.equal(created.type, 'Opaque');
    assert.deepEqual(created.data, { INTERNAL_API_SECRET: Buffer.from('hush').toString('base64') });
    assert.equal(created.stringData, undefined);
    const read = await c.core.readNamespacedSecret({ name: 'run-secrets', namespace: NS });
    assert.deepEqual(read.data, created.data);
  });

  test('a dry run is checked, not stored; another namespace does not exist', async () => {
    const dry = await c.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'dry' } },
      dryRun: 'All',
    });
    assert.equal(dry.metadata?.name, 'dry');
    assert.equal((await refusal(c.core.readNamespacedConfigMap({ name: 'dry', namespace: NS }))).code, 404);
    const other = await refusal(
      c.core.createNamespacedConfigMap({ namespace: 'k6', body: { metadata: { name: 'x' } } }),
    );
    assert.deepEqual([other.code, other.status.message], [404, 'namespaces "k6" not found']);
  });

  test('the RBAC-limited user may not write: 403 with the API server message', async () => {
    const kc = new KubeConfig();
    kc.loadFromFile(sim.kubeconfigPath);
    kc.setCurrentContext(contextFor(HPA_READER));
    const r = await refusal(
      kc.makeApiClient(CoreV1Api).createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'nope' } } }),
    );
    assert.equal(r.code, 403);
    assert.equal(
      r.status.message,
      `secrets is forbidden: User "${HPA_READER}" cannot create resource "secrets" in API group "" in the namespace "${NS}"`,
    );
  });
});
