// Profile math: stage lists and offsets, timeScale, k6's 1 s floor, time units, VU pools, and the
// options a run config turns into (limits re-checked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arrivalRateExecutor,
  chooseTimeUnit,
  describePlan,
  HPA_PLATEAU_MIN_SECONDS,
  planFor,
  planProfile,
  resolveShape,
  stageIndexAt,
  vuPool,
} from '../../lib/core/profiles.ts';
import { parseDurationSeconds, formatDuration } from '../../lib/core/duration.ts';
import { buildScenarioOptions } from '../../lib/k6/scenario-options.ts';
import { rcaFollow } from '../../lib/core/rca-poll.ts';
import { LOCAL_RUN_CONFIG, PROFILE_NAMES, type RunConfig } from '../../lib/core/run-config.ts';

const cfg = (over: Partial<RunConfig> = {}): RunConfig => ({ ...LOCAL_RUN_CONFIG, ...over });

test('durations parse and format like k6', () => {
  assert.equal(parseDurationSeconds('1m30s'), 90);
  assert.equal(parseDurationSeconds('500ms'), 0.5);
  assert.equal(parseDurationSeconds('1h'), 3600);
  assert.throws(
    () => parseDurationSeconds('5 minutes', 'profiles.load.hold'),
    /profiles\.load\.hold "5 minutes" is not a k6 duration/,
  );
  assert.equal(formatDuration(90), '90s');
  assert.equal(formatDuration(0.25), '250ms');
});

test('every profile plans contiguous stages whose offsets add up', () => {
  for (const name of PROFILE_NAMES) {
    const plan = planProfile(name);
    assert.ok(plan.stages.length > 0, name);
    let t = 0;
    plan.stages.forEach((s, i) => {
      assert.equal(s.index, i);
      assert.equal(s.startSeconds, t, `${name} stage ${i} starts where the previous ends`);
      assert.ok(s.durationSeconds >= 1, `${name} stage ${i} is at least 1 s`);
      if (i > 0) assert.equal(s.fromLevel, plan.stages[i - 1].toLevel);
      t += s.durationSeconds;
    });
    assert.equal(plan.totalSeconds, t);
    assert.deepEqual(plan.warnings, [], `${name} defaults raise no warning`);
  }
});

test('load: ramp up, hold, ramp down at 1x', () => {
  const p = planProfile('load');
  assert.deepEqual(
    p.stages.map((s) => [s.kind, s.startSeconds, s.durationSeconds, s.toLevel]),
    [
      ['ramp-up', 0, 60, 1],
      ['hold', 60, 300, 1],
      ['ramp-down', 360, 30, 0],
    ],
  );
  assert.equal(p.executor, 'ramping-arrival-rate');
});

test('stress: baseline, steps to the peak with plateaus >= HPA sync + scale-up window + pod start-up, hold, ramp down', () => {
  const p = planProfile('stress');
  assert.deepEqual(
    p.stages.map((s) => s.kind),
    ['ramp-up', 'baseline', 'step-ramp', 'step', 'step-ramp', 'step', 'step-ramp', 'peak', 'ramp-down'],
  );
  assert.deepEqual(
    p.stages.filter((s) => s.kind === 'step' || s.kind === 'peak').map((s) => s.toLevel),
    [2, 3, 4],
  );
  for (const s of p.stages.filter((x) => ['baseline', 'step', 'peak'].includes(x.kind))) {
    assert.ok(
      s.durationSeconds >= HPA_PLATEAU_MIN_SECONDS,
      `${s.kind} at ${s.startSeconds}s holds ${s.durationSeconds}s`,
    );
  }
  assert.equal(p.peakLevel, 4);
  assert.equal(HPA_PLATEAU_MIN_SECONDS, 120);
});

test('stress warns when an env file shortens a plateau below the HPA reaction time', () => {
  const p = planProfile('stress', resolveShape('stress', { stress: { level: 1, hold: '3m', stepHold: '30s' } }));
  assert.match(p.warnings.join('\n'), /plateau of 30s is shorter than 120s/);
});

