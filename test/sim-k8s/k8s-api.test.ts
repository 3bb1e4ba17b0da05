// The simulator's Kubernetes API, read through the official @kubernetes/client-node and raw HTTP.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { AppsV1Api, AutoscalingV2Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { createClock, createManualClock } from '../../sim/clock.ts';
import { AURORA_DEPLOYMENTS, Cluster, helmDefaults } from '../../sim/cluster/cluster.ts';
import { createServingTls, startK8sApi, writeKubeconfig } from '../../sim/k8s-api/server.ts';

const TOKEN = 'test-token-0123456789';
const NS = 'aurora';
const SERVER = AURORA_DEPLOYMENTS.server;
const HPA_PATH = `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`;

interface WatchLine {
  type: string;
  object: { metadata: { name: string; resourceVersion: string }; status?: Record<string, unknown>; code?: number };
}

/** GET with a bearer token; resolves with status and the parsed body (or the raw text). */
function get(
  url: string,
  token: string | null = TOKEN,
  method = 'GET',
): Promise<{ status: number; body: any; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // plain text (healthz)
        }
        resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads a watch stream until `until` says stop or the server ends it; returns the events seen. */
function watchRaw(
  url: string,
  until: (events: WatchLine[]) => boolean,
  timeoutMs = 5_000,
): Promise<{ events: WatchLine[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const events: WatchLine[] = [];
    let buffer = '';
    let settled = false;
    const req = request(url, { headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buffer.slice(0, nl)) as WatchLine);
          buffer = buffer.slice(nl + 1);
        }
        if (!settled && until(events)) finish(false);
      });
      res.on('end', () => finish(true));
    });
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ended: boolean) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ events, ended });
    }
    req.on('error', (err) => (settled ? undefined : reject(err)));
    req.end();
  });
}

