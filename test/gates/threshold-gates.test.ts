import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseThreshold, thresholdGates } from '../../cli/gates/index.ts';
import { readSummary } from '../../cli/analysis/index.ts';
import { fixturePath } from '../report/fixture-run.ts';

test('k6 threshold expressions parse like k6 parses them', () => {
  assert.deepEqual(parseThreshold('p(95)<800'), { aggregation: 'p(95)', operator: '<', limit: 800 });
  assert.deepEqual(parseThreshold('p(99.0) <= 1.5'), { aggregation: 'p(99)', operator: '<=', limit: 1.5 });
  assert.deepEqual(parseThreshold('rate===0'), { aggregation: 'rate', operator: '==', limit: 0 });
  assert.deepEqual(parseThreshold('count>10'), { aggregation: 'count', operator: '>', limit: 10 });
  assert.equal(parseThreshold('nonsense'), null);
});

for (const version of ['v1.3.0', 'v2.2.0'] as const) {
  test(`${version}: one gate per threshold, failing ones fail with k6's measured value`, async () => {
    const gates = thresholdGates(await readSummary(fixturePath(version, 'handle-summary.json')));
    assert.equal(gates.length, 13);
    assert.ok(gates.every((g) => g.kind === 'threshold'));
    const failed = gates
      .filter((g) => !g.passed)
      .map((g) => g.name)
      .sort();
    assert.deepEqual(failed, [
      'checks: rate>0.99',
      'http_req_duration{endpoint:slow}: p(99)<100',
      'http_req_failed: rate<0.01',
    ]);
    const slow = gates.find((g) => g.name === 'http_req_duration{endpoint:slow}: p(99)<100');
    assert.match(slow?.measured ?? '', /^p\(99\) = 1\d\d ms$/);
    assert.equal(slow?.limit, 'p(99) < 100 ms');
    const failedRate = gates.find((g) => g.name === 'http_req_failed: rate<0.01');
    assert.match(failedRate?.measured ?? '', /^rate = \d\.\d+% \(\d+ of \d+\)$/);
  });

  test(`${version}: the all-pass run's gates all pass`, async () => {
    const gates = thresholdGates(await readSummary(fixturePath(version, 'all-pass/handle-summary.json')));
    assert.equal(gates.length, 13);
    assert.ok(
      gates.every((g) => g.passed),
      JSON.stringify(gates.filter((g) => !g.passed)),
    );
  });

  test(`${version}: --summary-export gives the same verdicts (true there means failed)`, async () => {
    const fromHandle = thresholdGates(await readSummary(fixturePath(version, 'handle-summary.json')));
    const fromExport = thresholdGates(await readSummary(fixturePath(version, 'summary-export.json')));
    assert.deepEqual(
      fromExport.map((g) => [g.name, g.passed]),
      fromHandle.map((g) => [g.name, g.passed]),
    );
  });
}

test('a percentile the summary did not keep is named, not invented', () => {
  const gates = thresholdGates({
    format: 'handle-summary',
    source: 'x',
    notes: [],
    metrics: { http_req_duration: { type: 'trend', contains: 'time', values: { 'p(95)': 10 } } },
    thresholds: [{ metric: 'http_req_duration', expression: 'p(99.9)<500', ok: false }],
  });
  assert.equal(gates[0]?.passed, false);
  assert.match(gates[0]?.measured ?? '', /not in the summary.*summaryTrendStats/);
});
