// Faults on the run's timeline, end to end: a fault spec error stops the run with exit 2 before
// anything starts (no run folder, no simulator), and timed faults are posted to the simulator at
// their point of the load: errors appear only after `error-rate=…@2s`, and `crash=server@1s` crashes a
// server pod mid-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStartOf } from '../../cli/run/fault-timeline.ts';
import { FAST_ENV, K6, localRun, runCli } from './load-helpers.ts';

test('a crash naming no pod exits 2 before anything starts, with the valid values and no run folder', async (t) => {
  const { r, dir } = await localRun(t, 'bad-fault', ['--scenario', 'rest', '--sim-fault', 'crash=nosuchpod']);
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stderr.slice(-2000)}`);
  assert.match(r.stderr, /crash=nosuchpod: not a pod; use server, chatbot, celery/);
  assert.doesNotMatch(r.stderr, /starting the simulator/);
  assert.deepEqual(readdirSync(dir), [], 'no run folder, no .partial-* folder');
});

test('a stage the profile lacks exits 2 listing its stages', async () => {
  const r = await runCli([
    '--env',
    FAST_ENV,
    '--scenario',
    'rest',
    '--profile',
    'load',
    '--sim-fault',
    'crash=server@stage:7',
    '--dry-run',
  ]);
  assert.equal(r.code, 2, `exit ${r.code}\n${r.stderr.slice(-2000)}`);
  assert.match(r.stderr, /crash=server@stage:7": this plan has no stage 7; its stages: 0 at 0s, 1 at /);
});

test('timed faults fire at their point of the load: errors only after @2s, a server pod crashed at @1s', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const { r, out } = await localRun(t, 'timed-fault', [
    '--scenario',
    'rest',
    '--profile',
    'load',
    '--sim-fault',
    'error-rate=0.3@2s',
    '--sim-fault',
    'crash=server@1s',
  ]);
  assert.match(r.stderr, /\[fault \+1\.\ds\] crash=server@1s fired: crashed aurora-oss-server-/);
  assert.match(r.stderr, /\[fault \+2\.\ds\] error-rate=0\.3@2s fired/);
  assert.equal(r.code, 99, `the error rate fails its threshold; exit ${r.code}\n${r.stderr.slice(-2000)}`);
  assert.ok(existsSync(join(out, 'k6.ndjson')));
  const lines = readFileSync(join(out, 'k6.ndjson'), 'utf8').split('\n');
  const start = lines.map(loadStartOf).find((x) => x !== undefined)!;
  const failures = lines
    .filter((l) => l.includes('"http_req_failed"') && l.includes('"phase":"request"'))
    .map((l) => JSON.parse(l) as { data: { time: string; value: number; tags?: { status?: string } } })
    // The injected error rate answers 500; the crashed pod's requests fail too (502, resets), at @1s.
    .filter((p) => p.data.value === 1 && p.data.tags?.status === '500')
    .map((p) => (Date.parse(p.data.time) - start) / 1000);
  t.diagnostic(`${failures.length} requests answered 500, the first ${failures[0]?.toFixed(2)} s into the load`);
  assert.ok(failures.length > 0, 'the fault took effect');
  assert.ok(
    Math.min(...failures) >= 1.8,
    `no 500 before the error-rate fault fired (first at ${Math.min(...failures)} s)`,
  );
});
