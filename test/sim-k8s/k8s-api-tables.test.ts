// What kubectl relies on beyond plain JSON: HTTPS from a CA made at start, server-side Tables with
// kube-apiserver's columns (also over watch), and core/v1 Events for every rescale, selectable
// by the involvedObject fields `kubectl describe` sends. Driven over raw HTTPS with a manual clock.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import { createManualClock } from '../../sim/clock.ts';
import { AURORA_DEPLOYMENTS, Cluster, helmDefaults } from '../../sim/cluster/cluster.ts';
import { type ServingTls, createServingTls, startK8sApi } from '../../sim/k8s-api/server.ts';
import { humanDuration, tableVersionFor } from '../../sim/k8s-api/table.ts';

const TOKEN = 'tables-token-0123456789';
const NS = 'aurora';
const SERVER = AURORA_DEPLOYMENTS.server;
const TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

interface Table {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string };
  columnDefinitions: { name: string; type: string; priority: number }[];
  rows: { cells: unknown[]; object?: { kind: string; metadata: { name: string } } }[];
}

describe('the serving certificate', () => {
  let tls: ServingTls;
  before(async () => {
    tls = await createServingTls();
  });

  test('is signed by a CA made for this run and names 127.0.0.1, ::1 and localhost', () => {
    const ca = new X509Certificate(tls.caPem);
    const cert = new X509Certificate(tls.cert);
    assert.equal(ca.ca, true);
    assert.equal(cert.ca, false);
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey), 'signed by the CA');
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.ok(Date.parse(cert.validTo) > Date.now() + 7 * 86_400_000);
  });

  test('differs on every start', async () => {
    assert.notEqual((await createServingTls()).caPem, tls.caPem);
  });
});

