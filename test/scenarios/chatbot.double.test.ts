// chatbot under the k6 test double against the in-process simulator: healthy, sticky-off, chatbot-drop.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningSim } from '../../sim/index.ts';
import { planFor } from '../../lib/core/profiles.ts';
import { ROUTE } from '../../lib/core/aurora/routes.ts';
import { SYSTEM_TAGS } from '../../lib/core/metric-names.ts';
import {
  failedChecks,
  rateOf,
  runScenario,
  samplesOf,
  SIM_SECRET,
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

const CHAT_METRICS = [
  'aurora_ws_time_to_first_message',
  'aurora_ws_turn_duration',
  'aurora_ws_chunks_per_turn',
  'aurora_sticky_session_ok',
];

test('healthy: conversations stream to END, reconnects stay sticky, all chatbot metrics recorded', async (t) => {
  sim.clearFaults();
  const config = simConfig(sim);
  const r = await runScenario('chatbot', config, { vus: 2, iterations: 6 });
  assert.equal(r.iterations.completed, 6);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(failedChecks(r), []);
  assert.equal(r.exitCode, 0);
  for (const m of CHAT_METRICS) assert.equal(samplesOf(r, m).length, 6, `${m} recorded once per conversation`);
  assert.equal(rateOf(samplesOf(r, 'aurora_sticky_session_ok')), 1);
  assert.equal(
    samplesOf(r, 'aurora_ws_error_frames').reduce((n, s) => n + s.value, 0),
    0,
    'no error frames',
  );
  assert.ok(samplesOf(r, 'aurora_ws_chunks_per_turn').every((s) => s.value >= 1));
  const ws = samplesOf(r, 'ws_connecting');
  assert.equal(ws.length, 12, 'two connections per conversation');
  assert.ok(
    ws.every((s) => s.tags.service === 'chatbot' && !String(s.tags.url).includes('token=ey')),
    'ws samples carry no token',
  );
  assert.deepEqual(untaggedSamples(r, planFor(config).stages.length), []);
  const ttfm = samplesOf(r, 'aurora_ws_time_to_first_message').map((s) => s.value);
  t.diagnostic(`ttfm ${ttfm.map((v) => v.toFixed(0)).join(', ')} ms`);
});

test('no connect token in any sample tag, log line or summary output (and no url tag)', async () => {
  sim.clearFaults();
  const r = await runScenario('chatbot', simConfig(sim), { vus: 1, iterations: 2 });
  assert.equal(r.exitCode, 0, JSON.stringify(r.errors));
  assert.deepEqual(r.options.systemTags, SYSTEM_TAGS, 'k6 default system tags without url');
  assert.equal(samplesOf(r, 'ws_connecting').length, 4, 'the run connected (two sockets per conversation)');
  const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;
  const leaks = (text: string) => text.includes('token=') || JWT.test(text) || text.includes(SIM_SECRET);
  for (const s of r.samples) {
    for (const [k, v] of Object.entries(s.tags)) {
      assert.ok(!leaks(`${k}=${v}`), `${s.metric} carries a token: ${k}=${v}`);
    }
    assert.equal(s.tags.url, undefined, `${s.metric} has a url tag`);
  }
  for (const l of r.logs)
    assert.ok(!leaks(`${l.msg} ${JSON.stringify(l.fields ?? {})}`), `log line carries a token: ${l.msg}`);
  for (const [file, content] of Object.entries(r.summaryOutputs)) {
    assert.ok(typeof content !== 'string' || !leaks(content), `handleSummary output ${file} carries a token`);
  }
  assert.ok(
    samplesOf(r, 'ws_connecting').every((s) => s.tags.name === ROUTE.chatbotWs && s.tags.service === 'chatbot'),
  );
});

test('sticky-off: the sticky-session Rate drops and its gate fails', async (t) => {
  sim.setFaults(['sticky-off']);
  try {
    // One VU: the ingress round-robins over 2 chatbot (and 2 server) pods, so every reconnect of a
    // lone client moves; with concurrent clients some land back on their pod by chance.
    const r = await runScenario('chatbot', simConfig(sim), { vus: 1, iterations: 6 });
    const sticky = rateOf(samplesOf(r, 'aurora_sticky_session_ok'));
    t.diagnostic(`aurora_sticky_session_ok ${sticky.toFixed(2)} (healthy: 1.00)`);
    assert.ok(sticky <= 0.5, `sticky rate ${sticky}`);
    assert.ok(r.thresholds.some((x) => x.metric === 'aurora_sticky_session_ok' && !x.ok));
    assert.equal(r.exitCode, 99);
  } finally {
    sim.clearFaults();
  }
});

test('chatbot-drop=0.5: dropped turns are counted and the END check fails', async (t) => {
  sim.setFaults(['chatbot-drop=0.5']);
  try {
    const r = await runScenario('chatbot', simConfig(sim), { vus: 2, iterations: 10 });
    const dropped = samplesOf(r, 'aurora_ws_error_frames', { kind: 'dropped' }).reduce((n, s) => n + s.value, 0);
    const end = r.checks.filter((c) => c.name === 'chat turn streamed to END').reduce((n, c) => n + c.fails, 0);
    t.diagnostic(
      `aurora_ws_error_frames{kind:dropped} ${dropped} of 10 turns; END check failed ${end} times (healthy: 0, 0)`,
    );
    assert.ok(dropped >= 1);
    assert.ok(end >= 1);
    assert.equal(r.exitCode, 99, 'the checks gate fails');
  } finally {
    sim.clearFaults();
  }
});