describe('end to end: HPA scale-up seen through @kubernetes/client-node', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-k8s-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  // 120x: a 15 s sync every 125 real ms, the 60 s scale-up window in 0.5 real s, the 300 s
  // scale-down window in 2.5 real s, so a whole 2 -> 6 -> 2 cycle takes about 10 real seconds.
  const cluster = new Cluster({ clock: createClock(120), seed: 7, ...helmDefaults() });
  let api: Awaited<ReturnType<typeof startK8sApi>>;
  let kc: KubeConfig;

  before(async () => {
    cluster.start();
    api = await startK8sApi({ cluster, port: 0, token: TOKEN });
    writeKubeconfig(kubeconfigPath, { server: api.url, token: TOKEN, namespace: NS });
    kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
  });

  after(async () => {
    await api?.close();
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('writes a kubeconfig readable only by its owner, with context aurora-sim', () => {
    assert.equal(statSync(kubeconfigPath).mode & 0o777, 0o600);
    assert.equal(kc.getCurrentContext(), 'aurora-sim');
    assert.equal(kc.getContextObject('aurora-sim')?.namespace, NS);
    assert.equal(kc.getCurrentCluster()?.server, api.url);
    assert.match(readFileSync(kubeconfigPath, 'utf8'), /token: test-token-0123456789/);
  });

  test('reads the server HPA with the Helm spec', async () => {
    const hpa = await kc
      .makeApiClient(AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({ name: SERVER, namespace: NS });
    assert.equal(hpa.kind, 'HorizontalPodAutoscaler');
    assert.deepEqual({ ...hpa.spec?.scaleTargetRef }, { apiVersion: 'apps/v1', kind: 'Deployment', name: SERVER });
    assert.equal(hpa.spec?.minReplicas, 2);
    assert.equal(hpa.spec?.maxReplicas, 6);
    assert.equal(hpa.spec?.metrics?.[0]?.resource?.target.averageUtilization, 70);
    assert.deepEqual(
      hpa.spec?.behavior?.scaleUp?.policies?.map((p) => ({ ...p })),
      [{ type: 'Pods', value: 2, periodSeconds: 60 }],
    );
    assert.equal(hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds, 300);
    assert.equal(hpa.status?.desiredReplicas, 2);
    assert.ok(hpa.metadata?.resourceVersion);
  });

  test('lists the Deployments with their replica counts', async () => {
    const list = await kc.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: NS });
    assert.ok(list.metadata?.resourceVersion);
    const byName = Object.fromEntries(list.items.map((d) => [d.metadata?.name, d]));
    // The cluster's three, and the chart's celery-beat (served, not simulated).
    assert.deepEqual(Object.keys(byName).sort(), [
      'aurora-oss-celery-beat',
      AURORA_DEPLOYMENTS.celeryWorker,
      AURORA_DEPLOYMENTS.chatbot,
      SERVER,
    ]);
    const server = byName[SERVER]!;
    assert.equal(server.spec?.replicas, 2);
    assert.equal(server.status?.readyReplicas, 2);
    assert.equal(server.status?.availableReplicas, 2);
    assert.equal(server.spec?.template.spec?.containers[0]?.resources?.requests?.cpu, '200m');
  });

  test('a Watch on the HPA sees ADDED, then MODIFIED as CPU load scales it 2 -> 6 and back to 2', async () => {
    const seen: { type: string; desired: number; lastScaleTime?: string }[] = [];
    const waiters: { desired: number; resolve: () => void }[] = [];
    const reach = (desired: number, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (seen.at(-1)?.desired === desired) return resolve();
        waiters.push({ desired, resolve });
        setTimeout(
          () => reject(new Error(`${what}: never reached ${desired}; saw ${JSON.stringify(seen)}`)),
          30_000,
        ).unref();
      });
    let doneErr: unknown = 'not done';
    const controller = await new Watch(kc).watch(
      HPA_PATH,
      { fieldSelector: `metadata.name=${SERVER}` },
      (type, obj: { status?: { desiredReplicas?: number; lastScaleTime?: string } }) => {
        const desired = obj.status?.desiredReplicas ?? 0;
        seen.push({ type, desired, lastScaleTime: obj.status?.lastScaleTime });
        for (const w of waiters) if (w.desired === desired) w.resolve();
      },
      (err) => (doneErr = err),
    );

    // 800 millicores of real CPU spread over the Ready server pods (4 × the 200m request):
    // desired = ceil(2 × 200% / 70%) = 6. Accrued by elapsed real time, so late timers do not lower it.
    let last = performance.now();
    const load = setInterval(() => {
      const now = performance.now();
      const pods = cluster.readyPods(SERVER);
      for (const pod of pods) cluster.addCpu(pod.name, (0.8 * (now - last)) / pods.length);
      last = now;
    }, 20);
    let dropAt = 0;
    try {
      await reach(6, 'under load');
      clearInterval(load);
      dropAt = cluster.epochMs(cluster.clock.now());
      await reach(2, 'after the load stopped');
    } finally {
      clearInterval(load);
      controller.abort();
    }

    assert.deepEqual(seen[0], { type: 'ADDED', desired: 2, lastScaleTime: undefined });
    assert.ok(seen.slice(1).every((e) => e.type === 'MODIFIED'));
    // Real CPU ramps up over the metrics window, so the stabilized steps up vary from run to run
    // (2, 4, 6 or 2, 3, 5, 6 ...); the policies must hold in every run: +2 per step up, -1 down.
    const steps = seen.map((e) => e.desired).filter((d, i, all) => i === 0 || d !== all[i - 1]);
    const peak = steps.indexOf(6);
    assert.ok(
      steps.slice(1, peak + 1).every((n, i) => n > steps[i]! && n - steps[i]! <= 2),
      `steps ${steps}`,
    );
    assert.deepEqual(steps.slice(peak), [6, 5, 4, 3, 2]);

    // lastScaleTime is simulated time: the scale-down waits out the 300 s window, then 120 s per pod.
    const afterPeak = seen.slice(seen.findIndex((e) => e.desired === 6));
    const downTimes = [5, 4, 3, 2].map((d) => Date.parse(afterPeak.find((e) => e.desired === d)!.lastScaleTime!));
    const second = 1000; // RFC 3339 timestamps have whole seconds
    assert.ok(
      downTimes[0]! - dropAt >= 300_000 - second,
      `first scale-down ${(downTimes[0]! - dropAt) / 1000} s after the drop`,
    );
    for (let i = 1; i < downTimes.length; i++) {
      assert.ok(
        downTimes[i]! - downTimes[i - 1]! >= 120_000 - second,
        `scale-downs ${downTimes.map((t) => (t - dropAt) / 1000)} s`,
      );
    }

    await new Promise((resolve) => setTimeout(resolve, 50));
    // client-node reports its own abort to `done` as an AbortError.
    assert.equal((doneErr as { type?: string })?.type, 'aborted', 'done was called once the watch was aborted');
    const hpa = await kc
      .makeApiClient(AutoscalingV2Api)
      .readNamespacedHorizontalPodAutoscaler({ name: SERVER, namespace: NS });
    assert.ok(hpa.status?.lastScaleTime instanceof Date);
    assert.equal(hpa.status?.currentMetrics?.[0]?.resource?.current.averageUtilization, 0);
  });

  test('an invalid token gets 401 with a Status object', async () => {
    const bad = new KubeConfig();
    bad.loadFromString(readFileSync(kubeconfigPath, 'utf8').replace(TOKEN, 'wrong-token'));
    await assert.rejects(
      bad.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: NS }),
      (err: { code?: number }) => err.code === 401,
    );
    const raw = await get(`${api.url}${HPA_PATH}`, null);
    assert.equal(raw.status, 401);
    assert.deepEqual(raw.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});

