// Threshold builders: the expressions built for a budget, scoping by tags (RCA polls and setup out of
// REST budgets, nightly's load phase), overrides, the abort guard, and validity under the lead's
// k6 options validator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildThresholds, describeThresholds, metricKey } from '../../thresholds/build.ts';
import { BUDGETS, type Budget } from '../../thresholds/budgets.ts';
import { CUSTOM_METRIC_TYPES } from '../../lib/core/metric-names.ts';
import { validateK6Options } from '../../cli/k6/options-schema.ts';
import { parseMetricKey } from '../../lib/core/threshold-grammar.ts';
import { PROFILE_NAMES } from '../../lib/core/run-config.ts';

const tiny: Budget = {
  services: {
    'aurora-server': {
      p50: 100,
      p95: 400,
      p99: 900,
      errorRate: 0.02,
      routes: { 'GET /api/incidents': { p95: 250, p99: 700 }, 'GET /api/incidents/{id}': { p95: 500 } },
    },
    chatbot: { p95: 800 },
  },
  checkRate: 0.98,
  chatbotDropRate: 0.02,
  stickyRate: 0.97,
  chatbotTtfmP95: 3000,
  chatbotTurnP95: 30_000,
  rcaTimeToCompleteP95: 600_000,
  rcaFailedRate: 0.05,
  contractViolationRate: 0.01,
  abort: { errorRate: 0.5, delaySeconds: 60 },
};

test('the built expressions for a budget (rest + chatbot + rca)', () => {
  const map = buildThresholds({ profile: 'load', scenarios: ['rest', 'chatbot', 'rca'], budget: tiny, timeScale: 1 });
  assert.deepEqual(describeThresholds(map), [
    'http_req_duration{service:aurora-server,phase:request}: p(50)<100, p(95)<400, p(99)<900',
    'http_req_failed{service:aurora-server,phase:request}: rate<0.02',
    'http_req_duration{service:aurora-server,name:GET /api/incidents,phase:request}: p(95)<250, p(99)<700',
    'http_req_duration{service:aurora-server,name:GET /api/incidents/{id},phase:request}: p(95)<500',
    'ws_connecting{service:chatbot}: p(95)<800',
    'aurora_sticky_session_ok: rate>0.97',
    'aurora_ws_time_to_first_message: p(95)<3000',
    'aurora_ws_turn_duration: p(95)<30000',
    'aurora_ws_turn_dropped: rate<0.02',
    'aurora_rca_time_to_complete: p(95)<600000',
    'aurora_rca_failed: rate<0.05',
    'checks: rate>0.98',
    'checks{service:aurora-server}: rate>0.98',
    'checks{service:chatbot}: rate>0.98',
    'checks{service:celery}: rate>0.98',
    'aurora_contract_violations: rate<0.01',
    'http_req_failed: rate<0.5 (abort after 60s)',
  ]);
  assert.deepEqual(map.http_req_failed, [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '60s' }]);
});

test('only the included scenarios get thresholds (a Rate nobody records would fail the run)', () => {
  const rest = buildThresholds({ profile: 'load', scenarios: ['rest'] });
  assert.ok(
    !Object.keys(rest).some((k) => k.startsWith('aurora_sticky') || k.startsWith('aurora_rca') || k.startsWith('ws_')),
  );
  assert.ok(!Object.keys(rest).some((k) => k.includes('trigger-rca') || k.includes('webhook')));
  const rca = buildThresholds({ profile: 'load', scenarios: ['rca'] });
  assert.ok('aurora_rca_failed' in rca && !('aurora_sticky_session_ok' in rca));
});

