// rest under the k6 test double against the in-process simulator: healthy, error-rate, latency.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  untaggedSamples,
} from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

const onlyIncidentList = {
  incidentList: 1,
  incidentDetail: 0,
  incidentAlerts: 0,
  sessionList: 0,
  sessionStatus: 0,
  sessionCreate: 0,
  messagesRead: 0,
  readiness: 0,
};

test('healthy: iterations complete, every check passes, every sample is tagged', async (t) => {
  sim.clearFaults();
  const config = simConfig(sim);
  const r = await runScenario('rest', config, { vus: 2, iterations: 16 });
  assert.equal(r.iterations.completed, 16);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(failedChecks(r), []);
  assert.ok(r.checks.reduce((n, c) => n + c.passes, 0) >= 16);
  assert.equal(r.exitCode, 0, 'thresholds pass');
  assert.deepEqual(untaggedSamples(r, planFor(config).stages.length), []);
  const names = new Set(
    samplesOf(r, 'http_req_duration')
      .filter((s) => s.tags.phase === 'request')
      .map((s) => s.tags.name),
  );
  assert.ok(names.size >= 3, `several routes of the mix ran: ${[...names].join(', ')}`);
  const contract = samplesOf(r, 'aurora_contract_violations');
  assert.ok(contract.length > 0 && rateOf(contract) === 0, 'sampled contracts hold');
  // handleSummary: the JSON where AURORA_SUMMARY_PATH says, and a text on stdout.
  const json = JSON.parse(readFileSync(join(r.summaryDir, 'summary.json'), 'utf8'));
  assert.ok(json.metrics['http_req_duration{service:aurora-server,phase:request}'].thresholds);
  assert.match(String(r.summaryOutputs.stdout), /thresholds: \d+ of \d+ passed/);
  t.diagnostic(`checks ${r.checks.reduce((n, c) => n + c.passes, 0)} passed; routes ${[...names].join(', ')}`);
});

test('error-rate=0.3: REST checks and the error-rate gate fail', async (t) => {
  sim.setFaults(['error-rate=0.3']);
  try {
    const r = await runScenario('rest', simConfig(sim), { vus: 2, iterations: 40 });
    const checks = samplesOf(r, 'checks');
    const failShare = 1 - rateOf(checks);
    const httpFailed = rateOf(samplesOf(r, 'http_req_failed', { phase: 'request' }));
    t.diagnostic(`check failure share ${failShare.toFixed(2)}, http_req_failed ${httpFailed.toFixed(2)} (healthy: 0)`);
    // The simulator's draws are seeded, so the share is not a fair coin per run: demand a clear signal, not 0.3.
    assert.ok(failShare >= 0.05, `checks fail (${failShare})`);
    assert.ok(httpFailed >= 0.05);
    assert.equal(r.exitCode, 99, 'thresholds fail');
    assert.ok(r.thresholds.some((x) => !x.ok && x.metric.startsWith('http_req_failed')));
  } finally {
    sim.clearFaults();
  }
});

test("latency=GET /api/incidents:300: the route's time trend rises", async (t) => {
  const config = simConfig(sim, { restWeights: onlyIncidentList });
  sim.clearFaults();
  const healthy = await runScenario('rest', config, { vus: 1, iterations: 8 });
  sim.setFaults(['latency=GET /api/incidents:300']);
  try {
    const slow = await runScenario('rest', config, { vus: 1, iterations: 8 });
    const med = (r: typeof healthy) =>
      quantile(
        samplesOf(r, 'http_req_duration', { name: 'GET /api/incidents', phase: 'request' }).map((s) => s.value),
        0.5,
      );
    t.diagnostic(`GET /api/incidents median ${med(healthy).toFixed(0)} ms -> ${med(slow).toFixed(0)} ms`);
    assert.ok(med(slow) - med(healthy) >= 200, `${med(healthy)} -> ${med(slow)}`);
    assert.deepEqual(failedChecks(slow), []);
  } finally {
    sim.clearFaults();
  }
});

test('setup() refuses a target that is down, naming the probe', async () => {
  const r = await runScenario('rest', simConfig(sim, { apiUrl: 'http://127.0.0.1:1' }), { vus: 1, iterations: 1 });
  assert.equal(r.iterations.completed, 0);
  const setupError = r.errors.find((e) => e.phase === 'setup');
  assert.ok(setupError, JSON.stringify(r.errors));
  assert.match(setupError.message, /http:\/\/127\.0\.0\.1:1\/health\/liveness answered .*is the target up/);
  assert.notEqual(r.exitCode, 0);
});