describe('API semantics (manual clock)', () => {
  const clock = createManualClock();
  const cluster = new Cluster({ clock, seed: 3, ...helmDefaults() });
  let api: Awaited<ReturnType<typeof startK8sApi>>;
  const chatbot = AURORA_DEPLOYMENTS.chatbot;
  const deployPath = `/apis/apps/v1/namespaces/${NS}/deployments`;

  before(async () => {
    cluster.start();
    api = await startK8sApi({ cluster, port: 0, token: TOKEN });
  });
  after(async () => {
    await api?.close();
    cluster.stop();
  });

  test('serves discovery: /version, /api, /apis and the group versions', async () => {
    assert.equal((await get(`${api.url}/version`, null)).body.major, '1');
    assert.deepEqual((await get(`${api.url}/api`)).body.versions, ['v1']);
    const groups = (await get(`${api.url}/apis`)).body.groups.map((g: { name: string }) => g.name);
    assert.deepEqual(groups, [
      'apps',
      'autoscaling',
      'networking.k8s.io',
      'policy',
      'batch',
      'k6.io',
      'authorization.k8s.io',
      'metrics.k8s.io',
    ]);
    const autoscaling = (await get(`${api.url}/apis/autoscaling`)).body;
    assert.deepEqual(
      autoscaling.versions.map((v: { version: string }) => v.version),
      ['v2', 'v1'],
    );
    assert.equal(autoscaling.preferredVersion.version, 'v2');
    const v2 = (await get(`${api.url}/apis/autoscaling/v2`)).body;
    assert.equal(v2.kind, 'APIResourceList');
    assert.ok(
      v2.resources.some(
        (r: { name: string; verbs: string[] }) => r.name === 'horizontalpodautoscalers' && r.verbs.includes('watch'),
      ),
    );
    const core = (await get(`${api.url}/api/v1`)).body.resources.map((r: { name: string }) => r.name);
    assert.deepEqual(core, ['namespaces', 'pods', 'pods/status', 'pods/log', 'events', 'configmaps', 'secrets']);
  });

  test('serves the HPAs as autoscaling/v1 too (what kubectl before 1.23 describes)', async () => {
    const v1 = (await get(`${api.url}/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers/${SERVER}`)).body;
    assert.equal(v1.apiVersion, 'autoscaling/v1');
    assert.deepEqual(
      { ...v1.spec, scaleTargetRef: undefined },
      { scaleTargetRef: undefined, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
    );
    assert.equal(v1.status.desiredReplicas, 2);
    const list = (await get(`${api.url}/apis/autoscaling/v1/namespaces/${NS}/horizontalpodautoscalers`)).body;
    assert.equal(list.kind, 'HorizontalPodAutoscalerList');
    assert.equal(list.apiVersion, 'autoscaling/v1');
    assert.equal(list.items[0].spec.metrics, undefined);
  });

  test('answers unknown paths and names with 404 Status objects, writes with 405', async () => {
    const path = await get(`${api.url}/apis/batch/v1/cronjobs`);
    assert.equal(path.status, 404);
    assert.equal(path.body.kind, 'Status');
    const name = await get(`${api.url}${HPA_PATH}/nope`);
    assert.equal(name.status, 404);
    assert.equal(name.body.message, 'horizontalpodautoscalers.autoscaling "nope" not found');
    assert.equal((await get(`${api.url}${HPA_PATH}`, TOKEN, 'DELETE')).status, 405);
    assert.equal((await get(`${api.url}${HPA_PATH}?labelSelector=a+in+(b)`)).status, 400);
  });

  test('lists pods with readiness, and a list in another namespace is empty', async () => {
    const pods = (
      await get(`${api.url}/api/v1/namespaces/${NS}/pods?labelSelector=app.kubernetes.io/name%3Daurora-chatbot`)
    ).body;
    assert.equal(pods.kind, 'PodList');
    assert.equal(pods.items.length, 2);
    assert.ok(pods.items.every((p: { status: { phase: string } }) => p.status.phase === 'Running'));
    assert.equal((await get(`${api.url}/api/v1/namespaces/other/pods`)).body.items.length, 0);
  });

  test('bumps resourceVersion on every change, and a watch from a version replays only later changes', async () => {
    const list = (await get(`${api.url}${deployPath}`)).body;
    const from = Number(list.metadata.resourceVersion);
    cluster.scale(chatbot, 3); // spec.replicas 3, a starting pod
    clock.advance(30_000); // the pod turns Ready
    const { events } = await watchRaw(
      `${api.url}${deployPath}?watch=true&resourceVersion=${from}`,
      (e) => e.length >= 2,
    );
    assert.deepEqual(
      events.map((e) => [
        e.type,
        e.object.metadata.name,
        (e.object.status as { readyReplicas?: number }).readyReplicas,
      ]),
      [
        ['MODIFIED', chatbot, 2],
        ['MODIFIED', chatbot, 3],
      ],
    );
    const versions = events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.ok(versions[0]! > from && versions[1]! > versions[0]!);
  });

  test('ends a watch after timeoutSeconds', async () => {
    const started = Date.now();
    const { events, ended } = await watchRaw(`${api.url}${HPA_PATH}?watch=true&timeoutSeconds=1`, () => false, 5_000);
    assert.ok(ended, 'the server closed the stream');
    assert.ok(Date.now() - started >= 900);
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED', 'ADDED'],
    );
  });

  test('answers a watch from a compacted resourceVersion with a 410 Expired event', async () => {
    const { events, ended } = await watchRaw(`${api.url}${HPA_PATH}?watch=true&resourceVersion=1`, () => false);
    assert.ok(ended);
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.object.code, 410);
  });

  test('close() ends open watches', async () => {
    const other = await startK8sApi({ cluster, port: 0, token: TOKEN });
    const watching = watchRaw(`${other.url}${HPA_PATH}?watch=true`, () => false, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    const { ended } = await watching;
    assert.ok(ended);
  });
});

