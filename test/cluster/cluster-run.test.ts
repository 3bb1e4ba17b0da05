// The cluster side of a run against the simulator: a real Prometheus (when installed) scraping its
// exporters, range queries over the run, and, without Prometheus, the Kubernetes API's pod status.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startClusterRun } from '../../cli/cluster/cluster-run.ts';
import { resolvePrometheus } from '../../cli/cluster/prometheus/binary.ts';
import { startPrometheus } from '../../cli/cluster/prometheus/process.ts';
import type { ClusterMetrics } from '../../cli/cluster/types.ts';
import { startSimulator, type RunningSim } from '../../sim/index.ts';

const DEPLOYMENTS = ['aurora-oss-server', 'aurora-oss-celery-worker', 'aurora-oss-chatbot'];
const prometheus = resolvePrometheus(process.env);
const skipNoProm = prometheus.ok ? false : 'no prometheus on PATH or PROMETHEUS_BIN (apt-get install prometheus)';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sim(faults: string[] = []): Promise<RunningSim> {
  return startSimulator({ port: 0, k8sPort: 0, timeScale: 20, quiet: true, seed: 3, faults });
}

/** Liveness calls at ~50/s for `ms`: cheap CPU on the server pods. */
async function drive(s: RunningSim, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${s.url}/health/readiness`).then((r) => r.text())));
    await sleep(100);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const seriesOf = (c: ClusterMetrics, key: string) => c.series.find((s) => s.key === key);

describe('with a real Prometheus scraping the simulator', { skip: skipNoProm }, () => {
  let runDir: string;
  before(() => {
    runDir = mkdtempSync(join(tmpdir(), 'aurora-cluster-run-'));
  });
  after(() => rmSync(runDir, { recursive: true, force: true }));

  test('healthy: CPU % of request, memory % of limit, queue, connections and Redis over the run; no restarts', async () => {
    const s = await sim();
    const lines: string[] = [];
    const run = await startClusterRun({
      env: process.env,
      runDir,
      namespace: s.namespace,
      deployments: DEPLOYMENTS,
      kubeconfig: s.kubeconfigPath,
      simMetricsUrl: s.metricsUrl,
      say: (l) => lines.push(l),
    });
    try {
      assert.match(run.prometheusUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      const from = Date.now();
      await drive(s, 5000);
      const c = await run.finish({ fromMs: from });
      assert.equal(c.source, 'prometheus');
      assert.deepEqual(c.missing, {}, `missing: ${JSON.stringify(c.missing)}; notes: ${c.notes.join('; ')}`);
      const cpu = seriesOf(c, 'cpu/aurora-oss-server');
      assert.ok(
        cpu?.points.some(([, v]) => v > 0),
        'server CPU rose with the load',
      );
      const mem = seriesOf(c, 'memory/aurora-oss-celery-worker');
      assert.ok(
        mem?.points.every(([, v]) => v > 0 && v < 100),
        'memory is a share of the limit',
      );
      assert.ok(seriesOf(c, 'celery-queue'));
      assert.ok(seriesOf(c, 'db-total'));
      assert.equal(c.limits.dbMaxConnections, 100);
      assert.equal(c.limits.redisMaxMiB, 256);
      for (const d of c.deployments) assert.deepEqual([d.restarts, d.oomKilled], [0, 0], d.deployment);
    } finally {
      await run.stop();
      await s.close();
    }
  });

  test('oom=aurora-oss-server: the OOM kills and restarts show in kube-state-metrics series', async () => {
    const s = await sim(['oom=aurora-oss-server']);
    const run = await startClusterRun({
      env: process.env,
      runDir,
      namespace: s.namespace,
      deployments: DEPLOYMENTS,
      simMetricsUrl: s.metricsUrl,
      say: () => {},
    });
    try {
      const from = Date.now();
      await sleep(6000); // 120 simulated s: each server container climbs to its limit at least once
      const c = await run.finish({ fromMs: from });
      const server = c.deployments.find((d) => d.deployment === 'aurora-oss-server')!;
      assert.ok((server.oomKilled ?? 0) >= 1, JSON.stringify(server));
      assert.ok((server.restarts ?? 0) >= server.oomKilled!);
      assert.equal(c.deployments.find((d) => d.deployment === 'aurora-oss-chatbot')!.restarts, 0);
      assert.ok(
        seriesOf(c, 'memory/aurora-oss-server')!.points.some(([, v]) => v > 90),
        'memory climbed close to the limit',
      );
    } finally {
      await run.stop();
      await s.close();
    }
  });

  test('Prometheus never outlives the run: stop() ends the process and removes its TSDB', async () => {
    const s = await sim();
    const prom = await startPrometheus({
      binary: (prometheus as { path: string }).path,
      targets: [{ job: 'aurora-sim', address: new URL(s.metricsUrl).host }],
      logPath: join(runDir, 'p.log'),
    });
    assert.ok(alive(prom.pid));
    assert.ok(existsSync(join(prom.dir, 'prometheus.yml')));
    assert.ok((await fetch(`${prom.url}/-/ready`)).ok);
    await prom.stop();
    await s.close();
    assert.equal(alive(prom.pid), false, 'the process is gone');
    await assert.rejects(fetch(`${prom.url}/-/ready`), 'nothing listens on its port any more');
    // Its own folder only: other runs on this machine may have theirs in the same tmpdir meanwhile.
    assert.match(prom.dir, /aurora-load-prometheus-/);
    assert.equal(existsSync(prom.dir), false, `${prom.dir} (config and TSDB) removed`);
  });
});

describe('without Prometheus', () => {
  test('says once which panels are missing and how to install it; restarts and OOMKilled come from pod status', async () => {
    const s = await sim(['oom=aurora-oss-server']);
    const lines: string[] = [];
    const runDir = mkdtempSync(join(tmpdir(), 'aurora-cluster-run-'));
    const run = await startClusterRun({
      env: { PATH: '/nonexistent' },
      runDir,
      namespace: s.namespace,
      deployments: DEPLOYMENTS,
      kubeconfig: s.kubeconfigPath,
      simMetricsUrl: s.metricsUrl,
      say: (l) => lines.push(l),
    });
    try {
      assert.equal(run.prometheusUrl, undefined);
      assert.equal(lines.length, 1);
      assert.match(
        lines[0]!,
        /No prometheus on PATH: CPU % of request, memory % of limit, Celery queue length, DB connections and Redis memory are not evaluated/,
      );
      assert.match(lines[0]!, /apt-get install prometheus.*brew install prometheus/s);
      const from = Date.now();
      await sleep(5000);
      const c = await run.finish({ fromMs: from });
      assert.equal(c.source, 'kubernetes-api');
      assert.deepEqual(Object.keys(c.missing).sort(), ['celery', 'cpu', 'db', 'memory', 'redis']);
      assert.match(c.missing.cpu!, /no Prometheus installed/);
      const server = c.deployments.find((d) => d.deployment === 'aurora-oss-server')!;
      assert.ok((server.oomKilled ?? 0) >= 1, JSON.stringify(c));
      assert.equal(c.deployments.find((d) => d.deployment === 'aurora-oss-celery-worker')!.oomKilled, 0);
      assert.equal(existsSync(join(runDir, 'prometheus.log')), false);
    } finally {
      await run.stop();
      await s.close();
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
