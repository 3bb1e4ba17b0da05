// The issue's "done when", end to end: `npm run load -- --env <local> --runners 2 --scenario rest
// --profile load` runs two runners through the simulator playing k6-operator (with real k6 when one
// is found, else the k6 test double) and passes; its total request rate matches a single k6 running
// the same plan within 5 %, and its p95 aggregated in Prometheus matches within the native
// histogram's bucket error (beside the sampling spread of two independent runs); with
// `--sim-fault error-rate=0.05` the aggregated error gate fails (exit 99); its analysis (route table,
// charts) is read from Prometheus too, every route's requests adding up to what the runners sent; Ctrl-C mid-run leaves no
// TestRun, ConfigMap, Secret or k6 process behind and still writes the reports (exit 130). Needs a
// Prometheus (the runners' results go there); skipped with the reason without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePrometheus } from '../../cli/cluster/index.ts';
import type { Verdict } from '../../cli/verdict/index.ts';
import { alive, descendants, endWithTest, K6, readJson, ROOT, runCli, startCli, tempDir } from '../cli/load-helpers.ts';

const ENV = join(ROOT, 'test/distributed/fixtures/env-distributed.yaml');
const SECRET = { AURORA_TEST_INTERNAL_API_SECRET: 'e2e-distributed-secret-Pq47' };
const PLAN = ['--env', ENV, '--scenario', 'rest', '--profile', 'load'];
const SERVER_P95 = 'http_req_duration{service:aurora-server,phase:request}: p(95)<500';
/** k6's remote write stores Trends as native histograms of schema 3: neighbouring bounds 2^(1/8) apart. */
const BUCKET_RATIO = 2 ** (1 / 8);
const prometheus = resolvePrometheus(process.env);
const skip = prometheus.ok ? false : `no Prometheus to aggregate the runners in: ${prometheus.message}`;

const MAIN_ROUTE = { service: 'aurora-server', name: 'GET /api/incidents' };
const MAIN_ROUTE_P95 = 'http_req_duration{service:aurora-server,name:GET /api/incidents,phase:request}: p(95)<300';

interface Panel {
  id: string;
  x: number[];
  series: { label: string; values: (number | null)[] }[];
}

/** The charts' data embedded in report.html. */
function reportPanels(html: string): Map<string, Panel> {
  const m = /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html);
  assert.ok(m, 'report.html embeds its charts data');
  const data = JSON.parse(m[1] as string) as { panels: Panel[] };
  return new Map(data.panels.map((p) => [p.id, p]));
}

/** What a chart's lines of per-second rates add up to over its buckets (x in seconds); all lines unless `label`. */
function chartedTotal(panel: Panel | undefined, label?: string): number {
  const lines = (panel?.series ?? []).filter((s) => label === undefined || s.label === label);
  assert.ok(lines.length, `the ${panel?.id} chart has a "${label}" line: ${panel?.series.map((s) => s.label)}`);
  const width = (panel!.x[1] ?? 0) - (panel!.x[0] ?? 0);
  return Math.round(lines.flatMap((s) => s.values).reduce<number>((n, v) => n + (v ?? 0) * width, 0));
}