describe('HTTPS (what kubectl needs: client-go sends tokens only over TLS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-tls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('serves over TLS with the run CA embedded in the kubeconfig; client-node verifies it', async () => {
    const tls = await createServingTls();
    const cluster = new Cluster({ clock: createManualClock(), seed: 5, ...helmDefaults() });
    const api = await startK8sApi({ cluster, port: 0, token: TOKEN, tls });
    try {
      assert.match(api.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      writeKubeconfig(join(dir, 'kubeconfig'), { server: api.url, token: TOKEN, namespace: NS, caPem: tls.caPem });
      const text = readFileSync(join(dir, 'kubeconfig'), 'utf8');
      assert.match(text, /certificate-authority-data: /);
      assert.doesNotMatch(text, /insecure-skip-tls-verify/);
      const kc = new KubeConfig();
      kc.loadFromFile(join(dir, 'kubeconfig'));
      const hpa = await kc
        .makeApiClient(AutoscalingV2Api)
        .readNamespacedHorizontalPodAutoscaler({ name: SERVER, namespace: NS });
      assert.equal(hpa.spec?.maxReplicas, 6);

      // Another run's CA is not trusted.
      const other = await createServingTls();
      const wrong = new KubeConfig();
      wrong.loadFromString(
        text.replace(Buffer.from(tls.caPem).toString('base64'), Buffer.from(other.caPem).toString('base64')),
      );
      await assert.rejects(
        wrong.makeApiClient(AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ name: SERVER, namespace: NS }),
      );
    } finally {
      await api.close();
      cluster.stop();
    }
  });
});