describe('Tables and Events over HTTPS (manual clock)', () => {
  const clock = createManualClock();
  let cpu = 0; // millicores per ready server pod; other pods idle
  const cluster = new Cluster({
    clock,
    seed: 11,
    ...helmDefaults(),
    metrics: (pod) => (pod.deployment === SERVER ? cpu : 0),
  });
  let api: Awaited<ReturnType<typeof startK8sApi>>;
  let ca: string;

  /** GET over HTTPS, trusting only the run's CA. */
  function get(path: string, accept = 'application/json'): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${api.url}${path}`,
        { ca, headers: { Authorization: `Bearer ${TOKEN}`, Accept: accept } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  before(async () => {
    const tls = await createServingTls();
    ca = tls.caPem;
    cluster.start();
    api = await startK8sApi({ cluster, port: 0, token: TOKEN, tls });
  });
  after(async () => {
    await api?.close();
    cluster.stop();
  });

  test('a client that does not trust the run CA is refused', async () => {
    const refused = new Promise<Error>((resolve) => {
      request(`${api.url}/version`, (res) => resolve(new Error(`answered ${res.statusCode}`)))
        .on('error', resolve)
        .end();
    });
    assert.match((await refused).message, /self.signed|unable to verify|certificate/i);
  });

  test('lists HPAs as kube-apiserver prints them: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE', async () => {
    clock.advance(90_000);
    const { status, body } = await get(`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, TABLE);
    const table = body as Table;
    assert.equal(status, 200);
    assert.equal(table.kind, 'Table');
    assert.equal(table.apiVersion, 'meta.k8s.io/v1');
    assert.ok(table.metadata.resourceVersion);
    assert.deepEqual(
      table.columnDefinitions.map((c) => c.name),
      ['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'],
    );
    const server = table.rows.find((r) => r.cells[0] === SERVER)!;
    assert.deepEqual(server.cells, [SERVER, `Deployment/${SERVER}`, 'cpu: 0%/70%', '2', 6, 2, '90s']);
    assert.deepEqual(
      server.object?.kind,
      'PartialObjectMetadata',
      'rows carry metadata by default (kubectl -A reads the namespace there)',
    );
  });

  test('Deployments and Pods get their columns too, -o wide ones at priority 1', async () => {
    const deploy = (await get(`/apis/apps/v1/namespaces/${NS}/deployments/${SERVER}`, TABLE)).body as Table;
    assert.deepEqual(
      deploy.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name),
      ['Name', 'Ready', 'Up-to-date', 'Available', 'Age'],
    );
    assert.deepEqual(deploy.rows[0]?.cells.slice(0, 4), [SERVER, '2/2', 2, 2]);
    const pods = (
      await get(`/api/v1/namespaces/${NS}/pods?labelSelector=app.kubernetes.io/name%3Daurora-server`, TABLE)
    ).body as Table;
    assert.deepEqual(
      pods.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name),
      ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
    );
    assert.equal(pods.rows.length, 2);
    for (const row of pods.rows) assert.deepEqual(row.cells.slice(1, 4), ['1/1', 'Running', '0']);
  });

  test('plain JSON stays the answer without a Table in Accept', async () => {
    const { body } = await get(`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`);
    assert.equal(body.kind, 'HorizontalPodAutoscalerList');
  });

  test('a rescale is an Event on the HPA and one on the Deployment, found by the fields kubectl describe sends', async () => {
    cpu = 400; // 200% of the 200m request: desired = ceil(2 x 200 / 70) = 6, +2 per 60 s by policy
    clock.advance(120_000);
    const hpa = (await get(`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers/${SERVER}`)).body;
    assert.ok(hpa.status.desiredReplicas > 2, `scaled up: desired ${hpa.status.desiredReplicas}`);
    const selector = [
      `involvedObject.name=${SERVER}`,
      `involvedObject.namespace=${NS}`,
      'involvedObject.kind=HorizontalPodAutoscaler',
      `involvedObject.uid=${hpa.metadata.uid}`,
    ].join(',');
    const events = (
      await get(`/api/v1/namespaces/${NS}/events?fieldSelector=${encodeURIComponent(selector)}&limit=500`)
    ).body;
    assert.equal(events.kind, 'EventList');
    assert.ok(events.items.length >= 1);
    const first = events.items[0];
    assert.deepEqual(
      [first.type, first.reason, first.source.component, first.message],
      [
        'Normal',
        'SuccessfulRescale',
        'horizontal-pod-autoscaler',
        'New size: 4; reason: cpu resource utilization (percentage of request) above target',
      ],
    );
    assert.equal(first.involvedObject.uid, hpa.metadata.uid);
    const onDeploy = (
      await get(
        `/api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.kind%3DDeployment,reason%3DScalingReplicaSet`,
      )
    ).body;
    assert.match(onDeploy.items[0].message, new RegExp(`^Scaled up replica set ${SERVER}-\\w+ from 2 to 4$`));
    const table = (await get(`/api/v1/namespaces/${NS}/events`, TABLE)).body as Table;
    assert.deepEqual(
      table.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name),
      ['Last Seen', 'Type', 'Reason', 'Object', 'Message'],
    );
    assert.deepEqual(table.rows[0]?.cells.slice(1, 4), [
      'Normal',
      'SuccessfulRescale',
      `horizontalpodautoscaler/${SERVER}`,
    ]);
  });

  test('refuses a field selector the resource does not support, as the API server does', async () => {
    const { status, body } = await get(
      `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers?fieldSelector=status.phase%3DRunning`,
    );
    assert.equal(status, 400);
    assert.equal(body.message, 'field label not supported: status.phase');
    const all = (await get(`/api/v1/namespaces/${NS}/pods`)).body.items as { status: { phase: string } }[];
    const running = (await get(`/api/v1/namespaces/${NS}/pods?fieldSelector=status.phase%3DRunning`)).body.items;
    assert.ok(running.length > 0 && running.length < all.length, 'some pods are still starting after the scale-up');
    assert.equal(running.length, all.filter((p) => p.status.phase === 'Running').length);
  });

  test('a watch asked as Table sends one-row Tables, the columns already updated', async () => {
    const list = (await get(`/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`, TABLE)).body as Table;
    const events: { type: string; object: Table }[] = [];
    await new Promise<void>((resolve, reject) => {
      const path = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers?watch=true&resourceVersion=${list.metadata.resourceVersion}&fieldSelector=metadata.name%3D${SERVER}`;
      const req = request(
        `${api.url}${path}`,
        { ca, headers: { Authorization: `Bearer ${TOKEN}`, Accept: TABLE } },
        (res) => {
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
              events.push(JSON.parse(buffer.slice(0, nl)));
              buffer = buffer.slice(nl + 1);
            }
            if (events.length > 0) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (err) => (events.length > 0 ? undefined : reject(err)));
      req.end();
      setImmediate(() => clock.advance(60_000)); // the next scale-up step
    });
    const { type, object } = events[0]!;
    assert.equal(type, 'MODIFIED');
    assert.equal(object.kind, 'Table');
    assert.equal(object.rows.length, 1);
    assert.equal(object.rows[0]!.cells[0], SERVER);
    assert.ok(object.columnDefinitions.length > 0);
  });
});

describe('Table helpers', () => {
  test('ages read as kubectl prints them (apimachinery HumanDuration)', () => {
    const s = 1000;
    assert.deepEqual(
      [-5, 0, 45, 119, 200, 300, 2700, 19_800, 108_000, 180_000, 34_560_000].map((sec) => humanDuration(sec * s)),
      ['<invalid>', '0s', '45s', '119s', '3m20s', '5m', '45m', '5h30m', '30h', '2d2h', '400d'],
    );
  });

  test('Accept picks the Table only when asked for first, in a version the server speaks', () => {
    assert.equal(tableVersionFor(TABLE), 'v1');
    assert.equal(tableVersionFor('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json'), 'v1beta1');
    assert.equal(tableVersionFor('application/json'), undefined);
    assert.equal(tableVersionFor(undefined), undefined);
    assert.equal(tableVersionFor('application/json, application/json;as=Table;v=v1;g=meta.k8s.io'), undefined);
    assert.equal(tableVersionFor('application/json;as=Table;v=v2;g=meta.k8s.io,application/json'), undefined);
  });
});