test("timeScale divides durations, never below k6's 1 s minimum", () => {
  const p = planProfile('stress', resolveShape('stress'), 20);
  assert.deepEqual(
    p.stages.map((s) => s.durationSeconds),
    [3, 6, 1, 6, 1, 6, 1, 9, 3],
  );
  const fast = planProfile('load', resolveShape('load'), 1000);
  assert.ok(fast.stages.every((s) => s.durationSeconds === 1));
});

test('nightly: a load phase for latency gates, then a stress ramp for HPA gates', () => {
  const p = planProfile('nightly');
  assert.deepEqual(
    p.stages.map((s) => s.kind),
    ['ramp-up', 'hold', 'step-ramp', 'step', 'step-ramp', 'peak', 'ramp-down'],
  );
  assert.deepEqual(p.gateStages, [1]);
  assert.equal(p.stages[1].toLevel, 1);
  assert.equal(p.peakLevel, 3);
  assert.deepEqual(describePlan(p)[1], 'stage 1  hold       at 30s     for 3m     1.00x -> 1.00x  (latency gates)');
});

test('spike, soak, breakpoint and smoke shapes', () => {
  assert.deepEqual(
    planProfile('spike').stages.map((s) => s.toLevel),
    [1, 1, 5, 5, 1, 1, 0],
  );
  assert.equal(planProfile('soak').stages[1].durationSeconds, 3600);
  const bp = planProfile('breakpoint');
  assert.deepEqual(
    bp.stages.map((s) => [s.kind, s.fromLevel, s.toLevel]),
    [
      ['ramp-up', 0, 10],
      ['peak', 10, 10],
    ],
  );
  const smoke = planProfile('smoke');
  assert.equal(smoke.executor, 'per-vu-iterations');
  assert.equal(smoke.stages.length, 1);
});

test('profiles[name] overrides defaults field by field', () => {
  const shape = resolveShape('load', { load: { level: 2, hold: '10m' } });
  assert.equal(shape.rampUp, '1m');
  const p = planProfile('load', shape);
  assert.deepEqual(
    p.stages.map((s) => [s.durationSeconds, s.toLevel]),
    [
      [60, 2],
      [600, 2],
      [30, 0],
    ],
  );
});

test('stageIndexAt follows elapsed time and stays on the last stage after the end', () => {
  const { stages } = planProfile('load');
  assert.equal(stageIndexAt(stages, 0), 0);
  assert.equal(stageIndexAt(stages, 59.9), 0);
  assert.equal(stageIndexAt(stages, 60), 1);
  assert.equal(stageIndexAt(stages, 389), 2);
  assert.equal(stageIndexAt(stages, 10_000), 2);
});

test('time units keep integer targets within 5%', () => {
  assert.deepEqual(chooseTimeUnit([5, 10]), { timeUnit: '1s', seconds: 1 });
  assert.deepEqual(chooseTimeUnit([0.2]), { timeUnit: '1m', seconds: 60 });
  assert.deepEqual(chooseTimeUnit([2.5]), { timeUnit: '1m', seconds: 60 });
  assert.deepEqual(chooseTimeUnit([0.001]), { timeUnit: '1h', seconds: 3600 });
});

test("arrival-rate executor: levels x rate x scale per time unit, Little's-law VU pool", () => {
  const e = arrivalRateExecutor(planProfile('stress'), 5, 2, { typicalSeconds: 0.3, worstSeconds: 3 }, 200);
  assert.equal(e.timeUnit, '1s');
  assert.equal(e.startRate, 0);
  assert.deepEqual(
    e.stages.map((s) => s.target),
    [10, 10, 20, 20, 30, 30, 40, 40, 0],
  );
  assert.deepEqual(vuPool(40, { typicalSeconds: 0.3, worstSeconds: 3 }, 200), { preAllocatedVUs: 19, maxVUs: 145 });
  assert.deepEqual(vuPool(40, { typicalSeconds: 0.3, worstSeconds: 3 }, 50), { preAllocatedVUs: 19, maxVUs: 50 });
});

