// One percentile definition everywhere: the CLI's whole-run figures (metric totals, the route table
// that the baseline gate, the reports and `npm run compare` read) equal k6's own summary of the same
// recorded run, for every Trend and every submetric k6 summarised, to the last digit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeRun, k6Percentile, readSummary, TrendSamples } from '../../cli/analysis/index.ts';
import { fixturePath } from './fixture-run.ts';

/** k6's summary stat -> the analysis' field. */
const STAT_FIELDS: Record<string, 'p50' | 'p90' | 'p95' | 'p99' | 'min' | 'max' | 'count'> = {
  med: 'p50',
  'p(50)': 'p50',
  'p(90)': 'p90',
  'p(95)': 'p95',
  'p(99)': 'p99',
  min: 'min',
  max: 'max',
  count: 'count',
};

/** The mean is a float sum: k6 adds samples in its own order, so allow the last few ulps. */
const sameMean = (ours: number | undefined, theirs: number, key: string): void => {
  assert.ok(
    ours !== undefined && Math.abs(ours - theirs) <= Math.abs(theirs) * 1e-12,
    `${key} avg ${ours} vs ${theirs}`,
  );
};

for (const version of ['v1.3.0', 'v2.2.0'] as const) {
  for (const file of ['handle-summary.json', 'summary-export.json']) {
    test(`${version}: every Trend and submetric in k6's ${file} equals the CLI's figure exactly`, async () => {
      const a = await analyzeRun(fixturePath(version, 'k6-out.ndjson.gz'));
      const k6 = (await readSummary(fixturePath(version, file))).metrics;
      const trends = Object.entries(k6).filter(([, m]) => m.type === 'trend');
      assert.ok(trends.length >= 15, `the fixture summarises ${trends.length} Trends`);
      let compared = 0;
      for (const [key, metric] of trends) {
        const ours = a.metrics[key];
        assert.ok(ours, `the analysis has ${key}`);
        for (const [stat, value] of Object.entries(metric.values)) {
          if (stat === 'avg') {
            sameMean(ours.value, value, key);
            continue;
          }
          const field = STAT_FIELDS[stat];
          assert.ok(field, `unexpected stat ${stat} in ${key}`);
          assert.equal(ours[field], value, `${key} ${stat}`);
          compared++;
        }
      }
      assert.ok(compared >= trends.length * 6, `${compared} figures compared`);
    });
  }

  test(`${version}: the route table's p50/p95/p99 equal k6's submetric over the same requests`, async () => {
    const a = await analyzeRun(fixturePath(version, 'k6-out.ndjson.gz'));
    const k6 = (await readSummary(fixturePath(version, 'handle-summary.json'))).metrics;
    // GET /slow is the only request with endpoint:slow (setup sends only GET /ok (setup)), so the
    // route and k6's http_req_duration{endpoint:slow} hold the very same samples.
    const slow = a.routes.find((r) => r.name === 'GET /slow');
    const theirs = k6['http_req_duration{endpoint:slow}']?.values;
    assert.ok(slow && theirs);
    assert.equal(slow.count, theirs.count);
    assert.equal(slow.p50, theirs['p(50)']);
    assert.equal(slow.p95, theirs['p(95)']);
    assert.equal(slow.p99, theirs['p(99)']);
    // GET /ok: the route leaves setup's request out (it is named "GET /ok (setup)"); k6's
    // endpoint:ok submetric holds it. Both sides agree once the same samples are compared.
    const ok = a.routes.find((r) => r.name === 'GET /ok');
    const okAll = k6['http_req_duration{endpoint:ok}']?.values;
    assert.ok(ok && okAll);
    assert.equal(ok.count, (okAll.count as number) - 1);
  });
}

test("k6's Trend percentile interpolates linearly between the two nearest ranks", () => {
  const sorted = [10, 20, 30, 40, 50];
  assert.equal(k6Percentile(sorted, 5, 0.5), 30);
  assert.equal(k6Percentile(sorted, 5, 0.95), 48); // i = 3.8: 40 + 0.8 * 10
  assert.equal(k6Percentile(sorted, 5, 0.99), 49.6);
  assert.equal(k6Percentile(sorted, 5, 0), 10);
  assert.equal(k6Percentile(sorted, 5, 1), 50);
  assert.equal(k6Percentile([7], 1, 0.99), 7);
  assert.equal(k6Percentile([], 0, 0.5), 0);
  // Nearest rank (what an HDR histogram answers) would say 50 for p95 of five samples: not k6's figure.
  assert.notEqual(k6Percentile(sorted, 5, 0.95), 50);
});

test('TrendSamples keeps every sample compactly, in any arrival order, and re-sorts after new ones', () => {
  const t = new TrendSamples();
  for (const v of [5, 1, 4, 2, 3]) t.record(v);
  assert.equal(t.at(50), 3);
  assert.equal(t.min, 1);
  assert.equal(t.max, 5);
  t.record(0);
  t.record(Number.NaN);
  assert.equal(t.count, 6);
  assert.equal(t.min, 0);
  assert.equal(t.at(50), 2.5);
  assert.equal(t.mean, 15 / 6);
  const big = new TrendSamples();
  for (let i = 0; i < 1_000_000; i++) big.record((i * 7919) % 1_000_003);
  assert.equal(big.count, 1_000_000);
  assert.ok(big.bytes <= 8 * 2 ** 20 * 1.01, `${big.bytes} bytes for a million samples`);
  assert.equal(new TrendSamples().at(95), null);
});
