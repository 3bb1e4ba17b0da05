// README.md stays in step with the code: every scenario, profile, custom metric and
// threshold key the builder makes for the load profile is named there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METRICS } from '../../lib/core/metric-names.ts';
import { PROFILE_NAMES } from '../../lib/core/run-config.ts';
import { buildThresholds } from '../../thresholds/build.ts';

const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README.md names every scenario, profile and custom metric', () => {
  for (const s of ['rest', 'chatbot', 'rca', 'mixed', 'smoke']) assert.ok(doc.includes(`| \`${s}\``), `scenario ${s}`);
  for (const p of PROFILE_NAMES) assert.ok(doc.includes(`| \`${p}\``), `profile ${p}`);
  for (const m of Object.values(METRICS)) assert.ok(doc.includes(`\`${m}\``), `metric ${m}`);
});

test("README.md lists the load profile's threshold keys and expressions", () => {
  const map = buildThresholds({ profile: 'load', scenarios: ['rest', 'chatbot', 'rca'] });
  for (const [key, list] of Object.entries(map)) {
    const shortKey = key.replace(/^http_req_duration\{service:aurora-server,(name:.*),phase:request\}$/, '$1');
    assert.ok(doc.includes(key) || doc.includes(shortKey.replace(/^name:/, '')), `key ${key}`);
    for (const e of list) {
      const expr = typeof e === 'string' ? e : e.threshold;
      assert.ok(doc.includes(expr), `${key}: ${expr}`);
    }
  }
});
