// The simulator's /metrics: the series real exporters publish (cAdvisor, kube-state-metrics,
// celery-exporter, postgres_exporter, redis_exporter), with values that follow the simulator's model,
// and the resource faults that each cluster gate needs: oom=, redis-memory=, db-pool=.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { renderExposition } from '../../sim/metrics/exposition.ts';
import { parseFaults } from '../../sim/faults/parse.ts';
import { api, register, startSim, type TestUser } from './helpers.ts';

interface Row {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition text as rows (enough of the format for these specs: no timestamps, no exemplars). */
function parseExposition(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `malformed exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    rows.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return rows;
}

async function scrape(sim: RunningSim): Promise<Row[]> {
  const res = await fetch(`${sim.metricsUrl}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

const rows = (all: Row[], name: string, labels: Record<string, string> = {}): Row[] =>
  all.filter((r) => r.name === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v));
const one = (all: Row[], name: string, labels: Record<string, string> = {}): number => {
  const found = rows(all, name, labels);
  assert.equal(found.length, 1, `${name}${JSON.stringify(labels)}: expected one series, got ${found.length}`);
  return found[0]!.value;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The simulator's Kubernetes API (HTTPS with its own CA, or HTTP), with the kubeconfig's token. */
async function k8sPods(sim: RunningSim): Promise<any[]> {
  const { readFileSync } = await import('node:fs');
  const kubeconfig = readFileSync(sim.kubeconfigPath, 'utf8');
  const tokenMatch = /token: (\S+)/.exec(kubeconfig);
  const url = `${sim.k8sUrl}/api/v1/namespaces/${sim.namespace}/pods`;
  const headers = { Authorization: `Bearer ${tokenMatch?.[1] ?? ''}` };
  if (url.startsWith('http:')) return ((await (await fetch(url, { headers })).json()) as { items: any[] }).items;
  return new Promise((resolve, reject) => {
    request(url, { headers, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve((JSON.parse(text) as { items: any[] }).items));
    })
      .on('error', reject)
      .end();
  });
}

describe('the exposition format', () => {
  test('HELP and TYPE precede the samples; label values escape backslash, quote and newline', () => {
    const text = renderExposition([
      { name: 'x_total', type: 'counter', help: 'a\nb', samples: [{ labels: { l: 'a"b\\c\nd' }, value: 1.5 }] },
    ]);
    assert.equal(text, '# HELP x_total a\\nb\n# TYPE x_total counter\nx_total{l="a\\"b\\\\c\\nd"} 1.5\n');
  });
  test('invalid metric and label names are refused, never written', () => {
    assert.throws(
      () => renderExposition([{ name: 'bad-name', type: 'gauge', help: '', samples: [] }]),
      /invalid metric name/,
    );
    assert.throws(
      () =>
        renderExposition([
          { name: 'ok', type: 'gauge', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] },
        ]),
      /invalid label name/,
    );
  });
});

describe('resource fault specs', () => {
  test('oom= takes a Deployment or an alias; redis-memory= MiB per simulated minute; both round-trip', () => {
    const r = parseFaults(['oom=server', 'oom=aurora-oss-celery-worker', 'redis-memory=50', 'hpa-frozen']);
    assert.ok(r.ok);
    assert.deepEqual(
      [r.config.oom, r.config.redisMiBPerMin, r.config.hpaFrozen],
      [['aurora-oss-server', 'aurora-oss-celery-worker'], 50, true],
    );
  });
  test('an unknown Deployment or a bad rate is refused with the fix', () => {
    const r = parseFaults(['oom=aurora-oss-frontend', 'redis-memory=lots']);
    assert.ok(!r.ok);
    assert.match(
      r.errors[0]!,
      /oom=aurora-oss-frontend.*needs one of aurora-oss-server, .* \(or server, chatbot, celery\); no Deployment "aurora-oss-frontend"/,
    );
    assert.match(r.errors[1]!, /redis-memory must be a number >= 0.*redis-memory=50/);
  });
});

