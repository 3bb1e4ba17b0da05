import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSummary } from '../../cli/analysis/index.ts';
import { fixturePath } from './fixture-run.ts';

test('handleSummary data: thresholds with ok flags, values in k6 vocabulary', async () => {
  const s = await readSummary(fixturePath('v2.2.0', 'handle-summary.json'));
  assert.equal(s.format, 'handle-summary');
  assert.equal(s.thresholds.length, 13);
  assert.deepEqual(
    s.thresholds.find((t) => t.metric === 'checks'),
    { metric: 'checks', expression: 'rate>0.99', ok: false },
  );
  assert.equal(s.metrics['http_req_duration{endpoint:ok}']?.contains, 'time');
  assert.ok((s.durationMs ?? 0) > 12_000);
});

test('--summary-export: "true" means failed, rates get a `rate`', async () => {
  const s = await readSummary(fixturePath('v1.3.0', 'summary-export.json'));
  assert.equal(s.format, 'summary-export');
  assert.equal(s.thresholds.find((t) => t.metric === 'http_req_failed')?.ok, false);
  assert.equal(s.thresholds.find((t) => t.metric === 'sticky_session_ok')?.ok, true);
  assert.equal(s.metrics.http_req_failed?.type, 'rate');
  assert.equal(s.metrics.http_req_failed?.values.rate, s.metrics.http_req_failed?.values.value);
});

test('the new machine-readable summary reads, with a note that it has no thresholds', async () => {
  const s = await readSummary(fixturePath('v2.2.0', 'new-machine-readable-full/handle-summary.json'));
  assert.equal(s.format, 'machine-readable');
  assert.equal(s.thresholds.length, 0);
  assert.ok(s.metrics.http_req_duration?.values['p(95)']);
  assert.match(s.notes.join(), /no threshold results/);
});

test('bad summaries fail with the file named', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'summary-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'cut.json'), '{"metrics": {');
  await assert.rejects(readSummary(join(dir, 'cut.json')), /cut\.json: k6 summary is not valid JSON/);
  await writeFile(join(dir, 'other.json'), '{"hello": 1}');
  await assert.rejects(readSummary(join(dir, 'other.json')), /other\.json: not a k6 summary/);
  await assert.rejects(readSummary(join(dir, 'none.json')), /cannot read k6 summary .*none\.json/);
});
