// dashboards/aurora-load.json: a Grafana dashboard with k6 panels (by testid) and the cluster panels
// (by namespace). Every panel's PromQL runs against a real Prometheus after a simulator run: none may
// error, and every cluster query must return data. k6 queries need real k6's remote write to return
// data, so without it they are only checked to run.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DASHBOARD_UID, resolvePrometheus, startPrometheus } from '../../cli/cluster/index.ts';
import { queryRange } from '../../cli/cluster/prometheus/query.ts';
import { startSimulator } from '../../sim/index.ts';

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

test("every panel's PromQL runs against the local Prometheus after a simulator run", {
  skip: prometheus.ok ? false : 'no prometheus on PATH or PROMETHEUS_BIN (apt-get install prometheus)',
  timeout: 60_000,
}, async (t) => {
  const sim = await startSimulator({ port: 0, k8sPort: 0, timeScale: 20, quiet: true, seed: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'aurora-dashboard-'));
  const prom = await startPrometheus({
    binary: (prometheus as { path: string }).path,
    targets: [{ job: 'aurora-sim', address: new URL(sim.metricsUrl).host }],
    logPath: join(dir, 'prometheus.log'),
  });
  try {
    const from = Date.now();
    const end = from + 5000;
    while (Date.now() < end) {
      await Promise.all(Array.from({ length: 4 }, () => fetch(`${sim.url}/health/readiness`).then((r) => r.text())));
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    const vars = (expr: string) =>
      expr
        .replaceAll('$namespace', sim.namespace)
        .replaceAll('$testid', 'no-k6-run')
        .replaceAll('$__rate_interval', '4s');
    const emptyK6: string[] = [];
    for (const p of charts) {
      for (const target of p.targets ?? []) {
        const result = await queryRange({ url: prom.url }, vars(target.expr), from, Date.now(), 1).catch((err: Error) =>
          assert.fail(`${p.title} ${target.refId}: ${err.message}`),
        );
        if (/\bk6_/.test(target.expr)) {
          if (result.length === 0) emptyK6.push(p.title);
        } else {
          assert.ok(
            result.length > 0 && result.some((s) => s.values.length > 0),
            `${p.title} ${target.refId} returned nothing: ${target.expr}`,
          );
        }
      }
    }
    if (emptyK6.length > 0)
      t.diagnostic(
        `k6 panels ran without data (no real k6 remote-wrote in this test): ${[...new Set(emptyK6)].join(', ')}`,
      );
  } finally {
    await prom.stop();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
