// The drift gate (issue 12, item 16): within a hold stage, aurora-server's p95 and error rate over
// its last part against its first part, with the env file's tolerance. A soak that slows down
// fails it without any baseline; a steady one passes; too few requests are not judged, which fails
// a soak (the profile exists to find drift) and is silent elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DriftLimits, driftGates, type HoldWindow, P95_MIN_REQUESTS } from '../../cli/gates/drift-gates.ts';
import { holdStages, readHoldWindows } from '../../cli/gates/drift-windows.ts';
import { GATE_KINDS } from '../../cli/verdict/gate-kinds.ts';
import { EXIT } from '../../cli/verdict/exit-codes.ts';
import { planProfile } from '../../lib/core/profiles.ts';

const LIMITS: DriftLimits = {
  share: 0.25,
  p50: { relative: 0.2, absoluteMs: 5 },
  p95: { relative: 0.3, absoluteMs: 20 },
  errorRate: { absolute: 0.01 },
  minCount: 20,
};
/** A part with its median at 20 ms and enough requests to judge its p95, unless given. */
const part = (p95: number, requests = 400, errors = 0, p50 = 20) => ({ p50, p95, requests, errors });
const hold = (first: ReturnType<typeof part>, last: ReturnType<typeof part>): HoldWindow => ({
  stage: 1,
  kind: 'hold',
  first,
  last,
});

test('a steady hold passes; noise under either tolerance is not drift', () => {
  const gates = driftGates([hold(part(50), part(65)), hold(part(5), part(20))], LIMITS, true);
  assert.deepEqual(
    gates.map((g) => [g.kind, g.passed]),
    [
      ['drift', true],
      ['drift', true],
    ],
  );
  assert.match(
    gates[0]!.measured,
    /^p50 20 ms → 20 ms \(\+0%\), p95 50 ms → 65 ms \(\+30%\), errors 0% → 0% \(n 400, 400\)$/,
  );
  assert.match(
    gates[0]!.limit,
    /last quarter vs first: p50 rise ≤ 5 ms or ≤ 20%, p95 rise ≤ 20 ms or ≤ 30% \(from 400 requests a part\), error rate rise ≤ 1%/,
  );
});

test('a p95 that climbs past both tolerances within the hold fails, naming the rise', () => {
  const [gate] = driftGates([hold(part(50), part(90))], LIMITS, false);
  assert.equal(gate!.passed, false);
  assert.equal(gate!.name, 'aurora-server drift in stage 1 (hold)');
  assert.match(gate!.detail ?? '', /p95 rose 40 ms within the hold at a constant load/);
});

test('a p95 resting on too few requests (under 400 a part) is shown but not judged: the gate rests on p50 and errors', () => {
  assert.equal(P95_MIN_REQUESTS, 400);
  // a healthy local soak's quarter: 165 requests, the p95 up 45 ms from noise alone
  const [noisy] = driftGates([hold(part(71.6, 165, 0, 23.3), part(117, 165, 0, 24.3))], LIMITS, true);
  assert.equal(noisy!.passed, true);
  assert.match(noisy!.measured, /p95 71\.6 ms → 117 ms \(\+63\.4%, not judged under 400 requests a part\)/);
  // the same rise on 400 requests a part is judged, and fails
  const [judged] = driftGates([hold(part(71.6, 400, 0, 23.3), part(117, 400, 0, 24.3))], LIMITS, true);
  assert.equal(judged!.passed, false);
  assert.doesNotMatch(judged!.measured, /not judged/);
  // and a leak is still caught on the median of the small parts
  const [leak] = driftGates([hold(part(90, 165, 0, 30), part(140, 165, 0, 60))], LIMITS, true);
  assert.equal(leak!.passed, false);
  assert.match(leak!.detail ?? '', /^p50 rose 30 ms within the hold at a constant load: a leak$/);
});

test('a median that shifts within the hold (a leak slows every request) fails though the noisy p95 does not', () => {
  const [gate] = driftGates([hold(part(90, 160, 0, 28), part(105, 160, 0, 38))], LIMITS, false);
  assert.equal(gate!.passed, false);
  assert.match(gate!.detail ?? '', /^p50 rose 10 ms within the hold at a constant load: a leak$/);
});

test('an error rate that rises within the hold fails', () => {
  const [gate] = driftGates([hold(part(50, 100, 0), part(50, 100, 3))], LIMITS, false);
  assert.equal(gate!.passed, false);
  assert.match(gate!.detail ?? '', /the error rate rose 3%/);
});

test('too few requests: not judged outside soak; under soak the run fails as not evaluated (exit 3)', () => {
  const thin = hold(part(50, 5), part(500, 5));
  assert.deepEqual(driftGates([thin], LIMITS, false), []);
  const [gate] = driftGates([thin], LIMITS, true);
  assert.equal(gate!.passed, false);
  assert.equal(GATE_KINDS[gate!.kind].exitCode, EXIT.runFailed);
  assert.match(gate!.measured, /^not evaluated: 5 and 5 requests/);
});

test('drift is a registered gate kind that fails the run as a regression (exit 5)', () => {
  assert.equal(GATE_KINDS.drift.exitCode, EXIT.baselineRegressed);
});

test("the hold stages are the profile's hold stages: soak's hold, load's hold, not stress's steps", () => {
  assert.deepEqual(
    holdStages(planProfile('soak', undefined, 60).stages).map((s) => [s.index, s.kind, s.durationSeconds]),
    [[1, 'hold', 60]],
  );
  assert.deepEqual(
    holdStages(planProfile('stress', undefined, 20).stages).map((s) => s.index),
    [],
  );
});

test('the two parts are read from k6 NDJSON: aurora-server phase:request samples of the hold, by time in the stage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-drift-'));
  try {
    const lines: string[] = [];
    const t0 = Date.parse('2026-11-30T00:00:00Z');
    const point = (metric: string, s: number, value: number, tags: Record<string, string>) =>
      lines.push(
        JSON.stringify({ metric, type: 'Point', data: { time: new Date(t0 + s * 1000).toISOString(), value, tags } }),
      );
    const tags = (stage: number, extra: Record<string, string> = {}) => ({
      service: 'aurora-server',
      phase: 'request',
      stage: String(stage),
      scenario: 'rest',
      ...extra,
    });
    for (let i = 0; i < 400; i++) {
      const s = i / 10; // 40 s of hold (stage 1), 10 requests/s
      point('http_req_duration', s, 20 + s * 2, tags(1));
      point('http_req_failed', s, s >= 30 && i % 10 === 0 ? 1 : 0, tags(1));
    }
    point('http_req_duration', 1, 5000, tags(1, { phase: 'poll' })); // RCA poll: not counted
    point('http_req_duration', 1, 5000, tags(0)); // ramp-up: not a hold
    writeFileSync(join(dir, 'k6.ndjson'), `${lines.join('\n')}\n`);
    const [w] = await readHoldWindows(join(dir, 'k6.ndjson'), [{ index: 1, kind: 'hold', durationSeconds: 40 }], 0.25);
    assert.equal(w!.first.requests, 100);
    assert.equal(w!.last.requests, 100);
    assert.equal(w!.first.errors, 0);
    assert.equal(w!.last.errors, 10);
    assert.ok(Math.abs(w!.first.p95! - 39) < 1, `first p95 ${w!.first.p95}`);
    assert.ok(Math.abs(w!.last.p95! - 99) < 1, `last p95 ${w!.last.p95}`);
    assert.equal(driftGates([w!], LIMITS, true)[0]!.passed, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