/** The milliseconds of a gate's measured value, "p(95) = 95.6 ms" -> 95.6. */
function ms(verdict: Verdict, name: string): number {
  const gate = verdict.gates.find((g) => g.name === name);
  assert.ok(gate, `${name} is among the gates: ${verdict.gates.map((g) => g.name).join('\n')}`);
  const m = /= ([\d.]+) (ms|s)/.exec(gate.measured);
  assert.ok(m, gate.measured);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

/** Every request of a local run's k6.ndjson, those of setup/teardown, and the durations of aurora-server's load requests. */
function localSamples(runDir: string): { requests: number; lifecycle: number; durations: number[] } {
  let requests = 0;
  let lifecycle = 0;
  const durations: number[] = [];
  for (const line of readFileSync(join(runDir, 'k6.ndjson'), 'utf8').split('\n')) {
    if (!line.includes('"type":"Point"')) continue;
    if (line.includes('"metric":"http_reqs"')) {
      requests += 1;
      if (/"group":"::(setup|teardown)"/.test(line)) lifecycle += 1;
    } else if (line.includes('"metric":"http_req_duration"')) {
      const p = JSON.parse(line) as { data: { value: number; tags: Record<string, string> } };
      if (p.data.tags.service === 'aurora-server' && p.data.tags.phase === 'request') durations.push(p.data.value);
    }
  }
  return { requests, lifecycle, durations: durations.sort((a, b) => a - b) };
}

/**
 * The span a second, independent run's p95 falls in with 99 % confidence: the order statistics around
 * rank 0.95 n, widened by sqrt(2) because both runs are samples (normal approximation of the binomial).
 */
function p95Span(sorted: number[]): [number, number] {
  const n = sorted.length;
  const spread = 2.576 * Math.SQRT2 * Math.sqrt(n * 0.95 * 0.05);
  const at = (rank: number) => sorted[Math.min(n - 1, Math.max(0, Math.round(rank) - 1))]!;
  return [at(0.95 * n - spread), at(0.95 * n + spread)];
}

test(`two runners match one k6 on the same plan (${K6.real ? K6.note : 'k6 test double'})`, { skip }, async (t) => {
  const dir = tempDir('dist-e2e', t);
  const single = await runCli([...PLAN, '--out', join(dir, 'single')], SECRET);
  assert.equal(single.code, 0, single.stderr);
  const dist = await runCli([...PLAN, '--runners', '2', '--out', join(dir, 'dist')], SECRET);
  assert.equal(dist.code, 0, dist.stderr);
  assert.ok(!`${dist.stdout}${dist.stderr}`.includes(SECRET.AURORA_TEST_INTERNAL_API_SECRET), 'the secret leaked');
  assert.match(dist.stderr, /\[operator \+\d+s\] TestRun aurora-load-.*: started/);
  assert.match(dist.stderr, /\[operator\] deleted TestRun .*, ConfigMap .*-script, Secret .*-env/);

  const verdict = readJson<Verdict>(join(dir, 'dist', 'verdict.json'));
  assert.equal(verdict.distributed?.runners, 2);
  assert.deepEqual(
    verdict.distributed?.perRunner.map((r) => r.exitCode),
    [0, 0],
  );
  const perRunner = verdict.distributed?.perRunner.map((r) => r.requests ?? 0) ?? [];
  assert.ok(
    perRunner.every((n) => n > 0),
    `every runner sent requests: ${perRunner}`,
  );
  const summary = readFileSync(join(dir, 'dist', 'summary.md'), 'utf8');
  assert.match(summary, /2 of 2 runners ran to the end/);

  // The analysis, read from Prometheus: the route table holds every load request the runners sent
  // (setup's requests left out, as a local run leaves them out), its p95 as the thresholds measure it.
  const routes = verdict.routes;
  assert.ok(routes.length > 0, 'a distributed run has a route table');
  const total = perRunner.reduce((a, b) => a + b, 0);
  const inRoutes = routes.reduce((n, r) => n + r.count, 0);
  const html = readFileSync(join(dir, 'dist', 'report.html'), 'utf8');
  const note = /(\d+) requests, (\d+) of them in the route table \((\d+) in setup\/teardown or RCA polls\)/.exec(html);
  assert.ok(note, 'report.html notes how many requests the route table holds');
  assert.deepEqual(
    [Number(note[1]), Number(note[2])],
    [total, inRoutes],
    "the routes' requests and the rest add up to the runners' total",
  );
  // setup() provisions and seeds each user once, whichever runner owns it, and every runner checks the
  // target's liveness first (up to 3 tries): as many setup requests as one k6's, plus a check or so.
  const local = localSamples(join(dir, 'single'));
  const lifecycle = total - inRoutes;
  assert.ok(
    lifecycle >= local.lifecycle + 1 && lifecycle <= local.lifecycle + 3,
    `${lifecycle} of ${total} requests outside the route table; one k6 made ${local.lifecycle} in setup/teardown`,
  );
  const main = routes.find((r) => r.service === MAIN_ROUTE.service && r.name === MAIN_ROUTE.name);
  assert.ok(main && main.count > 0 && main.errorRate === 0, JSON.stringify(main));
  const gateP95 = ms(verdict, MAIN_ROUTE_P95);
  assert.ok(
    Math.abs(main.p95 - gateP95) <= 0.005 * gateP95 + 0.01,
    `the route table's p95 ${main.p95} ms is the threshold's ${gateP95} ms (both the summed histograms)`,
  );
  assert.match(summary, new RegExp(`\\| aurora-server \\| GET /api/incidents \\| ${main.count} \\|`));
  assert.match(html, new RegExp(`<td class="mono">GET /api/incidents</td><td class="num">${main.count}</td>`));
  // The charts: requests per bucket add up to the load's requests (rest sends no RCA poll); latency has points.
  const panels = reportPanels(html);
  assert.equal(chartedTotal(panels.get('rps')), inRoutes, 'the request-rate chart holds every load request');
  const latency = panels.get('latency-aurora-server')?.series.find((s) => s.label === 'p95')?.values ?? [];
  assert.ok(latency.filter((v) => v !== null).length >= latency.length / 2, `aurora-server's p95 charted: ${latency}`);
  // The achieved arrivals: the iterations the runners ended, per bucket, add up to those one k6
  // started on the same plan (Prometheus holds k6's running count, so they are charted where they end).
  const ended = chartedTotal(panels.get('arrival'), 'ended');
  const started = chartedTotal(
    reportPanels(readFileSync(join(dir, 'single', 'report.html'), 'utf8')).get('arrival'),
    'started',
  );
  t.diagnostic(`iterations: the runners ended ${ended}, one k6 started ${started}`);
  assert.ok(
    ended > 0 && Math.abs(ended - started) <= Math.max(3, 0.05 * started),
    `the runners ended ${ended} iterations, one k6 started ${started}`,
  );

  // Same plan, same duration: the rates compare as the totals do.
  assert.ok(
    Math.abs(total - local.requests) <= 0.05 * local.requests,
    `two runners sent ${total} requests, one k6 ${local.requests} (more than 5 % apart)`,
  );

  const aggregated = ms(verdict, SERVER_P95);
  const exact = ms(readJson<Verdict>(join(dir, 'single', 'verdict.json')), SERVER_P95);
  const [lo, hi] = p95Span(local.durations);
  assert.ok(
    aggregated >= lo / BUCKET_RATIO && aggregated <= hi * BUCKET_RATIO,
    `aggregated p95 ${aggregated} ms vs one k6's ${exact} ms: outside [${lo}, ${hi}] ms (${local.durations.length} samples) widened by one bucket (x${BUCKET_RATIO.toFixed(4)})`,
  );
});

test('with error-rate=0.05 the error gate aggregated over both runners fails (exit 99)', { skip }, async (t) => {
  const dir = join(tempDir('dist-e2e-errors', t), 'run');
  const r = await runCli([...PLAN, '--runners', '2', '--sim-fault', 'error-rate=0.05', '--out', dir], SECRET);
  assert.equal(r.code, 99, r.stderr);
  const verdict = readJson<Verdict>(join(dir, 'verdict.json'));
  const failed = verdict.gates.find(
    (g) => g.name === 'http_req_failed{service:aurora-server,phase:request}: rate<0.01',
  );
  assert.equal(failed?.status, 'failed', JSON.stringify(failed));
  // The route table's errors, read from Prometheus: about 5 % of the requests, over both runners.
  const requests = verdict.routes.reduce((n, route) => n + route.count, 0);
  const errors = verdict.routes.reduce((n, route) => n + route.errorRate * route.count, 0);
  assert.ok(requests > 0 && errors / requests > 0.005 && errors / requests < 0.12, `${errors} of ${requests} failed`);
  const charted = reportPanels(readFileSync(join(dir, 'report.html'), 'utf8')).get('errors');
  assert.ok(
    charted?.series.some((s) => s.values.some((v) => v !== null && v > 0)),
    'the error-rate chart shows the failures',
  );
  assert.deepEqual(
    verdict.distributed?.perRunner.map((r) => r.exitCode === 0 || r.exitCode === 99),
    [true, true],
    "a runner's own 99 is not a crash",
  );
});

test('Ctrl-C mid-run deletes the TestRun, ConfigMap and Secret, stops every k6 and still writes the reports', {
  skip,
}, async (t) => {
  const parent = tempDir('dist-e2e-sigint');
  // The run folder inside it: its hidden working folder goes beside it, not into the temp dir.
  const dir = join(parent, 'run');
  const cli = startCli([...PLAN, '--runners', '2', '--out', dir], SECRET);
  endWithTest(t, cli, parent);
  const { child, done } = cli;
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const started = Date.now();
  while (!/TestRun \S+: started/.test(stderr) && Date.now() - started < 90_000)
    await new Promise((r) => setTimeout(r, 200));
  assert.match(stderr, /TestRun \S+: started/, 'the runners started');
  await new Promise((r) => setTimeout(r, 2000));
  const k6Pids = descendants(child.pid!).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--execution-segment');
    } catch {
      return false;
    }
  });
  assert.equal(k6Pids.length >= 2, true, `two runner processes before the interrupt (found ${k6Pids.length})`);
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /\[operator\] deleted TestRun (\S+), ConfigMap \1-script, Secret \1-env/);
  assert.deepEqual(
    k6Pids.filter((pid) => alive(pid)),
    [],
    'no runner k6 outlives the run',
  );
  assert.ok(existsSync(join(dir, 'verdict.json')), 'the reports are written');
  const verdict = readJson<Verdict>(join(dir, 'verdict.json'));
  assert.equal(verdict.distributed?.runners, 2);
});
