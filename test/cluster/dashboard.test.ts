// dashboards/aurora-load.json: a Grafana dashboard with k6 panels (by testid) and the cluster panels
// (by namespace). Every panel's PromQL runs against a real Prometheus after a simulator run in which
// k6 (real, or the k6 double) remote-wrote its results under a testid: none may error, and every one,
// k6's and the cluster's, must return data.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DASHBOARD_UID, resolvePrometheus, startPrometheus } from '../../cli/cluster/index.ts';
import { queryRange } from '../../cli/cluster/prometheus/query.ts';
import { buildScenarios } from '../../build.mjs';
import { startSimulator } from '../../sim/index.ts';
import { pickK6 } from '../k6-double/pick-k6.ts';

interface Target {
  expr: string;
  refId: string;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../dashboards/aurora-load.json', import.meta.url), 'utf8'),
) as Dashboard;
const charts = dashboard.panels.filter((p) => p.type === 'timeseries');
const prometheus = resolvePrometheus(process.env);

test('the dashboard: uid the CLI links to, variables for datasource, testid and namespace, a query on every chart', () => {
  assert.equal(dashboard.uid, DASHBOARD_UID);
  assert.deepEqual(
    dashboard.templating.list.map((v) => v.name),
    ['datasource', 'testid', 'namespace'],
  );
  assert.ok(charts.length >= 10);
  for (const p of charts) {
    assert.ok(p.targets && p.targets.length > 0, `${p.title}: no query`);
    for (const t of p.targets) {
      if (/\bk6_/.test(t.expr))
        assert.match(t.expr, /testid=~"\$testid"/, `${p.title}: k6 series are selected on testid`);
      if (/container_|kube_/.test(t.expr))
        assert.match(t.expr, /namespace="\$namespace"/, `${p.title}: cluster series are selected on namespace`);
    }
  }
});

test("every panel's PromQL returns data from the local Prometheus after a simulator run with k6 remote-writing", {
  skip: prometheus.ok ? false : 'no prometheus on PATH or PROMETHEUS_BIN (apt-get install prometheus)',
  timeout: 90_000,
}, async (t) => {
  const k6 = pickK6();
  t.diagnostic(`k6: ${k6.note}`);
  const sim = await startSimulator({ port: 0, k8sPort: 0, timeScale: 20, quiet: true, seed: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'aurora-dashboard-'));
  const prom = await startPrometheus({
    binary: (prometheus as { path: string }).path,
    targets: [{ job: 'aurora-sim', address: new URL(sim.metricsUrl).host }],
    logPath: join(dir, 'prometheus.log'),
  });
  try {
    const [smoke] = await buildScenarios({ names: ['smoke'], outdir: dir });
    const from = Date.now();
    const testid = 'dashboard-run';
    const k6Run = new Promise<number | null>((resolve) => {
      const child = spawn(
        k6.bin,
        [
          'run',
          '-q',
          '-o',
          'experimental-prometheus-rw',
          '--tag',
          `testid=${testid}`,
          '-e',
          `AURORA_LOAD_CONFIG=${JSON.stringify({ apiUrl: sim.url, wsUrl: sim.wsUrl })}`,
          smoke!.path,
        ],
        {
          cwd: dir,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: {
            ...process.env,
            K6_PROMETHEUS_RW_SERVER_URL: `${prom.url}/api/v1/write`,
            K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
            K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
          },
        },
      );
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => {
        if (code !== 0) t.diagnostic(stderr.slice(-2000));
        resolve(code);
      });
    });
    // Cheap load on the server pods beside k6's, so CPU moves on the cluster panels.
    let running = true;
    void k6Run.then(() => (running = false));
    while (running) {
      await Promise.all(Array.from({ length: 4 }, () => fetch(`${sim.url}/health/readiness`).then((r) => r.text())));
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await k6Run, 0, 'k6 ran the smoke bundle');
    await new Promise((r) => setTimeout(r, 1500));
    const vars = (expr: string) =>
      expr.replaceAll('$namespace', sim.namespace).replaceAll('$testid', testid).replaceAll('$__rate_interval', '4s');
    for (const p of charts) {
      for (const target of p.targets ?? []) {
        const result = await queryRange({ url: prom.url }, vars(target.expr), from, Date.now(), 1).catch((err: Error) =>
          assert.fail(`${p.title} ${target.refId}: ${err.message}`),
        );
        assert.ok(
          result.length > 0 && result.some((s) => s.values.length > 0),
          `${p.title} ${target.refId} returned nothing: ${vars(target.expr)}`,
        );
      }
    }
  } finally {
    await prom.stop();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