describe('/metrics on the healthy simulator', () => {
  let sim: RunningSim;
  let user: TestUser;
  before(async () => {
    sim = await startSim();
    user = await register(sim);
  });
  after(() => sim.close());

  test("every key metric of the Scaling guide is there, with the real exporters' names and labels", async () => {
    const m = await scrape(sim);
    const serverPods = rows(m, 'container_memory_working_set_bytes', {
      namespace: 'aurora',
      container: 'aurora-server',
    });
    assert.equal(serverPods.length, 2);
    for (const r of serverPods) assert.match(r.labels.pod!, /^aurora-oss-server-[a-z0-9]+-[a-z0-9]{5}$/);
    assert.equal(rows(m, 'container_cpu_usage_seconds_total', { container: 'celery-worker' }).length, 2);
    assert.equal(
      one(m, 'kube_horizontalpodautoscaler_status_desired_replicas', { horizontalpodautoscaler: 'aurora-oss-server' }),
      2,
    );
    assert.equal(
      one(m, 'kube_horizontalpodautoscaler_spec_max_replicas', { horizontalpodautoscaler: 'aurora-oss-celery-worker' }),
      6,
    );
    assert.equal(one(m, 'kube_deployment_status_replicas_ready', { deployment: 'aurora-oss-chatbot' }), 2);
    const pod = serverPods[0]!.labels.pod!;
    assert.equal(one(m, 'kube_pod_container_resource_requests', { pod, resource: 'cpu', unit: 'core' }), 0.2);
    assert.equal(one(m, 'kube_pod_container_resource_limits', { pod, resource: 'memory', unit: 'byte' }), 2 * 2 ** 30);
    assert.equal(one(m, 'kube_pod_container_status_restarts_total', { pod }), 0);
    assert.equal(rows(m, 'kube_pod_container_status_last_terminated_reason').length, 0);
    assert.equal(one(m, 'celery_queue_length', { queue_name: 'celery' }), 0);
    assert.equal(one(m, 'pg_settings_max_connections'), 100);
    assert.equal(one(m, 'pg_stat_activity_count', { datname: 'aurora', state: 'active' }), 0);
    assert.equal(one(m, 'redis_memory_max_bytes'), 256 * 2 ** 20);
    assert.ok(one(m, 'redis_memory_used_bytes') < one(m, 'redis_memory_max_bytes'));
  });

  test('CPU seconds count the work served; memory grows with in-flight requests and stays under the limit', async () => {
    const before = await scrape(sim);
    const cpu = (all: Row[]) =>
      rows(all, 'container_cpu_usage_seconds_total', { container: 'aurora-server' }).reduce((s, r) => s + r.value, 0);
    const idleMem = Math.max(
      ...rows(before, 'container_memory_working_set_bytes', { container: 'aurora-server' }).map((r) => r.value),
    );
    sim.setFaults(['latency=GET /api/incidents:400']);
    const inFlight = Array.from({ length: 12 }, () => api(sim, user, 'GET', '/api/incidents'));
    await sleep(150);
    const busy = await scrape(sim);
    await Promise.all(inFlight);
    sim.clearFaults();
    const busyMem = Math.max(
      ...rows(busy, 'container_memory_working_set_bytes', { container: 'aurora-server' }).map((r) => r.value),
    );
    assert.ok(busyMem > idleMem, `memory with 12 requests in flight (${busyMem}) above idle (${idleMem})`);
    assert.ok(busyMem < 2 * 2 ** 30);
    const after = await scrape(sim);
    // 12 list calls at ~20 CPU-ms each (plus registration's bcrypt): at least 0.2 CPU-s more.
    assert.ok(cpu(after) - cpu(before) >= 0.2, `cpu seconds rose by ${cpu(after) - cpu(before)}`);
  });

  test('workers-stalled: celery_queue_length counts the waiting RCA tasks', async () => {
    sim.setFaults(['workers-stalled']);
    try {
      for (let i = 0; i < 3; i++)
        await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: `stall ${i}` });
      const depth = one(await scrape(sim), 'celery_queue_length', { queue_name: 'celery' });
      assert.ok(depth >= 3, `queue length ${depth}`);
    } finally {
      sim.clearFaults();
    }
  });
});

