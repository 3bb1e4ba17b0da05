import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { api, register, startSim, waitFor, type TestUser } from './helpers.ts';

const grafana = (fingerprint: string, status = 'firing') => ({
  title: '[FIRING:1] HighLatency',
  state: 'alerting',
  ruleName: 'HighLatency',
  commonLabels: { alertname: 'HighLatency', severity: 'critical', service: 'checkout' },
  alerts: [
    {
      status,
      fingerprint,
      labels: { alertname: 'HighLatency', service: 'checkout' },
      annotations: {},
      startsAt: new Date().toISOString(),
    },
  ],
});

describe('aurora-sim RCA pipeline (Celery)', () => {
  let sim: RunningSim;
  // Median RCA 60 simulated s at time scale 200: about 0.3 real s.
  before(async () => {
    sim = await startSim({ timeScale: 200, rcaDurationSimMs: { medianMs: 60_000, sigma: 0.1 } });
  });
  after(() => sim.close());

  test('trigger-rca: investigating/idle -> running -> analyzed/summarizing -> complete; the session completes', async () => {
    const user = await register(sim);
    const rca = await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: 'payments failing' });
    const seen = new Set<string>();
    await waitFor(async () => {
      const d = await api(sim, user, 'GET', `/api/incidents/${rca.json.incident_id}`);
      seen.add(`${d.json.incident.status}/${d.json.incident.auroraStatus}`);
      return d.json.incident.auroraStatus === 'complete';
    }, 10_000);
    assert.ok(seen.has('analyzed/complete'));
    assert.ok(
      [...seen].every((s) =>
        ['investigating/idle', 'investigating/running', 'analyzed/summarizing', 'analyzed/complete'].includes(s),
      ),
      [...seen].join(),
    );
    const session = await api(sim, user, 'GET', `/chat_api/sessions/${rca.json.rca_session_id}/status`);
    assert.equal(session.json.status, 'completed');
  });

  test('the per-user cap: 5 RCAs per 300 s, the 6th is 400 "Rate limited — ..."', async () => {
    const user = await register(sim);
    const codes: number[] = [];
    let last: any;
    for (let i = 0; i < 6; i++) {
      last = await api(sim, user, 'POST', '/api/incidents/trigger-rca', { issue_description: `issue ${i}` });
      codes.push(last.status);
    }
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 400]);
    assert.match(last.json.error, /^Rate limited — too many RCA investigations in the last 5 minutes/);
    const other = await register(sim);
    assert.equal(
      (await api(sim, other, 'POST', '/api/incidents/trigger-rca', { issue_description: 'x' })).status,
      200,
      'the cap is per user',
    );
  });

  test('webhook: unknown user 404; first call connects without an incident; empty alerts store none; a repeat fingerprint correlates', async () => {
    assert.equal((await api(sim, null, 'POST', `/grafana/alerts/webhook/${randomUUID()}`, grafana('fp'))).status, 404);
    const user: TestUser = await register(sim);
    const hook = `/grafana/alerts/webhook/${user.id}`;
    const first = await api(sim, null, 'POST', hook, grafana('fp-1'));
    assert.deepEqual(first.json, { received: true });
    await api(sim, null, 'POST', hook, { title: 'no alerts', alerts: [] });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(
      (await api(sim, user, 'GET', '/api/incidents')).json.total,
      0,
      'auto-connect call and empty alerts make no incident',
    );
    await api(sim, null, 'POST', hook, grafana('fp-2'));
    await waitFor(async () => (await api(sim, user, 'GET', '/api/incidents')).json.total === 1, 5000);
    await api(sim, null, 'POST', hook, grafana('fp-2'));
    await waitFor(
      async () => (await api(sim, user, 'GET', '/api/incidents')).json.incidents[0].correlatedAlertCount === 1,
      5000,
    );
    assert.equal((await api(sim, user, 'GET', '/api/incidents')).json.total, 1, 'correlated: no new incident');
    const sessions = await api(sim, user, 'GET', '/chat_api/sessions');
    assert.equal(sessions.json.sessions.length, 1, 'one RCA only');
  });
});
