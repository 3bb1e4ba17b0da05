// Simulated time and real-time CPU metering.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createClock, createManualClock } from '../../sim/clock.ts';
import { CpuMeter } from '../../sim/cluster/cpu-meter.ts';

describe('the simulated clock', () => {
  test('compresses simulated periods by the time scale', async () => {
    const clock = createClock(20, { unref: false });
    assert.equal(clock.toReal(15_000), 750);
    const started = Date.now();
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 2_000)); // 100 real ms
    const real = Date.now() - started;
    assert.ok(real >= 90 && real < 2_000, `took ${real} real ms`);
    assert.ok(clock.now() >= 1_800, `simulated time ${clock.now()} ms`);
  });

  test('cancels timers and intervals', async () => {
    const clock = createClock(100, { unref: false });
    let fired = 0;
    clock.setTimeout(() => fired++, 1_000)();
    const stop = clock.setInterval(() => fired++, 1_000);
    // Wait for the interval to fire twice (10 ms apart at time scale 100; longer on a busy machine).
    for (let waited = 0; fired < 2 && waited < 5_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    stop();
    const seen = fired;
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.ok(seen >= 2, `interval fired ${seen} times`);
    assert.equal(fired, seen, 'nothing fires after cancel');
  });

  test('rejects a time scale that is not a positive number', () => {
    assert.throws(() => createClock(0), RangeError);
    assert.throws(() => createClock(Number.NaN), RangeError);
  });

  test('a manual clock fires due timers in order, only when advanced', () => {
    const clock = createManualClock(10);
    const seen: string[] = [];
    clock.setInterval(() => seen.push(`tick@${clock.now()}`), 15_000);
    clock.setTimeout(() => seen.push(`once@${clock.now()}`), 20_000);
    clock.advance(14_999);
    assert.deepEqual(seen, []);
    clock.advance(30_001);
    assert.deepEqual(seen, ['tick@15000', 'once@20000', 'tick@30000', 'tick@45000']);
    assert.equal(clock.now(), 45_000);
    assert.equal(clock.toReal(15_000), 1_500);
  });
});

describe('CPU metering (real time, like metrics-server)', () => {
  function meterAt() {
    const t = { now: 0 };
    const meter = new CpuMeter({ windowMs: 1_000, warmupMs: 250, now: () => t.now });
    return { t, meter };
  }

  test('reports CPU-ms per window as millicores', () => {
    const { t, meter } = meterAt();
    meter.track('pod-a', Number.NEGATIVE_INFINITY);
    for (t.now = 0; t.now < 1_000; t.now += 100) meter.add('pod-a', 40); // 400 CPU-ms in 1 s
    t.now = 1_000;
    assert.equal(Math.round(meter.millicores('pod-a')!), 400);
  });

  test('forgets CPU older than the window', () => {
    const { t, meter } = meterAt();
    meter.track('pod-a', Number.NEGATIVE_INFINITY);
    meter.add('pod-a', 500);
    t.now = 2_500;
    assert.equal(meter.millicores('pod-a'), 0);
  });

  test('a newly Ready pod has no metric until warm-up, then is measured over its Ready time', () => {
    const { t, meter } = meterAt();
    meter.track('pod-b', 0);
    t.now = 100;
    meter.add('pod-b', 50);
    assert.equal(meter.millicores('pod-b'), undefined);
    t.now = 500;
    assert.equal(Math.round(meter.millicores('pod-b')!), 100); // 50 CPU-ms over 500 ms
  });

  test('ignores unknown pods and nonsense amounts', () => {
    const { meter } = meterAt();
    meter.add('ghost', 10);
    meter.track('pod-c', Number.NEGATIVE_INFINITY);
    meter.add('pod-c', Number.NaN);
    meter.add('pod-c', -5);
    assert.equal(meter.millicores('ghost'), undefined);
    assert.equal(meter.millicores('pod-c'), 0);
  });
});