describe('resource faults, seen through the exporters and the Kubernetes API', () => {
  test('oom=aurora-oss-server: memory climbs to the limit, the container is OOMKilled and restarts in the same pod', async () => {
    const sim = await startSim({ faults: ['oom=aurora-oss-server'] });
    const limit = 2 * 2 ** 30;
    const killed = await until('an OOMKilled server container', async () => {
      const m = await scrape(sim);
      const r = rows(m, 'kube_pod_container_status_last_terminated_reason', {
        reason: 'OOMKilled',
        container: 'aurora-server',
      });
      return r.length > 0 ? { m, pod: r[0]!.labels.pod! } : undefined;
    });
    assert.ok(one(killed.m, 'kube_pod_container_status_restarts_total', { pod: killed.pod }) >= 1);
    const pods = await k8sPods(sim);
    const pod = pods.find((p) => p.metadata.name === killed.pod);
    assert.ok(pod, 'the pod keeps its name: the kubelet restarts the container in place');
    const status = pod.status.containerStatuses[0];
    assert.ok(status.restartCount >= 1);
    assert.equal(status.lastState.terminated.reason, 'OOMKilled');
    assert.equal(status.lastState.terminated.exitCode, 137);
    // Every series stays at or under the limit: the kernel kills at the limit, it never goes above.
    for (const r of rows(killed.m, 'container_memory_working_set_bytes', { container: 'aurora-server' }))
      assert.ok(r.value <= limit);
    // The other Deployments are untouched.
    assert.equal(
      rows(killed.m, 'kube_pod_container_status_last_terminated_reason', { container: 'celery-worker' }).length,
      0,
    );
    await sim.close();
  });

  test('redis-memory=<MiB/min>: redis_memory_used_bytes grows with simulated time, up to maxmemory', async () => {
    const sim = await startSim({ faults: ['redis-memory=60'] });
    const first = one(await scrape(sim), 'redis_memory_used_bytes');
    await sleep(300); // 30 simulated s at time scale 100: ~30 MiB
    const later = one(await scrape(sim), 'redis_memory_used_bytes');
    assert.ok(later - first >= 20 * 2 ** 20, `grew ${(later - first) / 2 ** 20} MiB`);
    const full = await until('redis at maxmemory', async () => {
      const m = await scrape(sim);
      return one(m, 'redis_memory_used_bytes') === one(m, 'redis_memory_max_bytes') ? m : undefined;
    });
    assert.ok(full);
    await sim.close();
  });

  test('db-pool=2: postgres sees at most 2 connections per server pod, all of them active under load', async () => {
    const sim = await startSim({ faults: ['db-pool=2', 'latency=GET /api/incidents:300'] });
    const user = await register(sim);
    const load = Array.from({ length: 16 }, () => api(sim, user, 'GET', '/api/incidents'));
    await sleep(120);
    const m = await scrape(sim);
    await Promise.all(load);
    const active = one(m, 'pg_stat_activity_count', { datname: 'aurora', state: 'active' });
    const idle = one(m, 'pg_stat_activity_count', { datname: 'aurora', state: 'idle' });
    assert.equal(active, 4, 'two server pods, two pooled connections each, all in use');
    assert.equal(idle, 0, 'the pool is at its limit: nothing idle');
    const quiet = await scrape(sim);
    assert.equal(one(quiet, 'pg_stat_activity_count', { datname: 'aurora', state: 'active' }), 0);
    assert.equal(
      one(quiet, 'pg_stat_activity_count', { datname: 'aurora', state: 'idle' }),
      4,
      'pools keep what they opened',
    );
    await sim.close();
  });
});
