// Specification of the wind-down (cli/run/terminal/wind-down.ts): before the load the run states how
// long the wind-down may last, why, and the run's maximum wall time; after the load stages end it
// says what k6 waits for (RCAs in flight, the oldest's age at least) and by when it stops waiting,
// at most every 15 s; never silent for minutes with only a progress bar on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLines, WindDown, windDownPlanLine, windDownSample } from '../../cli/run/terminal/index.ts';
import type { LoadShape, RunPlan } from '../../cli/plan/index.ts';

const T0 = Date.parse('2026-11-30T06:00:00Z');
const at = (s: number) => T0 + s * 1000;
const point = (metric: string, s: number, tags: Record<string, string> = {}) =>
  JSON.stringify({ metric, type: 'Point', data: { time: new Date(at(s)).toISOString(), value: 1, tags } });

test('the plan line states the load, the wind-down and its reason on the target clock, and the wall-time bound', () => {
  const shape = {
    durationSeconds: 390,
    gracefulStopSeconds: 622,
    scenarios: [{ name: 'rca', exec: 'rca', executor: 'ramping-arrival-rate' }],
  } as unknown as LoadShape;
  const plan = { runConfig: { timeScale: 1, rca: { maxWaitSeconds: 600 } } } as unknown as RunPlan;
  assert.equal(
    windDownPlanLine(shape, plan, 1_140_000),
    "plan: load for 6m30s, then up to 10m22s of wind-down while RCAs in flight are followed up to rca.maxWaitSeconds 600s of the target's clock; k6 is stopped after 19m00s at the latest (setup included)",
  );
  const simPlan = { runConfig: { timeScale: 20, rca: { maxWaitSeconds: 600 } } } as unknown as RunPlan;
  assert.match(windDownPlanLine(shape, simPlan, 1_140_000), /600s of the target's clock \(30s here\)/);
});

test('after the load: RCAs in flight with the oldest age, every 15 s at most, then once "none in flight"', () => {
  const w = new WindDown(60, 120, true);
  w.add({ metric: 'http_reqs', timeMs: at(0), inLoad: true }); // the load starts at 0 s
  for (const s of [10, 20, 50, 55, 58]) w.add({ metric: 'aurora_rca_accept_latency', timeMs: at(s), inLoad: true });
  w.add({ metric: 'aurora_rca_failed', timeMs: at(40), inLoad: true }); // one of them ended
  assert.equal(w.inFlight, 4);
  assert.equal(w.status(at(59)), null, 'nothing while the load runs');
  assert.equal(
    w.status(at(61)),
    'wind-down (1s after the load): waiting for 4 RCAs in flight, the oldest submitted 41s ago or more; k6 stops waiting in 1m59s at most',
  );
  assert.equal(w.status(at(70)), null, 'not again within 15 s');
  w.add({ metric: 'aurora_rca_failed', timeMs: at(72), inLoad: true });
  assert.match(
    w.status(at(76)) ?? '',
    /waiting for 3 RCAs in flight, the oldest submitted 26s ago or more; k6 stops waiting in 1m44s/,
  );
  for (const s of [80, 81, 82]) w.add({ metric: 'aurora_rca_failed', timeMs: at(s), inLoad: true });
  assert.equal(
    w.status(at(91)),
    'wind-down (31s after the load): no RCA in flight; k6 ends once the last iterations finish, in 1m29s at most',
  );
  assert.equal(w.status(at(120)), null, 'said once');
});

test('a run without RCAs says once that k6 waits for its last iterations, and by when at most', () => {
  const w = new WindDown(30, 130, false);
  w.add({ metric: 'http_reqs', timeMs: at(0), inLoad: true });
  assert.equal(
    w.status(at(31)),
    'wind-down (1s after the load): k6 ends once the last iterations finish, in 2m09s at most',
  );
  assert.equal(w.status(at(60)), null);
});

test("k6's NDJSON is read as it grows: only RCA points and, until the load starts, stage-tagged points", () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-follow-'));
  try {
    const file = join(dir, 'k6.ndjson');
    const w = new WindDown(10, 60, true);
    const seen: string[] = [];
    const f = followLines(file, (line) => {
      const s = windDownSample(line, w.wantsLoadStart);
      if (s) {
        seen.push(s.metric);
        w.add(s);
      }
    });
    f.poll(); // no file yet
    writeFileSync(file, `${point('http_reqs', 0, { phase: 'setup' })}\n${point('http_reqs', 1, { stage: '0' })}\n`);
    appendFileSync(
      file,
      `${point('http_reqs', 2, { stage: '0' })}\n${point('aurora_rca_accept_latency', 3, { stage: '0' })}\n{"metric":"aurora_rca_fa`,
    );
    f.poll();
    appendFileSync(
      file,
      `iled","type":"Point","data":{"time":"${new Date(at(9)).toISOString()}","value":0,"tags":{"stage":"0"}}}\n`,
    );
    f.poll();
    f.close();
    assert.deepEqual(seen, ['http_reqs', 'aurora_rca_accept_latency', 'aurora_rca_failed']);
    assert.equal(w.inFlight, 0);
    assert.match(w.status(at(12)) ?? '', /^wind-down \(1s after the load\): no RCA in flight/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
