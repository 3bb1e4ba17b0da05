// The gates bite end to end against the simulator: HPA scale-up passes on a healthy simulator and
// fails (exit 4) with its HPA frozen; a baseline run followed by a run with injected latency fails
// (exit 5) naming the regressed route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_ENV, K6, localRun, readJson, ROOT, runCli, tempDir } from './load-helpers.ts';
import type { Verdict } from '../../cli/verdict/model.ts';

const hpaGates = (v: Verdict) => v.gates.filter((g) => g.kind === 'hpa');

test('a local stress run at a high time scale: the HPA gates pass', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const { r, out } = await localRun(t, 'stress', ['--scenario', 'rest', '--profile', 'stress']);
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr.slice(-3000)}`);
  assert.match(r.stderr, /\[k8s \+[\d.]+s\] hpa aurora-oss-server: desired 2->\d+/, 'a line per replica change');
  const v = readJson<Verdict>(join(out, 'verdict.json'));
  const gates = hpaGates(v);
  assert.ok(gates.length >= 2, 'scale-up and ready-at-peak gates');
  assert.ok(
    gates.every((g) => g.passed),
    JSON.stringify(gates, null, 1),
  );
  const timeline = readJson<{ points: unknown[] }>(join(out, 'timeline.json'));
  assert.ok(timeline.points.length > 3);
});

test('the same stress run with --sim-fault hpa-frozen fails the HPA gate with exit 4', async (t) => {
  const { r, out } = await localRun(t, 'frozen', [
    '--scenario',
    'rest',
    '--profile',
    'stress',
    '--sim-fault',
    'hpa-frozen',
  ]);
  assert.equal(r.code, 4, `exit ${r.code}\n${r.stderr.slice(-3000)}`);
  assert.match(r.stdout, /FAILED \(exit 4\).*aurora-oss-server scale-up/);
  const v = readJson<Verdict>(join(out, 'verdict.json'));
  assert.equal(v.exitCode, 4);
  assert.ok(hpaGates(v).some((g) => g.name === 'aurora-oss-server scale-up' && !g.passed));
  assert.ok(
    v.gates.filter((g) => g.kind === 'threshold').every((g) => g.passed),
    'only the HPA gate fails',
  );
});

test('a baseline run, then a run with injected latency: the baseline gate fails (exit 5) naming the route', async () => {
  const dir = tempDir('baseline');
  const name = `test-e2e-${process.pid}`;
  const saved = join(ROOT, 'baselines', `${name}.json`);
  try {
    const common = ['--env', FAST_ENV, '--scenario', 'rest', '--profile', 'load', '--scale', '2'];
    const base = await runCli([...common, '--out', join(dir, 'base'), '--save-baseline', name, '--ci']);
    assert.equal(base.code, 0, `baseline run: exit ${base.code}\n${base.stderr.slice(-3000)}`);
    assert.ok(existsSync(saved), 'baselines/<name>.json written');

    const slow = await runCli([
      ...common,
      '--out',
      join(dir, 'slow'),
      '--baseline',
      name,
      '--ci',
      '--sim-fault',
      // 100 ms: far past the baseline's tolerance (+20 % and +25 ms), and with room under the route's
      // p95 budget (300 ms) for a slow machine; 150 ms crossed it under load (exit 99, not 5).
      'latency=GET /api/incidents:100',
    ]);
    assert.equal(slow.code, 5, `exit ${slow.code}\n${slow.stdout}\n${slow.stderr.slice(-3000)}`);
    const v = readJson<Verdict>(join(dir, 'slow', 'verdict.json'));
    const failed = v.gates.filter((g) => g.status === 'failed');
    assert.ok(failed.length > 0 && failed.every((g) => g.kind === 'baseline'), JSON.stringify(failed, null, 1));
    assert.ok(
      failed.some((g) => g.name.includes('GET /api/incidents') && (g.detail ?? '').includes('regressed')),
      JSON.stringify(failed, null, 1),
    );
    assert.match(slow.stdout, /FAILED \(exit 5\).*baseline aurora-server GET \/api\/incidents/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(saved, { force: true });
  }
});