test('RCA polls and setup calls are outside every REST latency and error budget', () => {
  const map = buildThresholds({ profile: 'load', scenarios: ['rest', 'chatbot', 'rca'] });
  // What setup() sends: registering users, seeding incidents (a list, then trigger-rca), the Grafana
  // connect call; each is also a route with a REST budget, so only `phase` can keep it out.
  const setupCalls = [
    'POST /api/auth/register',
    'GET /api/incidents',
    'POST /api/incidents/trigger-rca',
    'POST /grafana/alerts/webhook/{user_id}',
  ].map((name) => ({ service: 'aurora-server', name, phase: 'setup' }));
  const polls = ['GET /api/incidents (rca poll)', 'GET /api/incidents/{id} (rca poll)'].map((name) => ({
    service: 'aurora-server',
    name,
    phase: 'poll',
  }));
  const keys = Object.keys(map).filter((k) => /^http_req_(duration|failed)\{/.test(k));
  assert.ok(
    keys.some((k) => k.includes('name:GET /api/incidents,')),
    'the per-route keys are under test',
  );
  for (const key of keys) {
    const parsed = parseMetricKey(key);
    assert.ok(parsed.ok);
    const selects = (tags: Record<string, string>) =>
      Object.entries(parsed.value.tags).every(([k, v]) => tags[k] === v);
    for (const tags of [...setupCalls, ...polls])
      assert.ok(!selects(tags), `${key} would include ${tags.phase} call ${tags.name}`);
    assert.ok(
      selects({ service: 'aurora-server', name: parsed.value.tags.name ?? 'GET /api/incidents', phase: 'request' }),
      `${key} selects load requests`,
    );
  }
});

test('a route-level p50 budget applies', () => {
  const withP50: Budget = {
    ...tiny,
    services: {
      ...tiny.services,
      'aurora-server': { routes: { 'GET /api/incidents': { p50: 120, p95: 250, errorRate: 0.05 } } },
    },
  };
  const map = buildThresholds({ profile: 'load', scenarios: ['rest'], budget: withP50 });
  assert.deepEqual(map['http_req_duration{service:aurora-server,name:GET /api/incidents,phase:request}'], [
    'p(50)<120',
    'p(95)<250',
  ]);
  assert.deepEqual(map['http_req_failed{service:aurora-server,name:GET /api/incidents,phase:request}'], ['rate<0.05']);
});

test('timeScale shrinks Aurora-clock budgets (RCA durations, abort delay), not latencies', () => {
  const map = buildThresholds({ profile: 'load', scenarios: ['rca'], budget: tiny, timeScale: 20 });
  assert.deepEqual(map.aurora_rca_time_to_complete, ['p(95)<30000']);
  assert.deepEqual(map.http_req_failed, [{ threshold: 'rate<0.5', abortOnFail: true, delayAbortEval: '3s' }]);
  assert.deepEqual(map['http_req_duration{service:aurora-server,phase:request}'], [
    'p(50)<100',
    'p(95)<400',
    'p(99)<900',
  ]);
});

test('nightly scopes latency gates to its load phase stage', () => {
  const map = buildThresholds({ profile: 'nightly', scenarios: ['rest', 'chatbot'], gateStages: [1] });
  assert.ok('http_req_duration{service:aurora-server,phase:request,stage:1}' in map);
  assert.ok('http_req_failed{service:aurora-server,phase:request,stage:1}' in map);
  assert.ok('aurora_ws_time_to_first_message{stage:1}' in map);
  assert.ok('http_req_failed' in map, 'the abort guard covers the whole run');
});

test('breakpoint aborts on its latency and error budget', () => {
  const map = buildThresholds({ profile: 'breakpoint', scenarios: ['rest'] });
  assert.deepEqual(map['http_req_duration{service:aurora-server,phase:request}'], [
    { threshold: 'p(95)<2000', abortOnFail: true, delayAbortEval: '30s' },
  ]);
  assert.deepEqual(map.http_req_failed, [{ threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '30s' }]);
});

test('env-file overrides replace a key or add one', () => {
  const map = buildThresholds({
    profile: 'load',
    scenarios: ['rest'],
    overrides: {
      'http_req_duration{service:aurora-server,phase:request}': ['p(95)<800'],
      'http_req_duration{name:GET /health/readiness}': ['p(99)<50'],
    },
  });
  assert.deepEqual(map['http_req_duration{service:aurora-server,phase:request}'], ['p(95)<800']);
  assert.deepEqual(map['http_req_duration{name:GET /health/readiness}'], ['p(99)<50']);
});

test('metricKey refuses tag values with commas (k6 splits on them)', () => {
  assert.equal(metricKey('http_req_duration', { service: 'x', stage: undefined }), 'http_req_duration{service:x}');
  assert.throws(() => metricKey('m', { name: 'a,b' }), /may not contain ","/);
});

test("every profile's thresholds are valid k6 thresholds for the validator", () => {
  for (const profile of PROFILE_NAMES) {
    const thresholds = buildThresholds({
      profile,
      scenarios: ['rest', 'chatbot', 'rca'],
      gateStages: profile === 'nightly' ? [1] : undefined,
      timeScale: 20,
    });
    const r = validateK6Options({ thresholds }, { metricTypes: CUSTOM_METRIC_TYPES });
    assert.deepEqual(r, { ok: true }, `${profile}: ${JSON.stringify(r)}`);
  }
});

test('budgets tighten from spike to stress to load', () => {
  const p95 = (b: Budget) => b.services['aurora-server'].p95 ?? 0;
  assert.ok(p95(BUDGETS.load) < p95(BUDGETS.stress) && p95(BUDGETS.stress) < p95(BUDGETS.spike));
  assert.ok(BUDGETS.load.checkRate >= BUDGETS.stress.checkRate);
});

test('a smoke, which follows RCAs only until a worker picks them up, has no RCA completion-time threshold', () => {
  const smoke = buildThresholds({ profile: 'smoke', scenarios: ['rca'] });
  const load = buildThresholds({ profile: 'load', scenarios: ['rca'] });
  assert.equal(smoke.aurora_rca_time_to_complete, undefined);
  assert.ok(load.aurora_rca_time_to_complete, 'other profiles keep it');
  assert.ok(smoke.aurora_rca_failed, 'a smoke still gates on RCAs that were not picked up');
});
