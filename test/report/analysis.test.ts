import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { analyzeRun, MAX_BUCKETS, readSummary } from '../../cli/analysis/index.ts';
import { fixturePath } from './fixture-run.ts';

const tmp = await mkdtemp(join(tmpdir(), 'analysis-'));
after(() => rm(tmp, { recursive: true, force: true }));

/** Within a share (exact equality with k6's summary is test/report/percentiles.test.ts). */
const near = (actual: number | undefined, expected: number, share: number): void => {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= expected * share,
    `${actual} not within ${share * 100}% of ${expected}`,
  );
};

for (const version of ['v1.3.0', 'v2.2.0'] as const) {
  test(`${version}: the fixture NDJSON matches k6's own summary`, async () => {
    const path = fixturePath(version, 'k6-out.ndjson.gz');
    const text = gunzipSync(await readFile(path)).toString('utf8');
    const lines = text.split('\n').filter(Boolean);
    const a = await analyzeRun(path);
    const k6 = (await readSummary(fixturePath(version, 'handle-summary.json'))).metrics;

    assert.equal(a.lines, lines.length);
    assert.equal(a.points, lines.filter((l) => l.includes('"type":"Point"')).length);
    assert.equal(a.skippedLines, 0);
    assert.deepEqual(a.notes, []);
    for (const key of [
      'http_req_duration',
      'http_req_duration{endpoint:ok}',
      'http_req_duration{endpoint:slow}',
      'http_req_duration{group:::api::read}',
    ]) {
      const ours = a.metrics[key];
      const theirs = k6[key]?.values ?? {};
      assert.equal(ours?.count, theirs.count, `${key} count`);
      near(ours?.value, theirs.avg as number, 1e-9);
      near(ours?.p95, theirs['p(95)'] as number, 0.02);
      near(ours?.p50, theirs['p(50)'] as number, 0.02);
    }
    assert.equal(a.metrics.http_req_failed?.value, k6.http_req_failed?.values.rate);
    assert.equal(a.metrics['http_req_failed{endpoint:echo}']?.value, 0);
    assert.equal(a.metrics.rca_submitted?.value, k6.rca_submitted?.values.count);
    assert.equal(a.metrics.checks?.value, k6.checks?.values.rate);

    // Routes: per service/name, setup excluded (the fixture has no service tag).
    assert.deepEqual(
      a.routes.map((r) => r.name),
      ['GET /flaky', 'GET /ok', 'POST /echo', 'GET /slow'].sort(),
    );
    assert.ok(a.routes.every((r) => r.service === 'untagged'));
    const flaky = a.routes.find((r) => r.name === 'GET /flaky');
    assert.ok(flaky && flaky.errorRate > 0.03 && flaky.errorRate < 0.25);
    // A ~13 s run: 1 s buckets, series aligned with times.
    assert.equal(a.bucketSeconds, 1);
    assert.ok(a.times.length >= 12 && a.times.length <= 15, String(a.times.length));
    const s = a.http.untagged;
    assert.ok(s);
    assert.equal(s.p95.length, a.times.length);
    assert.equal(
      s.count.reduce((x, y) => x + y, 0),
      a.routes.reduce((x, r) => x + r.count, 0),
    );
    assert.ok(a.startMs < a.loadEndMs && a.loadEndMs <= a.endMs);
  });
}

test('a truncated last line (interrupted run) is skipped and noted; plain NDJSON reads too', async () => {
  const text = gunzipSync(await readFile(fixturePath('v2.2.0', 'k6-out.ndjson.gz'))).toString('utf8');
  const cut = text.slice(0, Math.floor(text.length * 0.6));
  const plain = join(tmp, 'cut.ndjson');
  await writeFile(plain, cut);
  const a = await analyzeRun(plain);
  assert.equal(a.skippedLines, 1);
  assert.match(a.notes.join(), /truncated/);
  assert.ok(a.points > 5000);

  // A gzip stream cut short: what was read is analysed, the stop is noted.
  const gz = gzipSync(Buffer.from(text));
  const gzPath = join(tmp, 'cut.ndjson.gz');
  await writeFile(gzPath, gz.subarray(0, Math.floor(gz.length * 0.5)));
  const b = await analyzeRun(gzPath);
  assert.ok(b.points > 1000);
  assert.match(b.notes.join(), /reading stopped early/);
});

const point = (metric: string, t: number, value: number, tags: Record<string, string>): string =>
  JSON.stringify({ metric, type: 'Point', data: { time: new Date(t).toISOString(), value, tags } });

test('RCA polls stay out of route stats; stages start at the first sample carrying them', async () => {
  const t0 = Date.UTC(2026, 0, 1);
  const lines = [
    JSON.stringify({
      type: 'Metric',
      data: { name: 'http_req_duration', type: 'trend', contains: 'time', thresholds: [], submetrics: null },
      metric: 'http_req_duration',
    }),
    point('http_req_duration', t0 + 500, 10, { service: 'aurora-server', name: 'POST /api/incidents', stage: '0' }),
    point('http_req_duration', t0 + 2500, 999, {
      service: 'aurora-server',
      name: 'GET /api/incidents/{id}',
      phase: 'poll',
      stage: '1',
    }),
    point('http_req_failed', t0 + 2500, 1, {
      service: 'aurora-server',
      name: 'GET /api/incidents/{id}',
      phase: 'poll',
      stage: '1',
    }),
    point('http_req_duration', t0 + 1500, 20, { service: 'aurora-server', name: 'POST /api/incidents', stage: '1' }),
    point('aurora_rca_time_to_complete', t0 + 3000, 42_000, { service: 'celery', stage: '1' }),
  ];
  const path = join(tmp, 'poll.ndjson');
  await writeFile(path, `${lines.join('\n')}\n`);
  const a = await analyzeRun(path);
  assert.deepEqual(
    a.routes.map((r) => [r.name, r.count]),
    [['POST /api/incidents', 2]],
  );
  assert.deepEqual(a.stages, [
    { index: 0, startMs: t0 + 500 },
    { index: 1, startMs: t0 + 1500 },
  ]);
  // The poll still counts as traffic (and as an error) in the time series.
  assert.deepEqual(a.http['aurora-server']?.count, [1, 1, 1, 0]);
  assert.deepEqual(a.http['aurora-server']?.errors, [0, 0, 1, 0]);
  assert.deepEqual(a.trends.aurora_rca_time_to_complete?.count, [0, 0, 0, 1]);
  assert.ok(Math.abs((a.trends.aurora_rca_time_to_complete?.p50[3] ?? 0) - 42_000) < 500);
});

test('a long run is bucketed into at most MAX_BUCKETS buckets (widths double as it grows)', async () => {
  const t0 = Date.UTC(2026, 0, 1);
  const hours = 3;
  const lines: string[] = [];
  for (let s = 0; s < hours * 3600; s += 5)
    lines.push(point('http_req_duration', t0 + s * 1000, 50 + (s % 100), { service: 'aurora-server', name: 'GET /x' }));
  const path = join(tmp, 'long.ndjson');
  await writeFile(path, lines.join('\n'));
  const a = await analyzeRun(path);
  assert.ok(a.times.length <= MAX_BUCKETS, String(a.times.length));
  assert.equal(a.bucketSeconds, 32);
  assert.equal(
    a.http['aurora-server']?.count.reduce((x, y) => x + y, 0),
    lines.length,
  );
  const fixed = await analyzeRun(path, { bucketSeconds: 60 });
  assert.equal(fixed.bucketSeconds, 60);
  assert.equal(fixed.times.length, hours * 60);
});
