// k6's thresholds judged from Prometheus, end to end: `npm run load` against the simulator with k6
// remote-writing to the local Prometheus, then every threshold Prometheus judged compared with k6's
// own summary of the same run.
// Latency: Prometheus answers p(N) from the schema-3 bucket that holds the ceil(N/100 * n)-th
// smallest sample, so its estimate must lie inside that bucket (checked against the run's NDJSON).
// Buckets are 2^(1/8) = 1.0905 wide: where k6's exact value falls in that same bucket (samples dense
// around the quantile) the two agree within 9.05 % of k6's value (+0.5 % for the 3 significant digits
// the gate's text keeps). Where the samples around the quantile are sparse, k6 interpolates linearly
// between two samples that may lie several buckets apart, and no bucket bound holds; those are reported.
// Counts are equal, error rates equal within 1e-9 and the rounding of the percentage; where the limit
// lies outside the band between k6's value and that bucket, both say the same pass/fail. With
// error-rate=0.05 both error-rate gates fail.
// Without prometheus this skips with the reason; under CI=true it fails instead (.ci/run installs it).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { readSummary } from '../../cli/analysis/index.ts';
import { resolvePrometheus } from '../../cli/cluster/index.ts';
import { measuredValue, parseThreshold } from '../../cli/gates/index.ts';
import type { GateResult, Verdict } from '../../cli/verdict/index.ts';
import { FAST_ENV, K6, readJson, runCli, tempDir } from '../cli/load-helpers.ts';
import { bucketIndex, bucketUpperBound } from '../k6-double/outputs/prometheus-rw/native-histogram.ts';

const IN_CI = !!process.env.CI && process.env.CI !== 'false';
const prometheus = resolvePrometheus(process.env);
const skip = prometheus.ok || IN_CI ? false : 'no prometheus on PATH or PROMETHEUS_BIN (apt-get install prometheus)';
/** One schema-3 bucket, and the 3 significant digits of a formatted latency. */
const BUCKET_ERROR = 2 ** (1 / 8) - 1;
const FORMAT_ERROR = 0.005;
/** Every http_req_duration sample (ms) of the run whose tags hold all of `tags`, sorted. */
function durations(ndjson: string, tags: Record<string, string>): number[] {
  const out: number[] = [];
  for (const line of readFileSync(ndjson, 'utf8').split('\n')) {
    if (!line.includes('"Point"') || !line.includes('"http_req_duration"')) continue;
    const p = JSON.parse(line) as { metric: string; data: { value: number; tags: Record<string, string> } };
    if (p.metric === 'http_req_duration' && Object.entries(tags).every(([k, v]) => p.data.tags[k] === v))
      out.push(p.data.value);
  }
  return out.sort((a, b) => a - b);
}

/** The bucket (bounds in ms) holding the sample Prometheus' histogram_quantile lands on. */
function quantileBucket(sorted: number[], q: number): [number, number] {
  const sample = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
  const i = bucketIndex(sample / 1000);
  return [bucketUpperBound(i - 1) * 1000, bucketUpperBound(i) * 1000];
}

const tagsOf = (key: string): Record<string, string> =>
  Object.fromEntries(
    (/\{(.*)\}$/.exec(key)?.[1] ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf(':')), kv.slice(kv.indexOf(':') + 1)]),
  );

/** formatPct keeps two decimals of a percentage: 0.005 % = 5e-5. */
const RATE_ROUNDING = 5e-5;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** "p(95) = 46.4 ms" -> 46.4, "p(99) = 1.2 s" -> 1200, "rate = 2.5%" -> 0.025, "count = 41" -> 41. */
function measuredNumber(text: string): number {
  const m = /= (-?[\d.]+) ?(ms|s|%|\/s)?$/.exec(text);
  assert.ok(m, `measured "${text}" has a number`);
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === '%' ? n / 100 : n;
}