test('run options: one named scenario per Aurora scenario on the same stages, own rates', () => {
  const built = buildScenarioOptions(cfg({ profile: 'load' }), ['rest', 'chatbot', 'rca']);
  const sc = built.options.scenarios;
  assert.deepEqual(Object.keys(sc), ['rest', 'chatbot', 'rca']);
  assert.deepEqual(
    Object.values(sc).map((s) => s.exec),
    ['rest', 'chatbot', 'rca'],
  );
  const durations = (s: Record<string, unknown>) => (s.stages as { duration: string }[]).map((x) => x.duration);
  assert.deepEqual(durations(sc.rest), durations(sc.chatbot));
  assert.deepEqual(durations(sc.rest), durations(sc.rca));
  assert.deepEqual(
    (sc.rest.stages as { target: number }[]).map((s) => s.target),
    [5, 5, 0],
  );
  assert.deepEqual([sc.chatbot.timeUnit, (sc.chatbot.stages as { target: number }[])[1].target], ['1m', 12]);
  assert.deepEqual(built.options.summaryTrendStats, [
    'avg',
    'min',
    'med',
    'max',
    'p(50)',
    'p(90)',
    'p(95)',
    'p(99)',
    'count',
  ]);
  assert.deepEqual(built.options.tags, { profile: 'load', env: 'local' });
  assert.equal(built.rcaPoolSize, 8);
});

test('run options re-check the safety limits', () => {
  assert.throws(
    () => buildScenarioOptions(cfg({ profile: 'stress', scale: 100 }), ['rest']),
    /peaks at 2000\.00 iterations\/s, above limits\.maxArrivalRate 200/,
  );
  assert.throws(
    () => buildScenarioOptions(cfg({ profile: 'soak' }), ['rest']),
    /lasts 3780s, above limits\.maxDuration 30m/,
  );
  const cut = buildScenarioOptions(cfg({ profile: 'load', limits: { ...LOCAL_RUN_CONFIG.limits, maxVUs: 20 } }), [
    'rest',
    'chatbot',
    'rca',
  ]);
  const total = Object.values(cut.options.scenarios).reduce((n, s) => n + Number(s.maxVUs), 0);
  assert.ok(total <= 20, `VU pools cut to the limit (${total})`);
  assert.match(cut.warnings.join(), /cut proportionally/);
});

test('smoke: one VU, two iterations per scenario, bounded by maxDuration', () => {
  const built = buildScenarioOptions(cfg({ profile: 'smoke' }), ['rest', 'rca']);
  assert.deepEqual(built.options.scenarios.rest, {
    executor: 'per-vu-iterations',
    vus: 1,
    iterations: 2,
    maxDuration: '60s',
    exec: 'rest',
    gracefulStop: '5s',
  });
  // One worst-case RCA: 120 s for a worker to pick it up (not rca.maxWaitSeconds) + a poll + 2 s, + 10 s.
  assert.equal(built.options.scenarios.rca.maxDuration, '147s');
});

test('a smoke against a slow target ends within minutes: one worst-case iteration per scenario, 5 s of grace', () => {
  // A staging-like target: RCAs may take 15 minutes to complete, chat turns a minute.
  const slow = cfg({ profile: 'smoke', rca: { maxWaitSeconds: 900, pollInitialSeconds: 1, pollMaxSeconds: 15 } });
  const built = buildScenarioOptions(slow, ['rest', 'chatbot', 'rca']);
  const boundSeconds = Math.max(
    ...Object.values(built.options.scenarios).map(
      (s) => parseDurationSeconds(String(s.maxDuration)) + parseDurationSeconds(s.gracefulStop),
    ),
  );
  assert.ok(boundSeconds <= 180, `k6's own bound for the smoke is ${boundSeconds} s (it was 31 minutes)`);
  assert.deepEqual(rcaFollow('smoke', 900), { until: 'running', maxWaitSeconds: 120 });
  assert.deepEqual(rcaFollow('load', 900), { until: 'complete', maxWaitSeconds: 900 });
});

test('planFor reads profile, shapes and timeScale from the run config', () => {
  const p = planFor(cfg({ profile: 'load', timeScale: 10, profiles: { load: { level: 1, hold: '100s' } } }));
  assert.deepEqual(
    p.stages.map((s) => s.durationSeconds),
    [6, 10, 3],
  );
});
