// smoke under the k6 test double against the in-process simulator: it targets the run config's
// API (not a fixed port), writes the summary the CLI gates on, and fails when liveness fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSim } from '../../sim/index.ts';
import { failedChecks, runScenario, samplesOf, simConfig, startTestSim } from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

test('healthy: liveness answers alive at the configured target, thresholds pass, summary written', async () => {
  sim.clearFaults();
  const r = await runScenario('smoke', simConfig(sim), { vus: 1, iterations: 4 });
  assert.deepEqual(failedChecks(r), []);
  assert.equal(r.exitCode, 0);
  const durations = samplesOf(r, 'http_req_duration', { name: 'GET /health/liveness', service: 'aurora-server' });
  assert.equal(durations.length, 4);
  assert.ok(existsSync(join(r.summaryDir, 'summary.json')), 'handleSummary wrote the summary JSON');
});

test('error-rate=1: every liveness check fails and so do the thresholds', async () => {
  sim.setFaults(['error-rate=1']);
  try {
    const r = await runScenario('smoke', simConfig(sim), { vus: 1, iterations: 4 });
    assert.ok(
      failedChecks(r).some((c) => c.startsWith('liveness is 200')),
      failedChecks(r).join('; '),
    );
    assert.equal(r.exitCode, 99);
  } finally {
    sim.clearFaults();
  }
});
