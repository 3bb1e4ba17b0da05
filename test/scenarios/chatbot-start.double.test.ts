// The chatbot's START under pressure, under the k6 test double: a saturated chatbot pool still starts
// every connection and reconnect, and a socket that is accepted but never started is given up after
// the start timeout (counted as aurora_ws_error_frames{kind:no-start}), never held to the turn timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RunningSim } from '../../sim/index.ts';
import { checksByName, runScenario, samplesOf, simConfig, startTestSim } from './helpers.ts';

let sim: RunningSim;
before(async () => {
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
});

const errorFrames = (r: Awaited<ReturnType<typeof runScenario>>, kind: string): number =>
  samplesOf(r, 'aurora_ws_error_frames', { kind }).reduce((n, s) => n + s.value, 0);

test('a saturated chatbot pool: 16 VUs back to back, every connection and reconnect gets START', async (t) => {
  sim.clearFaults();
  const started = Date.now();
  const r = await runScenario('chatbot', simConfig(sim), { vus: 16, iterations: 48 });
  const checks = checksByName(r);
  t.diagnostic(`48 conversations on 16 VUs in ${Date.now() - started} ms`);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(checks['chat reconnect with a fresh token got START'], { passes: 48, fails: 0 });
  assert.deepEqual(checks['chat turn streamed to END'], { passes: 48, fails: 0 });
  assert.equal(errorFrames(r, 'no-start'), 0);
  assert.equal(samplesOf(r, 'ws_connecting').length, 96, 'two connections per conversation');
});

test('a pod that accepts the socket but never sends START is given up after the start timeout', async (t) => {
  // A chatbot endpoint that upgrades and then stays silent: what a stuck pod looks like to the client.
  const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => silent.once('listening', () => resolve()));
  const accepted: number[] = [];
  silent.on('connection', () => accepted.push(Date.now()));
  try {
    const wsUrl = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const config = simConfig(sim, { wsUrl, chatbot: { turnTimeoutSeconds: 30, startTimeoutSeconds: 1 } });
    const began = Date.now();
    const r = await runScenario('chatbot', config, { vus: 1, iterations: 1 });
    const tookMs = Date.now() - began;
    t.diagnostic(`one conversation against a silent pod took ${tookMs} ms (turn timeout 30 s, start timeout 1 s)`);
    const checks = checksByName(r);
    assert.equal(accepted.length, 2, 'the turn and the reconnect both reached the silent pod');
    assert.deepEqual(checks['chat turn streamed to END'], { passes: 0, fails: 1 });
    assert.deepEqual(checks['chat reconnect with a fresh token got START'], { passes: 0, fails: 1 });
    assert.equal(errorFrames(r, 'no-start'), 2);
    assert.ok(tookMs < 20_000, `the iteration waited ${tookMs} ms: held to the turn timeout`);
  } finally {
    for (const c of silent.clients) c.terminate();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
