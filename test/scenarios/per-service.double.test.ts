// Every service is judged on its own: in a mixed stress run, the chatbot's checks and its dropped
// turns have their own thresholds, so chatbot-drop=0.25 fails the run (exit 99) even where the REST
// mix's passing checks would dilute the overall `checks` rate, and the healthy mixed stress passes.
// Under the k6 test double against the in-process simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningSim } from '../../sim/index.ts';
import { runScenario, simConfig, startTestSim } from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

/** Many REST iterations around the chat turns: the dilution that hid a chatbot regression. */
const EXECS = {
  rest: { vus: 2, iterations: 500 },
  chatbot: { vus: 2, iterations: 40 },
  rca: { vus: 1, iterations: 2 },
};

const stress = () => simConfig(sim, { profile: 'stress' });

test('mixed stress, healthy: the per-service checks and the dropped-turn rate pass', async () => {
  const r = await runScenario('mixed', stress(), { execs: EXECS });
  const failed = r.thresholds.filter((x) => !x.ok).map((x) => `${x.metricKey} ${x.source} (${x.value})`);
  assert.deepEqual(failed, []);
  const keys = r.thresholds.map((x) => x.metricKey);
  for (const key of [
    'checks{service:aurora-server}',
    'checks{service:chatbot}',
    'checks{service:celery}',
    'aurora_ws_turn_dropped',
  ]) {
    assert.ok(keys.includes(key), `${key} is a threshold of the mixed run`);
  }
  assert.equal(r.exitCode, 0);
});

test('mixed stress with chatbot-drop=0.25: the chatbot gates fail (exit 99) though overall checks pass', async (t) => {
  sim.setFaults(['chatbot-drop=0.25']);
  try {
    const r = await runScenario('mixed', stress(), { execs: EXECS });
    const byKey = new Map(r.thresholds.map((x) => [x.metricKey, x]));
    const dropped = byKey.get('aurora_ws_turn_dropped');
    t.diagnostic(
      `aurora_ws_turn_dropped ${dropped?.value}; checks{service:chatbot} ${byKey.get('checks{service:chatbot}')?.value}; checks ${byKey.get('checks')?.value}`,
    );
    assert.equal(dropped?.ok, false, 'the dropped-turn rate fails');
    assert.equal(byKey.get('checks{service:aurora-server}')?.ok, true, 'the REST mix is not blamed');
    assert.equal(byKey.get('checks')?.ok, true, 'the overall checks rate alone would have hidden it');
    assert.equal(r.exitCode, 99);
  } finally {
    sim.clearFaults();
  }
});
