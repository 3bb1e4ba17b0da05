// The drift gate end to end (issue 12, item 16): the local soak (time scale 60, a 60 s hold) with a
// slow leak in the simulator fails the drift gate with exit 5 and no baseline; the healthy local soak
// passes it. The leak is 150 ms per 1000 requests a pod served: 50 adds only 5-8 ms per pod over this
// hold, about the tolerance, and passed once when the HPA added a fresh pod mid-hold. The two runs go
// one after the other: side by side on a small machine, the leaking simulator's growing cost slowed
// the healthy run over its hold, a drift of its own (a false alarm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Verdict } from '../../cli/verdict/model.ts';
import { K6, readJson, runCli, tempDir } from './load-helpers.ts';

const SOAK_TIMEOUT_MS = 240_000;

test('local soak: leak=150 fails the drift gate (exit 5); the healthy soak passes it', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const dir = tempDir('drift');
  try {
    const soak = (out: string, ...extra: string[]) =>
      runCli(['--env', 'local', '--profile', 'soak', '--ci', '--out', join(dir, out), ...extra], {}, SOAK_TIMEOUT_MS);
    const healthy = await soak('healthy');
    const leaking = await soak('leak', '--sim-fault', 'leak=150');
    const drift = (out: string) =>
      readJson<Verdict>(join(dir, out, 'verdict.json')).gates.filter((g) => g.kind === 'drift');

    const ok = drift('healthy');
    t.diagnostic(`healthy: ${ok.map((g) => g.measured).join('; ')}`);
    assert.equal(healthy.code, 0, `healthy soak: exit ${healthy.code}\n${healthy.stderr.slice(-2000)}`);
    assert.equal(ok.length, 1, 'one drift gate, on the hold stage');
    assert.ok(ok[0]!.passed);

    const bad = drift('leak');
    t.diagnostic(`leak=150: ${bad.map((g) => g.measured).join('; ')}`);
    assert.equal(bad[0]?.passed, false, JSON.stringify(bad));
    assert.equal(leaking.code, 5, `leak soak: exit ${leaking.code}\n${leaking.stdout}\n${leaking.stderr.slice(-2000)}`);
    assert.match(leaking.stdout, /FAILED \(exit 5\).*aurora-server drift in stage 1 \(hold\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
