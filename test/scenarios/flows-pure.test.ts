// The pure parts of the flows: response guards, chatbot frame kinds and frame budget, the REST mix,
// RCA polling back-off, webhook payloads, route names, and the handleSummary text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTRACTS, errorFrameKind, violation } from '../../lib/core/aurora/contracts.ts';
import { FrameBudget } from '../../lib/core/aurora/frame-budget.ts';
import { pickAction, weightTable } from '../../lib/core/rest-mix.ts';
import { maxWaitRealSeconds, pollDelaySeconds, rcaPhase } from '../../lib/core/rca-poll.ts';
import { grafanaAlert, grafanaConnectCall, submission, triggerRcaBody } from '../../lib/core/aurora/grafana.ts';
import { ROUTE } from '../../lib/core/aurora/routes.ts';
import { chatbotUrl, httpOriginOf, identityHeaders } from '../../lib/core/aurora/target.ts';
import { renderSummaryText, summaryOutputs } from '../../lib/k6/summary.ts';

const incident = {
  id: 'i1',
  sourceType: 'grafana',
  status: 'investigating',
  severity: 'high',
  alert: { title: 't', service: 's', source: 'grafana' },
  auroraStatus: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

test("guards accept the contract's bodies and name the first problem with its path", () => {
  assert.equal(violation('incidentList', { incidents: [incident], total: 1 }), null);
  assert.equal(violation('incidentDetail', { incident: { ...incident, suggestions: [], citations: [] } }), null);
  assert.equal(
    violation('incidentList', { incidents: [{ ...incident, auroraStatus: 3 }], total: 1 }),
    'incidents[0].auroraStatus: expected string, got number',
  );
  assert.equal(violation('incidentList', { total: 1 }), 'incidents: expected array, got undefined');
  assert.equal(
    violation('sessionCreate', {
      id: 's',
      title: null,
      messages: [],
      ui_state: {},
      created_at: 'x',
      updated_at: 'x',
      status: 'active',
    }),
    null,
  );
  assert.equal(
    violation('sessionStatus', { status: 'active', message_count: '2' }),
    'message_count: expected number, got string',
  );
  assert.equal(violation('triggerRca', { status: 'ok', incident_id: 'i', rca_session_id: 's', message: 'm' }), null);
  assert.equal(violation('grafanaWebhook', { received: false }), 'received: expected one of true, got false');
  assert.equal(violation('liveness', 'alive'), '$: expected object, got string');
  assert.ok(Object.keys(CONTRACTS).length >= 10);
});

test('chatbot error frames are classified by their text', () => {
  assert.equal(errorFrameKind('Authentication failed: missing or invalid token.'), 'auth');
  assert.equal(errorFrameKind('Rate limit exceeded. Please wait and try again.'), 'rate_limit');
  assert.equal(errorFrameKind('Workflow timed out'), 'server');
  assert.equal(errorFrameKind(undefined), 'server');
});

test('the frame budget allows a burst of 5, then one per 12 s', () => {
  let now = 0;
  const b = new FrameBudget(() => now);
  for (let i = 0; i < 5; i++) assert.ok(b.take(), `frame ${i}`);
  assert.equal(b.take(), false);
  assert.equal(b.waitMs(), 12_000);
  now = 12_000;
  assert.ok(b.take());
  assert.equal(b.take(), false);
});

test('the REST mix picks by weight and skips zero weights', () => {
  const table = weightTable({ incidentList: 3, incidentDetail: 0, readiness: 1 });
  assert.deepEqual(table.actions, ['incidentList', 'readiness']);
  assert.equal(pickAction(table, 0), 'incidentList');
  assert.equal(pickAction(table, 0.74), 'incidentList');
  assert.equal(pickAction(table, 0.75), 'readiness');
  assert.equal(pickAction(table, 0.9999), 'readiness');
  const counts: Record<string, number> = {};
  for (let i = 0; i < 1000; i++) {
    const a = pickAction(table, i / 1000);
    counts[a] = (counts[a] ?? 0) + 1;
  }
  assert.deepEqual(counts, { incidentList: 750, readiness: 250 });
  assert.throws(() => weightTable({ readiness: 0 }), /every weight is 0/);
});

test('RCA polling backs off to its max, scaled by timeScale, never past the deadline', () => {
  const t = { initialSeconds: 1, maxSeconds: 15, maxWaitSeconds: 600, timeScale: 1 };
  assert.deepEqual(
    [0, 1, 2, 3, 10].map((a) => pollDelaySeconds(t, a, 1e9)),
    [1, 1.5, 2.25, 3.375, 15],
  );
  assert.equal(pollDelaySeconds(t, 10, 4), 4);
  assert.equal(pollDelaySeconds({ ...t, timeScale: 10 }, 0, 1e9), 0.1);
  assert.equal(maxWaitRealSeconds({ maxWaitSeconds: 600, timeScale: 20 }), 30);
  assert.deepEqual(['idle', null, 'queued', 'running', 'summarizing', 'complete', 'error'].map(rcaPhase), [
    'waiting',
    'waiting',
    'waiting',
    'running',
    'running',
    'complete',
    'error',
  ]);
});

test('every RCA submission has its own fingerprint, title and service', () => {
  const subs = Array.from({ length: 200 }, (_, n) => submission('run1', n));
  for (const field of ['fingerprint', 'title', 'service', 'tag'] as const) {
    assert.equal(new Set(subs.map((s) => s[field])).size, subs.length, field);
  }
  const alert = grafanaAlert(subs[3], '2026-01-01T00:00:00Z') as {
    alerts: { fingerprint: string; labels: { alertname: string; service: string }; status: string }[];
  };
  assert.equal(alert.alerts.length, 1);
  assert.equal(alert.alerts[0].fingerprint, subs[3].fingerprint);
  assert.equal(alert.alerts[0].labels.alertname, subs[3].title);
  assert.equal(alert.alerts[0].status, 'firing');
  assert.deepEqual(
    (grafanaConnectCall('run1') as { alerts: unknown[] }).alerts,
    [],
    'the connect call carries no alert, so it never starts an RCA',
  );
  const body = triggerRcaBody(subs[0]) as { issue_description: string; severity: string };
  assert.ok(body.issue_description.length <= 4000);
  assert.ok(['critical', 'high', 'medium', 'low'].includes(body.severity));
});

test('route names are stable templates without ids or commas', () => {
  for (const name of Object.values(ROUTE)) {
    assert.ok(!name.includes(','), name);
    assert.match(name, /^(GET|POST|WS) \//);
  }
  assert.equal(ROUTE.rcaPollDetail, 'GET /api/incidents/{id} (rca poll)');
});

test('identity headers per contract §1.1, and ws URLs', () => {
  assert.deepEqual(identityHeaders({ apiUrl: '', wsUrl: '', secret: 's' }, { id: 'u', orgId: 'o' }), {
    'X-User-ID': 'u',
    'X-Org-ID': 'o',
    'X-Internal-Secret': 's',
  });
  assert.deepEqual(identityHeaders({ apiUrl: '', wsUrl: '', secret: '' }, { id: 'u', orgId: 'o' }), {
    'X-User-ID': 'u',
    'X-Org-ID': 'o',
  });
  assert.equal(chatbotUrl('wss://ws.example.com/', 'a.b+c'), 'wss://ws.example.com/?token=a.b%2Bc');
  assert.equal(httpOriginOf('wss://ws.example.com'), 'https://ws.example.com');
  assert.equal(httpOriginOf('ws://127.0.0.1:5080'), 'http://127.0.0.1:5080');
});

test('the summary text lists checks, key trends and thresholds with PASS/FAIL', () => {
  const data = {
    root_group: { name: '', checks: [{ name: 'incident list is 200', passes: 9, fails: 1 }], groups: [] },
    state: { testRunDurationMs: 12_300 },
    metrics: {
      iterations: { type: 'counter' as const, values: { count: 10, rate: 1 } },
      http_reqs: { type: 'counter' as const, values: { count: 10, rate: 1 } },
      http_req_duration: {
        type: 'trend' as const,
        contains: 'time',
        values: { 'p(50)': 20, 'p(95)': 95.5, 'p(99)': 1500, count: 10 },
      },
      'http_req_duration{service:aurora-server,phase:request}': {
        type: 'trend' as const,
        contains: 'time',
        values: { 'p(50)': 20, 'p(95)': 95.5, 'p(99)': 1500, count: 10 },
        thresholds: { 'p(95)<500': { ok: true }, 'p(99)<1200': { ok: false } },
      },
      checks: {
        type: 'rate' as const,
        values: { rate: 0.9, passes: 9, fails: 1 },
        thresholds: { 'rate>0.99': { ok: false } },
      },
    },
  };
  const text = renderSummaryText(data);
  assert.match(text, /aurora-load summary in 12\.3s: 10 iterations, 10 HTTP requests, 0 dropped/);
  assert.match(text, /FAIL incident list is 200: 9\/10 \(1 failed\)/);
  assert.match(text, /http_req_duration\s+20\.0ms\s+95\.5ms\s+1\.50s\s+10/);
  assert.match(text, /thresholds: 1 of 3 passed, 2 FAILED/);
  assert.match(
    text,
    /FAIL http_req_duration\{service:aurora-server,phase:request\}: p\(95\)<500, p\(99\)<1200 \[failed\]/,
  );
  const out = summaryOutputs(data, '/tmp/x/summary.json');
  assert.deepEqual(Object.keys(out), ['stdout', '/tmp/x/summary.json']);
  assert.deepEqual(JSON.parse(out['/tmp/x/summary.json']).metrics.checks.values.rate, 0.9);
  assert.deepEqual(Object.keys(summaryOutputs(data, undefined)), ['stdout']);
});

test('the summary text marks a threshold over no samples SKIP (not evaluated), never PASS', () => {
  const data = {
    root_group: { name: '', checks: [], groups: [] },
    state: { testRunDurationMs: 1_000 },
    metrics: {
      'http_req_duration{service:aurora-server,name:GET /api/incidents/{id},phase:request}': {
        type: 'trend' as const,
        contains: 'time',
        values: { 'p(50)': 0, 'p(95)': 0, 'p(99)': 0, count: 0 },
        thresholds: { 'p(95)<600': { ok: true } },
      },
      aurora_contract_violations: {
        type: 'rate' as const,
        values: { rate: 0, passes: 0, fails: 0 },
        thresholds: { 'rate<0.01': { ok: true } },
      },
      checks: {
        type: 'rate' as const,
        values: { rate: 1, passes: 3, fails: 0 },
        thresholds: { 'rate>0.99': { ok: true } },
      },
    },
  };
  const text = renderSummaryText(data);
  assert.match(text, /thresholds: 1 of 3 passed, 2 not evaluated \(no samples\)\n/);
  assert.match(text, /SKIP aurora_contract_violations: rate<0.01 {2}\(no samples: not evaluated\)/);
  assert.match(
    text,
    /SKIP http_req_duration\{service:aurora-server,name:GET \/api\/incidents\/\{id\},phase:request\}: p\(95\)<600/,
  );
  assert.doesNotMatch(text, /PASS aurora_contract_violations/);
});
