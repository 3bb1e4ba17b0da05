// mixed under the k6 test double against the in-process simulator: the three scenarios together,
// every check passing and every custom metric recorded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningSim } from '../../sim/index.ts';
import { METRICS } from '../../lib/core/metric-names.ts';
import { planFor } from '../../lib/core/profiles.ts';
import { failedChecks, runScenario, samplesOf, simConfig, startTestSim, untaggedSamples } from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

test('healthy: rest, chatbot and rca run side by side; every custom metric is recorded', async (t) => {
  const config = simConfig(sim);
  const r = await runScenario('mixed', config, {
    execs: { rest: { vus: 2, iterations: 12 }, chatbot: { vus: 1, iterations: 3 }, rca: { vus: 2, iterations: 4 } },
  });
  assert.equal(r.iterations.completed, 19);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(failedChecks(r), []);
  assert.equal(r.exitCode, 0, JSON.stringify(r.thresholds.filter((x) => !x.ok)));
  const missing = Object.values(METRICS).filter((m) => samplesOf(r, m).length === 0);
  assert.deepEqual(missing, [], 'every custom metric has samples');
  assert.deepEqual(
    new Set(samplesOf(r, 'iterations').map((s) => s.tags.scenario)),
    new Set(['rest', 'chatbot', 'rca']),
  );
  assert.deepEqual(new Set(samplesOf(r, 'http_reqs').map((s) => s.tags.service)), new Set(['aurora-server']));
  assert.deepEqual(
    new Set(samplesOf(r, 'aurora_rca_time_to_complete').map((s) => s.tags.service)),
    new Set(['celery']),
  );
  assert.deepEqual(untaggedSamples(r, planFor(config).stages.length), []);
  t.diagnostic(
    `${r.checks.reduce((n, c) => n + c.passes, 0)} checks passed; ${Object.values(METRICS).length} custom metrics recorded`,
  );
});
