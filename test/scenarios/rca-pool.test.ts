// The rca user pool: sized from the target rate so no user exceeds Aurora's 5 RCAs per 300 s, and a
// replay of round-robin submissions against the simulator's own fixed-window cap proves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { perUserSpacingSeconds, RCA_CAP, rcaUserPoolSize } from '../../lib/core/rca-pool.ts';
import { RateCap } from '../../sim/rca/rate-cap.ts';
import { viaWebhook } from '../../lib/core/rca-rules.ts';

test('pool size = ceil(peak rate x window / (cap - headroom))', () => {
  assert.deepEqual(RCA_CAP, { perUser: 5, windowSeconds: 300 });
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 0.1 }), 8); // 30 per window / 4 per user
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 0.4 }), 30); // stress peak 4 x 0.1
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 1 }), 75);
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 0.001 }), 1);
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 0 }), 1);
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 1, headroom: 0 }), 60);
  assert.throws(() => rcaUserPoolSize({ peakRatePerSecond: 1, headroom: 5 }), /leaves no submission/);
});

test("the simulator's time compression shrinks the window, and the pool with it", () => {
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 0.4, timeScale: 20 }), 2); // 15 s window
  assert.equal(rcaUserPoolSize({ peakRatePerSecond: 4, timeScale: 60 }), 5);
});

test('each user submits no more often than every window / (cap - 1)', () => {
  for (const rate of [0.05, 0.1, 0.3, 1, 2.5]) {
    const pool = rcaUserPoolSize({ peakRatePerSecond: rate });
    assert.ok(perUserSpacingSeconds(pool, rate) >= 300 / 4, `rate ${rate}: ${pool} users`);
  }
});

test('round-robin at the peak rate (with 10% arrival jitter) never trips a fixed-window cap of 5 per 300 s', () => {
  for (const rate of [0.1, 0.4, 1.7]) {
    const pool = rcaUserPoolSize({ peakRatePerSecond: rate });
    let now = 0;
    const cap = new RateCap(() => now * 1000);
    let seed = 7;
    const jitter = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed / 2 ** 31 - 0.5) * 0.2;
    };
    for (let n = 0; n < Math.ceil(rate * 3600); n++) {
      now = (n + jitter()) / rate;
      assert.ok(
        cap.allow(`user-${n % pool}`),
        `rate ${rate}, pool ${pool}: submission ${n} at ${now.toFixed(1)}s was capped`,
      );
    }
  }
});

test('submissions alternate between the webhook and trigger-rca by share', () => {
  const picks = Array.from({ length: 10 }, (_, n) => viaWebhook(n, 0.5));
  assert.equal(picks.filter(Boolean).length, 5);
  assert.equal(Array.from({ length: 10 }, (_, n) => viaWebhook(n, 0.3)).filter(Boolean).length, 3);
  assert.ok(Array.from({ length: 10 }, (_, n) => viaWebhook(n, 1)).every(Boolean));
  assert.ok(!Array.from({ length: 10 }, (_, n) => viaWebhook(n, 0)).some(Boolean));
});
