// The k6 double's remote write against a REAL Prometheus (the one local runs start: remote-write
// receiver and native histograms on): what it stores must agree with the run's own summary. Counts
// equal; rates equal (each series' ratio weighted by its request count); every quantile of the native
// histogram inside the schema-3 bucket (2^(1/8) = 1.0905 wide) that holds the ceil(q*n)-th sample of
// the run's NDJSON, and within 9.05 % of k6's exact value wherever that value lies in the same bucket
// (with few samples k6 interpolates between two samples buckets apart: reported, not asserted).
// Without prometheus this skips with the reason; under CI=true it fails instead (.ci/run installs it).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { buildScenarios } from '../../build.mjs';
import { resolvePrometheus, startPrometheus } from '../../cli/cluster/index.ts';
import { queryInstant } from '../../cli/cluster/prometheus/query.ts';
import { DOUBLE_K6 } from './pick-k6.ts';
import { startTestServer } from './test-server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const IN_CI = !!process.env.CI && process.env.CI !== 'false';
const prometheus = resolvePrometheus(process.env);
/** One schema-3 bucket: 2^(1/8) - 1. */
const BUCKET_ERROR = 2 ** (1 / 8) - 1;

/** The values of one metric's points in k6's NDJSON output. */
function samplesOf(ndjson: string, metric: string): number[] {
  return readFileSync(ndjson, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"Point"') && l.includes(`"metric":"${metric}"`))
    .map((l) => (JSON.parse(l) as { data: { value: number } }).data.value);
}

/** The schema-3 bucket (lower, upper] that holds v: upper = 2^(ceil(log2(v) * 8) / 8). */
function bucketOf(v: number): [number, number] {
  const upper = 2 ** (Math.ceil(Math.log2(v) * 8) / 8);
  return [upper / 2 ** (1 / 8), upper];
}

test('remote write into a real Prometheus: counts, rates and native-histogram p(95) agree with the summary', {
  skip: prometheus.ok || IN_CI ? false : 'no prometheus on PATH or PROMETHEUS_BIN (apt-get install prometheus)',
  timeout: 120_000,
}, async (t) => {
  assert.ok(prometheus.ok, 'CI installs prometheus: it must be found');
  const dir = mkdtempSync(join(tmpdir(), 'k6-double-rw-prom-'));
  const srv = await startTestServer();
  const prom = await startPrometheus({ binary: prometheus.path, targets: [], logPath: join(dir, 'prometheus.log') });
  try {
    const [bundle] = await buildScenarios({
      names: ['remote-write'],
      scenariosDir: join(HERE, 'fixtures', 'scenarios'),
      outdir: dir,
    });
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        DOUBLE_K6,
        [
          'run',
          '-q',
          '-o',
          'experimental-prometheus-rw',
          '--tag',
          'testid=rw-prom',
          '--summary-export',
          'sum.json',
          '--out',
          'json=k6.ndjson',
          '-e',
          `BASE_URL=${srv.url}`,
          bundle!.path,
        ],
        {
          cwd: dir,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            K6_PROMETHEUS_RW_SERVER_URL: `${prom.url}/api/v1/write`,
            K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
            K6_PROMETHEUS_RW_PUSH_INTERVAL: '500ms',
          },
        },
      );
      child.on('close', resolve);
    });
    assert.equal(code, 0);
    const summary = JSON.parse(readFileSync(join(dir, 'sum.json'), 'utf8')) as {
      metrics: Record<string, Record<string, number>>;
    };
    const client = { url: prom.url };
    const one = async (q: string): Promise<number> => {
      const r = await queryInstant(client, q);
      assert.equal(r.length, 1, `${q}: one result, got ${r.length}`);
      return Number(r[0]!.value[1]);
    };
    const sel = 'testid="rw-prom"';
    assert.equal(await one(`sum(k6_http_reqs_total{${sel}})`), summary.metrics.http_reqs!.count);
    assert.equal(await one(`sum(k6_fixture_coins_total{${sel}})`), summary.metrics.fixture_coins!.count);
    assert.equal(
      await one(`histogram_count(sum(k6_http_req_duration_seconds{${sel}}))`),
      summary.metrics.http_req_duration!.count,
    );

    const failed = await one(
      `sum(k6_http_req_failed_rate{${sel}} * k6_http_reqs_total{${sel}}) / sum(k6_http_reqs_total{${sel}})`,
    );
    assert.ok(Math.abs(failed - summary.metrics.http_req_failed!.value!) < 1e-9, `error rate ${failed}`);
    const lucky = await one(`k6_fixture_lucky_rate{${sel}}`);
    assert.ok(Math.abs(lucky - summary.metrics.fixture_lucky!.value!) < 1e-9, `lucky rate ${lucky}`);

    for (const [metric, series, factor] of [
      ['http_req_duration', 'k6_http_req_duration_seconds', 1000],
      ['fixture_think_time', 'k6_fixture_think_time_seconds', 1000],
      ['fixture_payload', 'k6_fixture_payload', 1],
    ] as const) {
      const sorted = samplesOf(join(dir, 'k6.ndjson'), metric).sort((a, b) => a - b);
      for (const q of [0.5, 0.95, 0.99]) {
        const exact = summary.metrics[metric]![q === 0.5 ? 'med' : `p(${q * 100})`]!;
        const estimate = (await one(`histogram_quantile(${q}, sum(${series}{${sel}}))`)) * factor;
        // Prometheus answers from the bucket that holds the ceil(q*n)-th smallest sample.
        const [low, high] = bucketOf(sorted[Math.ceil(q * sorted.length) - 1]! / factor).map((b) => b * factor);
        assert.ok(
          estimate >= low! * (1 - 1e-9) && estimate <= high! * (1 + 1e-9),
          `${metric} p(${q * 100}): Prometheus ${estimate} lies in the bucket [${low}, ${high}]`,
        );
        const error = Math.abs(estimate - exact) / exact;
        const sameBucket = exact >= low! && exact <= high!;
        t.diagnostic(
          `${metric} p(${q * 100}): summary ${exact.toFixed(3)}, Prometheus ${estimate.toFixed(3)} (${(error * 100).toFixed(2)} %${sameBucket ? '' : ', sparse: k6 interpolates outside the bucket'})`,
        );
        // Where k6's exact value lies in that bucket too, the two are within one bucket of each other.
        if (sameBucket)
          assert.ok(error <= BUCKET_ERROR, `${metric} p(${q * 100}) off by ${(error * 100).toFixed(2)} %`);
      }
      const avg =
        (await one(`histogram_sum(sum(${series}{${sel}})) / histogram_count(sum(${series}{${sel}}))`)) * factor;
      assert.ok(Math.abs(avg - summary.metrics[metric]!.avg!) < 1e-6 * avg, `${metric} avg ${avg}`);
    }
  } finally {
    await prom.stop();
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
