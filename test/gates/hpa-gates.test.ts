import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpaGates } from '../../cli/gates/index.ts';
import type { HpaExpectation, Timeline, TimelinePoint } from '../../cli/verdict/model.ts';

const T0 = Date.UTC(2026, 10, 29, 3, 0, 0);
const s = (seconds: number): number => T0 + seconds * 1000;
const stages = [
  { index: 0, startMs: s(0) },
  { index: 1, startMs: s(60) },
  { index: 2, startMs: s(240) },
];
const LOAD_END = s(300);
const hpa = (t: number, desired: number, ready: number, name = 'aurora-oss-server'): TimelinePoint => ({
  t: s(t),
  kind: 'hpa',
  name,
  desired,
  current: ready,
  ready,
});
const timeline = (points: TimelinePoint[], endedAt = s(700)): Timeline => ({
  namespace: 'aurora',
  startedAt: s(-10),
  endedAt,
  points,
  notes: [],
});
const expect: HpaExpectation = {
  hpa: 'aurora-oss-server',
  triggerStage: 1,
  scaleUpWithinSeconds: 90,
  minReadyAtPeak: 4,
  scaleDownWithinSeconds: 360,
};

const scaling = timeline([
  hpa(-10, 2, 2),
  hpa(83, 4, 2),
  hpa(120, 6, 4),
  hpa(150, 6, 6),
  hpa(610, 3, 6),
  hpa(640, 3, 3),
]);
const frozen = timeline([hpa(-10, 2, 2)]);

const byName = (gates: ReturnType<typeof hpaGates>, suffix: string) =>
  gates.find((g) => g.name === `aurora-oss-server ${suffix}`);

test('a timeline that scales in time passes scale-up, ready-at-peak and scale-down', () => {
  const gates = hpaGates(scaling, stages, [expect], LOAD_END);
  assert.equal(gates.length, 3);
  assert.ok(
    gates.every((g) => g.kind === 'hpa' && g.passed),
    JSON.stringify(gates, null, 2),
  );
  assert.equal(byName(gates, 'scale-up')?.measured, 'desired 2→4 after 23 s (peak 6)');
  assert.equal(byName(gates, 'ready at peak')?.measured, 'ready peaked at 6');
  assert.equal(byName(gates, 'scale-down')?.measured, 'desired 6→3 after 5m10s');
});

test('a frozen HPA fails scale-up and ready-at-peak, and says so', () => {
  const gates = hpaGates(frozen, stages, [{ ...expect, scaleDownWithinSeconds: undefined }], LOAD_END);
  assert.equal(gates.length, 2);
  assert.ok(gates.every((g) => !g.passed));
  assert.equal(byName(gates, 'scale-up')?.measured, 'desired stayed at 2');
  assert.match(byName(gates, 'scale-up')?.detail ?? '', /no scale-up/);
  assert.equal(byName(gates, 'ready at peak')?.measured, 'ready peaked at 2');
});

test('a scale-up after the window fails, naming how late it was', () => {
  const late = timeline([hpa(-10, 2, 2), hpa(200, 4, 4)]);
  const gate = byName(hpaGates(late, stages, [expect], LOAD_END), 'scale-up');
  assert.equal(gate?.passed, false);
  assert.equal(gate?.measured, 'desired 2→4 after 2m20s');
  assert.match(gate?.detail ?? '', /50 s too late/);
});

test('no scale-down within the window fails; a watch that stopped early says so', () => {
  const stuck = timeline([hpa(-10, 2, 2), hpa(70, 5, 5)], s(400));
  const gate = byName(hpaGates(stuck, stages, [expect], LOAD_END), 'scale-down');
  assert.equal(gate?.passed, false);
  assert.match(gate?.detail ?? '', /watch ended 100 s after load stopped/);
});

test('the trigger stage never reached, an unknown HPA, or no timeline all fail', () => {
  const noStage = hpaGates(scaling, stages.slice(0, 1), [expect], LOAD_END);
  assert.equal(byName(noStage, 'scale-up')?.passed, false);
  assert.match(byName(noStage, 'scale-up')?.detail ?? '', /stages seen in k6's output: 0/);
  const unknown = hpaGates(scaling, stages, [{ ...expect, hpa: 'nope' }], LOAD_END);
  assert.ok(unknown.length === 3 && unknown.every((g) => !g.passed && g.measured === 'no observations'));
  const none = hpaGates(null, stages, [expect], LOAD_END);
  assert.ok(none.every((g) => !g.passed));
  assert.match(none[0]?.detail ?? '', /no timeline/);
});

test('ready counts fall back to a Deployment of the same name', () => {
  const points: TimelinePoint[] = [
    { t: s(-10), kind: 'hpa', name: 'aurora-oss-server', desired: 2 },
    { t: s(80), kind: 'hpa', name: 'aurora-oss-server', desired: 4 },
    { t: s(100), kind: 'deployment', name: 'aurora-oss-server', desired: 4, ready: 4 },
  ];
  const gate = byName(hpaGates(timeline(points), stages, [expect], LOAD_END), 'ready at peak');
  assert.equal(gate?.passed, true);
  assert.match(gate?.measured ?? '', /from Deployment/);
});

test('an HPA gate that did not pass while the watcher was blind in its window is not evaluated, not failed', () => {
  const blindFrozen: Timeline = {
    ...frozen,
    blind: [{ from: s(70), to: s(200), reason: 'https://127.0.0.1:6443/apis/autoscaling/v2/…: ECONNREFUSED' }],
  };
  const gates = hpaGates(blindFrozen, stages, [{ ...expect, scaleDownWithinSeconds: undefined }], LOAD_END);
  for (const g of gates) {
    assert.equal(g.status, 'not-evaluated', g.name);
    assert.equal(g.reason, 'watcher blind');
    assert.equal(g.passed, false);
    assert.equal(g.required, true, 'a required gate: not evaluated fails the run with exit 3, never 0 or 4');
    assert.match(g.detail ?? '', /blind for 2m10s .*ECONNREFUSED/);
  }
  // Blind before the trigger stage: the window was seen, the frozen HPA still fails.
  const blindEarly: Timeline = { ...frozen, blind: [{ from: s(0), to: s(30), reason: 'API down' }] };
  const early = hpaGates(blindEarly, stages, [{ ...expect, scaleDownWithinSeconds: undefined }], LOAD_END);
  assert.ok(early.every((g) => g.status === 'failed'));
  // A scale-up the watcher saw passes, blind spell or not.
  const seen = hpaGates({ ...scaling, blind: [{ from: s(100), to: s(110), reason: 'x' }] }, stages, [expect], LOAD_END);
  assert.equal(byName(seen, 'scale-up')?.status, 'passed');
});
