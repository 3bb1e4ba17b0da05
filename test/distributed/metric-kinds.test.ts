// Specification of the metric kinds a distributed run's thresholds are judged with in Prometheus:
// every metric any scenario's thresholds name under any profile has a known k6 type, and the suite's
// own metrics have the type lib/core declares.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricKinds } from '../../cli/distributed/index.ts';
import { prepareRun, parseLoadArgs } from '../../cli/plan/index.ts';
import { METRIC_DEFS, METRICS } from '../../lib/core/metric-names.ts';
import { FAST_ENV, ROOT } from '../cli/load-helpers.ts';

test("the suite's metrics have the kinds lib/core declares; k6's time trends are times", () => {
  const kinds = metricKinds();
  for (const [id, def] of Object.entries(METRIC_DEFS)) {
    const name = METRICS[id as keyof typeof METRICS];
    assert.deepEqual(kinds[name], { type: def.type, contains: def.isTime ? 'time' : 'default' }, name);
  }
  assert.deepEqual(kinds.http_req_duration, { type: 'trend', contains: 'time' });
  assert.deepEqual(kinds.http_req_failed, { type: 'rate', contains: 'default' });
  assert.deepEqual(kinds.data_received, { type: 'counter', contains: 'data' });
});

test("every threshold of every scenario's plan names a metric of known kind", async () => {
  const kinds = metricKinds();
  for (const scenario of ['mixed', 'rest', 'chatbot', 'rca', 'smoke']) {
    for (const profile of scenario === 'smoke' ? ['smoke'] : ['smoke', 'load', 'stress']) {
      const args = parseLoadArgs(['--env', FAST_ENV, '--scenario', scenario, '--profile', profile]);
      assert.ok(args.ok);
      const prepared = await prepareRun(args.args, ROOT, { AURORA_TEST_INTERNAL_API_SECRET: 'x' });
      assert.ok(prepared.ok, `${scenario}/${profile}`);
      for (const key of Object.keys(prepared.prepared.shape.thresholds)) {
        const metric = key.split('{')[0];
        assert.ok(kinds[metric], `${scenario}/${profile}: ${key} names ${metric}, whose kind is unknown`);
      }
    }
  }
});
