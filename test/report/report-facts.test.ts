// What the report derives for its charts, as plain data: stage names from the plan, where the load
// stopped, which panel carries which SLO limit, distinct colours and legend figures, HPA markers, and
// a panel for a failed gate whose metric no standing chart shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunAnalysis } from '../../cli/analysis/index.ts';
import { resolvePanels } from '../../cli/report/index.ts';
import { readExtraSeries } from '../../cli/report/charts/metric-series.ts';
import { planFacts } from '../../cli/report/charts/plan-facts.ts';
import { loadWindow, plannedRate } from '../../cli/report/charts/stage-bands.ts';
import { panelsFor, thresholdLimits } from '../../cli/report/charts/threshold-keys.ts';
import type { GateResult, Timeline } from '../../cli/verdict/model.ts';
import { fixturePlan } from './fixture-run.ts';

const T0 = Date.UTC(2026, 10, 30, 5, 0, 0);
const STRESS = fixturePlan('stress', {}, [
  [0, 3, 5],
  [3, 6, 5],
  [9, 1, 10],
  [10, 6, 10],
  [16, 1, 15],
  [17, 6, 15],
  [23, 1, 20],
  [24, 9, 20],
  [33, 3, 0],
]);

/** A run of `seconds` 1 s buckets with one service, stages starting at `stageStarts` (s), samples until `loadEnd` (s). */
function analysis(seconds: number, stageStarts: number[], loadEnd: number): RunAnalysis {
  const times = Array.from({ length: seconds }, (_, i) => T0 + i * 1000);
  const series = (f: (i: number) => number) => times.map((_, i) => f(i));
  return {
    source: '',
    lines: 0,
    points: 0,
    skippedLines: 0,
    notes: [],
    startMs: T0,
    endMs: T0 + loadEnd * 1000,
    loadEndMs: T0 + loadEnd * 1000,
    bucketSeconds: 1,
    times,
    services: ['aurora-server'],
    http: {
      'aurora-server': {
        count: series(() => 10),
        p50: series(() => 20),
        p95: series((i) => 40 + i),
        p99: series((i) => 60 + i),
        rps: series(() => 10),
        errors: series(() => 0),
        errorRate: series(() => 0),
      },
    },
    trends: {},
    routes: [],
    stages: stageStarts.map((s, index) => ({ index, startMs: T0 + s * 1000 })),
    metrics: { aurora_sticky_session_ok: { type: 'rate', contains: 'default', count: 10, value: 0.5 } },
  };
}

const gate = (kind: GateResult['kind'], name: string, passed: boolean, limit = ''): GateResult => ({
  kind,
  name,
  measured: '',
  limit,
  passed,
});

test('stage bands are named from the plan: ramp-up, baseline, steps with their ramps, peak, ramp-down', () => {
  const facts = planFacts(STRESS);
  assert.deepEqual(
    facts?.stages.map((s) => s.name),
    ['ramp-up', 'baseline', '↗ step 1', 'step 1', '↗ step 2', 'step 2', '↗ peak', 'peak', 'ramp-down'],
  );
  const spike = planFacts(
    fixturePlan('spike', {}, [
      [0, 30, 5],
      [30, 120, 5],
      [150, 15, 25],
      [165, 60, 25],
      [225, 15, 5],
      [240, 120, 5],
      [360, 30, 0],
    ]),
  );
  assert.deepEqual(
    spike?.stages.map((s) => s.name),
    ['ramp-up', 'baseline', '↗ spike', 'peak', '↘ spike', 'recovery', 'ramp-down'],
  );
  // A plan whose stage count does not match its profile (an edited plan.json) falls back to numbers.
  assert.deepEqual(
    planFacts(
      fixturePlan('stress', {}, [
        [0, 3, 5],
        [3, 6, 5],
      ]),
    )?.stages.map((s) => s.name),
    ['stage 0', 'stage 1'],
  );
  assert.equal(planFacts({ shape: {} }), null);
});

