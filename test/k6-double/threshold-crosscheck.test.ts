// The double's independent threshold parser (metrics/thresholds.ts) cross-checks the suite's own
// (lib's threshold expressions): both read every threshold the suite builds, under every profile,
// the same way, and agree on which edge cases k6 accepts. A disagreement is a bug in one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMetricKey as suiteMetricKey, parseThresholdExpression } from '../../lib/core/threshold-grammar.ts';
import { PROFILE_NAMES } from '../../lib/core/run-config.ts';
import { buildThresholds } from '../../thresholds/build.ts';
import { parseMetricKey as doubleMetricKey, parseThresholdExpr } from './metrics/thresholds.ts';

/** Both parsers' reading of one expression, in one shape; null when it is refused. */
function readings(source: string): { suite: string | null; double: string | null } {
  const s = parseThresholdExpression(source);
  let double: string | null;
  try {
    const d = parseThresholdExpr(source);
    double = `${d.key} ${d.op} ${d.rhs}`;
  } catch {
    double = null;
  }
  return { suite: s.ok ? `${s.value.aggregation} ${s.value.operator} ${s.value.value}` : null, double };
}

test('both parsers read every threshold the suite builds, under every profile, alike', () => {
  let compared = 0;
  for (const profile of PROFILE_NAMES) {
    const thresholds = buildThresholds({
      profile,
      scenarios: ['rest', 'chatbot', 'rca'],
      gateStages: profile === 'nightly' ? [1] : undefined,
      timeScale: 20,
    });
    for (const [key, entries] of Object.entries(thresholds)) {
      const suiteKey = suiteMetricKey(key);
      assert.ok(suiteKey.ok, key);
      const d = doubleMetricKey(key);
      assert.deepEqual({ metric: d.name, tags: d.tags ?? {} }, suiteKey.value, `${profile} ${key}`);
      for (const entry of entries) {
        const source = typeof entry === 'string' ? entry : entry.threshold;
        const r = readings(source);
        assert.notEqual(r.suite, null, `${profile} ${key}: ${source}`);
        assert.equal(r.double, r.suite, `${profile} ${key}: ${source}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 50, `compared ${compared} expressions`);
});

test("both parsers agree on k6's edge cases: operator scan order, percentiles, numbers, refusals", () => {
  const cases: [string, string | null][] = [
    ['p(95)<=200', 'p(95) <= 200'],
    ['rate == 0', 'rate == 0'],
    ['count>10', 'count > 10'],
    ['med===5', 'med === 5'],
    ['value!=3', 'value != 3'],
    ['p(99.0)<1', 'p(99) < 1'],
    ['p(99.9) < 1e3', 'p(99.9) < 1000'],
    ['avg>=-1.5', 'avg >= -1.5'],
    ['avg 250', null],
    ['mean<250', null],
    ['p(101)<1', null],
    ['p()<1', null],
    ['avg<abc', null],
    ['avg<', null],
    ['avg<0x10', null],
  ];
  for (const [source, expected] of cases) {
    assert.deepEqual(readings(source), { suite: expected, double: expected }, source);
  }
});
