// The preflight in front of a stress run: with a failing must-have (two celery-beat replicas) the
// run stops before any load with exit 6, and the checklist is in verdict.json, summary.md and
// junit.xml; with --skip-preflight the same run goes ahead.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Verdict } from '../../cli/verdict/model.ts';
import { K6, readJson, localRun } from './load-helpers.ts';

test('stress with --sim-fault beat-replicas=2 stops before any request with exit 6, the checklist in the reports', async (t) => {
  const { r, out } = await localRun(t, 'preflight-stop', [
    '--scenario',
    'rest',
    '--profile',
    'stress',
    '--sim-fault',
    'beat-replicas=2',
  ]);
  assert.equal(r.code, 6, `exit ${r.code}\n${r.stderr.slice(-3000)}`);
  assert.match(
    r.stderr,
    /^FAIL\s+celery-beat-single\s+\(must-have\)\s+Deployment\/aurora-oss-celery-beat runs 2 replicas/m,
  );
  assert.match(r.stderr, /fix: set celeryBeat\.replicas: 1/);
  assert.match(r.stdout, /^FAILED \(exit 6\): 1 of 3 gates failed: celery-beat-single$/m);
  // No load: k6 never started, so it wrote nothing.
  assert.equal(existsSync(join(out, 'k6.ndjson')), false);
  assert.equal(existsSync(join(out, 'summary.json')), false);
  const v = readJson<Verdict>(join(out, 'verdict.json'));
  assert.deepEqual([v.exitCode, v.passed, v.k6ExitCode, v.routes.length], [6, false, null, 0]);
  assert.deepEqual(
    v.gates.map((g) => [g.kind, g.name, g.passed]),
    [
      ['preflight', 'celery-beat-single', false],
      ['preflight', 'hpa-present', true],
      ['preflight', 'ws-affinity', true],
    ],
  );
  assert.equal(v.preflight?.length, 10);
  assert.equal(v.preflight?.find((i) => i.id === 'celery-beat-single')?.status, 'fail');
  const md = readFileSync(join(out, 'summary.md'), 'utf8');
  assert.match(md, /exit code 6 \(preflight must-have failed; no load sent\)/);
  assert.match(md, /### Preflight \(scaling checklist\)/);
  assert.match(md, /\| ❌ \| `celery-beat-single` \(must-have\) \| Deployment\/aurora-oss-celery-beat runs 2 replicas/);
  assert.match(
    readFileSync(join(out, 'junit.xml'), 'utf8'),
    /<testsuite name="scaling-readiness preflight" tests="3" failures="1"/,
  );
});

test('the same run with --skip-preflight goes ahead: k6 runs, no checklist', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const { r, out } = await localRun(t, 'preflight-skip', [
    '--scenario',
    'rest',
    '--profile',
    'stress',
    '--sim-fault',
    'beat-replicas=2',
    '--skip-preflight',
  ]);
  assert.doesNotMatch(r.stderr, /^preflight:/m);
  const v = readJson<Verdict>(join(out, 'verdict.json'));
  assert.notEqual(v.k6ExitCode, null, r.stderr.slice(-3000));
  assert.ok(v.routes.length > 0, 'requests were sent');
  assert.equal(v.preflight, undefined);
  assert.ok(!v.gates.some((g) => g.kind === 'preflight'));
  assert.notEqual(r.code, 6);
});