async function load(t: TestContext, name: string, extra: string[] = []) {
  t.diagnostic(`k6: ${K6.note}`);
  const dir = tempDir(name);
  dirs.push(dir);
  const out = join(dir, 'run');
  const r = await runCli([
    '--env',
    FAST_ENV,
    '--profile',
    'load',
    '--scenario',
    'rest',
    '--scale',
    '3',
    '--out',
    out,
    ...extra,
  ]);
  assert.ok([0, 99].includes(r.code ?? -1), `exit ${r.code}\n${r.stderr.slice(-3000)}`);
  assert.match(r.stderr, /k6 results -> http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write \(testid=/);
  const verdict = readJson<Verdict>(join(out, 'verdict.json'));
  const summary = await readSummary(join(out, 'summary.json'));
  const judged = verdict.thresholdsFromPrometheus;
  assert.ok(judged, 'verdict.json has the thresholds judged from Prometheus');
  assert.equal(judged.testid, verdict.runId);
  const k6 = new Map(verdict.gates.filter((g) => g.kind === 'threshold').map((g) => [g.name, g]));
  assert.deepEqual(
    judged.gates.map((g) => g.name).sort(),
    [...k6.keys()].sort(),
    'one Prometheus judgement per k6 threshold, named alike',
  );
  return { verdict, summary, judged: judged.gates, k6, ndjson: join(out, 'k6.ndjson') };
}

test('every latency, count and error-rate threshold judged from Prometheus agrees with k6 on the same run', {
  skip,
  timeout: 180_000,
}, async (t) => {
  const { summary, judged, k6, ndjson } = await load(t, 'prom-thresholds');
  let worst = 0;
  let latencies = 0;
  let dense = 0;
  let rates = 0;
  for (const g of judged) {
    const key = g.name.slice(0, g.name.lastIndexOf(': '));
    const parsed = parseThreshold(g.name.slice(key.length + 2))!;
    const metric = summary.metrics[key]!;
    const own = k6.get(g.name) as GateResult;
    if (g.status === 'not-evaluated') {
      assert.ok(
        metric.type === 'rate' && key.split('{')[0] !== 'http_req_failed',
        `only Rates without a count companion may be left out: ${g.name} (${g.detail})`,
      );
      assert.match(g.detail ?? '', /without the count behind it/);
      continue;
    }
    const exact = measuredValue(metric, parsed.aggregation)!;
    const bounds = /^rate (?:= ([\d.]+)%|([\d.]+)% to ([\d.]+)%) \((\d+) series\)$/.exec(g.measured);
    if (bounds) {
      // Several series of a Rate, decided because all lie on one side of the limit: k6's exact
      // combined rate lies between them, and the verdict is k6's.
      const [lo, hi] = (bounds[1] ? [bounds[1], bounds[1]] : [bounds[2], bounds[3]]).map((v) => Number(v) / 100);
      assert.ok(
        exact >= lo! - RATE_ROUNDING && exact <= hi! + RATE_ROUNDING,
        `${g.name}: k6's ${exact} in [${lo}, ${hi}]`,
      );
      assert.equal(g.passed, own.passed, `${g.name}: same result as k6`);
      continue;
    }
    const fromProm = measuredNumber(g.measured);
    if (metric.type === 'trend') {
      latencies++;
      const q = (parsed.aggregation === 'med' ? 50 : Number(/\d+(\.\d+)?/.exec(parsed.aggregation)?.[0])) / 100;
      const [low, high] = quantileBucket(durations(ndjson, tagsOf(key)), q);
      assert.ok(
        fromProm >= low * (1 - FORMAT_ERROR) && fromProm <= high * (1 + FORMAT_ERROR),
        `${g.name}: Prometheus ${fromProm} ms lies in the bucket (${low.toFixed(3)}, ${high.toFixed(3)}] ms`,
      );
      const error = Math.abs(fromProm - exact) / exact;
      const sameBucket = exact > low && exact <= high;
      t.diagnostic(
        `${g.name}: k6 ${exact.toFixed(2)} ms, Prometheus ${fromProm} ms (${(error * 100).toFixed(2)} %${sameBucket ? '' : ', sparse: k6 interpolates outside the bucket'})`,
      );
      if (sameBucket) {
        dense++;
        worst = Math.max(worst, error);
        assert.ok(error <= BUCKET_ERROR + FORMAT_ERROR, `${g.name}: off by ${(error * 100).toFixed(2)} %`);
      }
      const band = [Math.min(exact, low), Math.max(exact, high)];
      if (
        parsed.limit < (band[0] as number) * (1 - FORMAT_ERROR) ||
        parsed.limit > (band[1] as number) * (1 + FORMAT_ERROR)
      )
        assert.equal(g.passed, own.passed, `${g.name}: same result as k6`);
    } else if (metric.type === 'rate') {
      rates++;
      assert.ok(Math.abs(fromProm - exact) <= 1e-9 + RATE_ROUNDING, `${g.name}: ${fromProm} vs ${exact}`);
      assert.equal(g.passed, own.passed, `${g.name}: same result as k6`);
    } else {
      assert.equal(fromProm, exact, `${g.name}: counts are equal`);
    }
  }
  t.diagnostic(
    `${latencies} latency thresholds, ${dense} with dense samples (worst disagreement there ${(worst * 100).toFixed(2)} %); ${rates} error rates`,
  );
  assert.ok(latencies >= 10, `latency thresholds judged: ${latencies}`);
  // The service-wide median has samples on every side: at least it is dense.
  assert.ok(dense >= 1, 'some latency quantiles were dense enough to compare within a bucket');
  assert.ok(rates >= 2, `error-rate thresholds judged: ${rates}`);
});

test('with error-rate=0.05 the error-rate gate judged from Prometheus fails as k6 fails it', {
  skip,
  timeout: 180_000,
}, async (t) => {
  const { judged, k6 } = await load(t, 'prom-thresholds-errors', ['--sim-fault', 'error-rate=0.05']);
  const name = 'http_req_failed{service:aurora-server,phase:request}: rate<0.01';
  const own = k6.get(name);
  const fromProm = judged.find((g) => g.name === name);
  assert.equal(own?.status, 'failed', `k6 failed it: ${own?.measured}`);
  assert.equal(fromProm?.status, 'failed', `Prometheus failed it: ${fromProm?.measured}`);
  const exact = measuredNumber((own as GateResult).measured.replace(/ \(\d+ of \d+\)$/, ''));
  assert.ok(Math.abs(measuredNumber((fromProm as GateResult).measured) - exact) <= 1e-9 + RATE_ROUNDING);
  t.diagnostic(`${name}: k6 ${own?.measured}, Prometheus ${fromProm?.measured}`);
});
