// The drift gate of a distributed soak, end to end: `--env local --profile soak --runners 2 --scenario
// rest` (the simulator plays k6-operator, the runners write to the run's Prometheus) passes the drift
// gate on the healthy simulator and fails it (exit 5) with `--sim-fault leak=150`, its hold's parts read
// from Prometheus over both runners, as a local soak's are from its NDJSON (test/cli/load-e2e-drift.test.ts,
// which says why leak=150). The two runs go one after the other: side by side on a small machine the
// leaking simulator's cost slows the healthy run. About 90 s each. Needs a Prometheus; skipped without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePrometheus } from '../../cli/cluster/index.ts';
import type { Verdict } from '../../cli/verdict/index.ts';
import { K6, readJson, runCli, tempDir } from '../cli/load-helpers.ts';

const SOAK_TIMEOUT_MS = 240_000;
/**
 * aurora-server requests in each part over both runners: rest at 5/s x the local soak's level 2, over a
 * quarter of its 60 s hold (one runner's half would be 75).
 */
const PART_REQUESTS = 10 * 15;
const prometheus = resolvePrometheus(process.env);
const skip = prometheus.ok ? false : `no Prometheus to aggregate the runners in: ${prometheus.message}`;

/** "(n 149, 148)" of a drift gate's measured value -> [149, 148]. */
function counts(measured: string): number[] {
  const m = /\(n (\d+), (\d+)\)/.exec(measured);
  assert.ok(m, measured);
  return [Number(m[1]), Number(m[2])];
}

test('distributed soak: the drift gate from Prometheus passes when healthy, fails with leak=150 (exit 5)', {
  skip,
}, async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const dir = tempDir('dist-drift');
  try {
    const soak = (out: string, ...extra: string[]) =>
      runCli(
        [
          '--env',
          'local',
          '--profile',
          'soak',
          '--runners',
          '2',
          '--scenario',
          'rest',
          '--ci',
          '--out',
          join(dir, out),
          ...extra,
        ],
        {},
        SOAK_TIMEOUT_MS,
      );
    const healthy = await soak('healthy');
    const leaking = await soak('leak', '--sim-fault', 'leak=150');
    const verdict = (out: string) => readJson<Verdict>(join(dir, out, 'verdict.json'));
    const drift = (out: string) => verdict(out).gates.filter((g) => g.kind === 'drift');

    assert.ok(verdict('healthy').distributed, 'a distributed run');
    const ok = drift('healthy');
    t.diagnostic(`healthy: ${ok.map((g) => g.measured).join('; ')}`);
    assert.equal(
      healthy.code,
      0,
      `healthy soak: exit ${healthy.code}\n${healthy.stdout.slice(-3000)}\n${healthy.stderr.slice(-2000)}`,
    );
    assert.equal(ok.length, 1, 'one drift gate, on the hold stage');
    assert.equal(ok[0]!.name, 'aurora-server drift in stage 1 (hold)');
    assert.equal(ok[0]!.status, 'passed');
    for (const n of counts(ok[0]!.measured))
      assert.ok(Math.abs(n - PART_REQUESTS) <= 0.15 * PART_REQUESTS, `both runners' requests in each part: ${n}`);

    const bad = drift('leak');
    t.diagnostic(`leak=150: ${bad.map((g) => g.measured).join('; ')}`);
    assert.equal(bad[0]?.status, 'failed', JSON.stringify(bad));
    assert.equal(
      leaking.code,
      5,
      `leak soak: exit ${leaking.code}\n${leaking.stdout.slice(-3000)}\n${leaking.stderr.slice(-2000)}`,
    );
    assert.match(leaking.stdout, /FAILED \(exit 5\).*aurora-server drift in stage 1 \(hold\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
