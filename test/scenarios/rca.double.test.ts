// rca under the k6 test double against the in-process simulator: healthy, workers-stalled, latency.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningSim } from '../../sim/index.ts';
import { planFor } from '../../lib/core/profiles.ts';
import {
  failedChecks,
  quantile,
  rateOf,
  runScenario,
  samplesOf,
  simConfig,
  startTestSim,
  TIME_SCALE,
  untaggedSamples,
} from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

const RCA_METRICS = [
  'aurora_rca_accept_latency',
  'aurora_rca_time_to_running',
  'aurora_rca_time_to_complete',
  'aurora_rca_failed',
];

test('healthy: webhook and trigger-rca submissions run to complete, polls tagged apart', async (t) => {
  sim.clearFaults();
  const config = simConfig(sim);
  const r = await runScenario('rca', config, { vus: 2, iterations: 6 });
  assert.equal(r.iterations.completed, 6);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(failedChecks(r), []);
  assert.equal(r.exitCode, 0);
  for (const m of RCA_METRICS) assert.equal(samplesOf(r, m).length, 6, `${m} once per submission`);
  assert.equal(rateOf(samplesOf(r, 'aurora_rca_failed')), 0);
  assert.deepEqual(
    new Set(samplesOf(r, 'aurora_rca_accept_latency').map((s) => s.tags.via)),
    new Set(['webhook', 'trigger-rca']),
  );
  const polls = samplesOf(r, 'http_req_duration', { phase: 'poll' });
  assert.ok(polls.length >= 6);
  assert.deepEqual(
    new Set(polls.map((s) => s.tags.name)),
    new Set(['GET /api/incidents (rca poll)', 'GET /api/incidents/{id} (rca poll)']),
  );
  assert.ok(
    samplesOf(r, 'http_req_duration', { name: 'GET /api/incidents/{id}' }).length === 0,
    'polls never use the REST route name',
  );
  assert.ok(
    r.checks.some((c) => c.name === 'grafana connect call accepted'),
    'setup made the connect call',
  );
  assert.deepEqual(untaggedSamples(r, planFor(config).stages.length), []);
  const complete = samplesOf(r, 'aurora_rca_time_to_complete').map((s) => s.value);
  t.diagnostic(
    `time to complete p50 ${quantile(complete, 0.5).toFixed(0)} ms (sim RCA median 30 s / timeScale ${TIME_SCALE})`,
  );
});

test('workers-stalled: RCAs time out after maxWaitSeconds and the failure gate fails', async (t) => {
  sim.setFaults(['workers-stalled']);
  try {
    // 100 Aurora-seconds = 1 real second at timeScale 100.
    const r = await runScenario(
      'rca',
      simConfig(sim, { rca: { maxWaitSeconds: 100, pollInitialSeconds: 5, pollMaxSeconds: 20 } }),
      { vus: 2, iterations: 4 },
    );
    const failed = samplesOf(r, 'aurora_rca_failed');
    t.diagnostic(
      `aurora_rca_failed ${rateOf(failed).toFixed(2)} (outcomes ${[...new Set(failed.map((s) => s.tags.outcome))].join(',')}; healthy: 0.00)`,
    );
    assert.equal(failed.length, 4);
    assert.equal(rateOf(failed), 1);
    assert.ok(failed.every((s) => s.tags.outcome === 'timeout'));
    assert.equal(samplesOf(r, 'aurora_rca_time_to_complete').length, 0);
    assert.ok(r.thresholds.some((x) => x.metric === 'aurora_rca_failed' && !x.ok));
  } finally {
    sim.clearFaults();
  }
});

test('latency=POST /api/incidents/trigger-rca:300: RCA accept latency rises', async (t) => {
  const config = simConfig(sim, {
    rca: { maxWaitSeconds: 1200, pollInitialSeconds: 2, pollMaxSeconds: 10, webhookShare: 0 },
  });
  sim.clearFaults();
  const healthy = await runScenario('rca', config, { vus: 2, iterations: 4 });
  sim.setFaults(['latency=POST /api/incidents/trigger-rca:300']);
  try {
    const slow = await runScenario('rca', config, { vus: 2, iterations: 4 });
    const med = (x: typeof healthy) =>
      quantile(
        samplesOf(x, 'aurora_rca_accept_latency').map((s) => s.value),
        0.5,
      );
    t.diagnostic(`aurora_rca_accept_latency median ${med(healthy).toFixed(0)} ms -> ${med(slow).toFixed(0)} ms`);
    assert.ok(med(slow) - med(healthy) >= 200);
  } finally {
    sim.clearFaults();
  }
});

test('smoke: an RCA is followed only until a worker has it (outcome started), not to complete', async () => {
  sim.clearFaults();
  const r = await runScenario('rca', simConfig(sim, { profile: 'smoke' }), { vus: 2, iterations: 4 });
  assert.equal(r.exitCode, 0, r.errors.join('\n'));
  const failed = samplesOf(r, 'aurora_rca_failed');
  assert.equal(failed.length, 4);
  assert.ok(
    failed.every((s) => s.tags.outcome === 'started' && s.value === 0),
    failed.map((s) => s.tags.outcome).join(),
  );
  assert.equal(samplesOf(r, 'aurora_rca_time_to_running').length, 4);
  assert.equal(samplesOf(r, 'aurora_rca_time_to_complete').length, 0, 'a smoke does not wait for completion');
});