test("load stops where the plan's stages end, not at the last RCA poll; an interrupted run stops at its last sample", () => {
  const starts = [0.8, 3, 9, 10, 16, 17, 23, 24, 33];
  // RCA polls run until +45 s; the plan ends at +36 s.
  const polled = loadWindow(analysis(46, starts, 45), planFacts(STRESS));
  assert.equal(polled.loadStop, T0 / 1000 + 36);
  assert.equal(polled.bands.at(-1)?.end, polled.loadStop);
  assert.equal(polled.bands.at(-1)?.name, 'ramp-down');
  const cut = loadWindow(analysis(30, starts.slice(0, 7), 25.5), planFacts(STRESS));
  assert.equal(cut.loadStop, T0 / 1000 + 25.5);
  // Without a plan: the last sample, as before.
  assert.equal(loadWindow(analysis(46, starts, 45), null).loadStop, T0 / 1000 + 45);
  // The planned arrival rate ramps within a stage and is 0 after the plan.
  const rate = plannedRate(analysis(46, starts, 45), planFacts(STRESS), [
    T0 / 1000 + 1.5,
    T0 / 1000 + 9.5,
    T0 / 1000 + 40,
  ]);
  assert.deepEqual(rate, [2.5, 7.5, 0]);
});

test('each SLO limit lands on the panel that charts its metric', () => {
  const limits = thresholdLimits([
    gate('threshold', 'http_req_duration{service:aurora-server,phase:request}: p(95)<1000', true),
    gate('threshold', 'http_req_failed: rate<0.01', false),
    gate('threshold', 'aurora_ws_time_to_first_message: p(95)<10000', true),
    gate('threshold', 'http_req_duration{service:aurora-server,name:GET /api/incidents/{id}}: p(99)<3000', true),
    gate('threshold', 'aurora_sticky_session_ok: rate>0.95', false),
    gate('hpa', 'aurora-oss-server scale-up', true),
  ]);
  assert.deepEqual(
    limits.map((l) => [l.key, panelsFor(l, ['aurora-server', 'chatbot'])]),
    [
      ['http_req_duration{service:aurora-server,phase:request}', ['latency-aurora-server']],
      ['http_req_failed', ['errors']],
      ['aurora_ws_time_to_first_message', ['ttfm']],
      ['http_req_duration{service:aurora-server,name:GET /api/incidents/{id}}', []],
      ['aurora_sticky_session_ok', []],
    ],
  );
  assert.deepEqual(limits[3]?.tags, { service: 'aurora-server', name: 'GET /api/incidents/{id}' });
});

test("panels: distinct colours, legend figures, limits, HPA markers, and a chart for a failed gate's metric", () => {
  const a = analysis(40, [0.8, 3, 9, 10, 16, 17, 23, 24, 33], 39);
  const hpa = (t: number, name: string, desired: number, ready: number) => ({
    t: T0 + t * 1000,
    kind: 'hpa' as const,
    name,
    desired,
    ready,
    cpu: 50,
  });
  const timeline: Timeline = {
    namespace: 'aurora',
    startedAt: T0,
    endedAt: T0 + 40_000,
    notes: [],
    points: [
      hpa(0, 'aurora-oss-server', 2, 2),
      hpa(12, 'aurora-oss-server', 4, 2),
      hpa(15, 'aurora-oss-server', 4, 4),
      hpa(0, 'aurora-oss-celery-worker', 2, 2),
    ],
  };
  const gates = [
    gate('threshold', 'http_req_duration{service:aurora-server,phase:request}: p(95)<1000', true),
    gate('threshold', 'http_req_duration{service:aurora-server,phase:request}: p(99)<2500', true),
    gate('threshold', 'aurora_sticky_session_ok: rate>0.95', false),
    // No plan.json: the HPA expectation is read back from the gates.
    gate('hpa', 'aurora-oss-server scale-up', true, 'desired above 2 within 12 s of stage 2 start'),
    gate('hpa', 'aurora-oss-server ready at peak', false, 'ready ≥ 5'),
  ];
  const sticky = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 50 : null));
  const panels = resolvePanels({
    analysis: a,
    timeline,
    gates,
    extra: { arrivals: null, dropped: null, metrics: { aurora_sticky_session_ok: { unit: '%', values: sticky } } },
  });

  assert.equal(panels[0]?.id, 'gate-aurora-sticky-session-ok', "the failed gate's metric is charted first");
  assert.deepEqual(panels[0]?.limits, [{ value: 95, label: 'rate > 95% ✗', failed: true }]);
  assert.deepEqual(panels[0]?.failedGates, ['aurora_sticky_session_ok: rate>0.95']);
  assert.equal(panels[0]?.series[0]?.figure, 'peak 50%');

  const latency = panels.find((p) => p.id === 'latency-aurora-server')!;
  assert.deepEqual(
    latency.series.map((s) => [s.label, s.figure]),
    [
      ['p50', 'peak 20 ms'],
      ['p95', 'peak 79 ms'],
      ['p99', 'peak 99 ms'],
    ],
  );
  assert.deepEqual(
    latency.limits.map((l) => [l.value, l.label]),
    [
      [1000, 'p95 < 1 s'],
      [2500, 'p99 < 2.5 s'],
    ],
  );

  const replicas = panels.find((p) => p.id === 'replicas')!;
  assert.deepEqual(replicas.markers, [{ t: T0 / 1000 + 9 + 12, label: 'aurora-oss-server scale-up deadline' }]);
  assert.deepEqual(replicas.limits, [{ value: 5, label: 'aurora-oss-server ready ≥ 5 at peak', failed: true }]);
  assert.deepEqual(replicas.failedGates, ['aurora-oss-server ready at peak']);
  assert.equal(replicas.series.find((s) => s.label === 'aurora-oss-server ready')?.figure, 'end 4 · peak 4');
  assert.ok(!panels.find((p) => p.id === 'cpu')?.empty, 'HPA CPU is charted when the timeline has it');
  assert.ok(panels.find((p) => p.id === 'arrival')?.empty, 'no planned rate without a plan');

  for (const p of panels) {
    const colours = p.series.map((s) => s.color);
    assert.equal(new Set(colours).size, colours.length, `${p.id}: ${colours}`);
  }
});

test("the second pass charts a failed threshold's metric with its tags, and iterations started per second", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'report-extra-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const point = (metric: string, t: number, value: number, tags: Record<string, string>) =>
    JSON.stringify({ metric, type: 'Point', data: { time: new Date(T0 + t).toISOString(), value, tags } });
  const lines = [
    point('aurora_ws_error_frames', 200, 1, { kind: 'dropped' }),
    point('aurora_ws_error_frames', 300, 1, { kind: 'error' }),
    point('aurora_ws_error_frames', 1200, 2, { kind: 'dropped' }),
    point('iteration_duration', 1500, 1000, { scenario: 'chatbot' }),
    point('iteration_duration', 1600, 200, { scenario: 'chatbot' }),
    point('iteration_duration', 1700, 100, { group: '::setup' }),
    '{"truncated',
  ];
  writeFileSync(join(dir, 'k6.ndjson'), `${lines.join('\n')}\n`);
  const a = {
    ...analysis(2, [0], 2),
    source: join(dir, 'k6.ndjson'),
    metrics: { aurora_ws_error_frames: { type: 'counter' as const, contains: 'default', count: 3, value: 4 } },
  };
  const [limit] = thresholdLimits([gate('threshold', 'aurora_ws_error_frames{kind:dropped}: count<1', false)]);
  const extra = await readExtraSeries(a, [limit!]);
  assert.deepEqual(extra.metrics['aurora_ws_error_frames{kind:dropped}'], { unit: 'per s', values: [1, 2] });
  assert.deepEqual(extra.arrivals, [1, 1]);
  assert.equal(extra.dropped, null);
});
