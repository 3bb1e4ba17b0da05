// Faults on the run's timeline, the pure part: `<spec>@stage:<n>` and `<spec>@<duration>` split
// from the faults applied at start, every spec checked before anything starts (a crash target that
// cannot name a pod, a time that is not one, a stage the plan lacks) with the valid values, the
// route template syntax `{id}`, the load's start read from k6's NDJSON, and --help listing every fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { placeFaults, splitFaultSpecs } from '../../cli/plan/fault-schedule.ts';
import { isStateFault, loadStartOf } from '../../cli/run/fault-timeline.ts';
import { helpText } from '../../cli/help.ts';
import { FAULTS } from '../../sim/faults/registry.ts';
import type { ShapeStage } from '../../cli/plan/shape/load-shape.ts';

test('specs without "@" apply at start; "@stage:<n>" and "@<duration>" fire during the load', () => {
  const r = splitFaultSpecs([
    'hpa-frozen',
    'crash=server@stage:5',
    'latency=GET /api/incidents/{id}:300@90s',
    'leak=5@1m30s',
  ]);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.start, ['hpa-frozen']);
  assert.deepEqual(
    r.timed.map((t) => [t.spec, t.at]),
    [
      ['crash=server', { stage: 5 }],
      ['latency=GET /api/incidents/{id}:300', { seconds: 90 }],
      ['leak=5', { seconds: 90 }],
    ],
  );
});

test('every fault of the registry can be timed', () => {
  const r = splitFaultSpecs(FAULTS.map((f) => `${f.example}@stage:1`));
  assert.deepEqual(r.errors, []);
  assert.equal(r.timed.length, FAULTS.length);
});

test('a crash target that cannot name a pod is refused before the run, with the valid values', () => {
  const r = splitFaultSpecs(['crash=nosuchpod', 'crash=celery', 'crash=aurora-oss-server-bcdfghjklm-bcdfg']);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], /crash=nosuchpod: not a pod; use server, chatbot, celery, celery-worker or a pod name/);
  assert.match(r.errors[0], /aurora-oss-server, aurora-oss-celery-worker, aurora-oss-chatbot/);
});

test('a time that is not one, and an unknown fault, are errors naming the valid forms', () => {
  const r = splitFaultSpecs(['crash=server@soon', 'nosuch@stage:1']);
  assert.equal(r.errors.length, 2);
  assert.match(r.errors[0], /"@soon" is not a time; write <spec>@stage:<n> or <spec>@<duration>/);
  assert.match(r.errors[1], /unknown fault "nosuch"; known faults: hpa-frozen, /);
});

test('route templates are written {id}; the Flask form <id> is refused with the fix', () => {
  const r = splitFaultSpecs(['latency=GET /api/incidents/<id>:300']);
  assert.match(r.errors[0] ?? '', /unknown route "GET \/api\/incidents\/<id>"; write "GET \/api\/incidents\/\{id\}"/);
});

const STAGES: ShapeStage[] = [
  { index: 0, startSeconds: 0, durationSeconds: 3, targetRate: 1 },
  { index: 1, startSeconds: 3, durationSeconds: 6, targetRate: 1 },
  { index: 2, startSeconds: 9, durationSeconds: 3, targetRate: 0 },
];

test('timed faults are placed on the load clock: a stage at its start offset, in firing order', () => {
  const { timed } = splitFaultSpecs(['error-rate=0.1@10s', 'crash=server@stage:1']);
  const r = placeFaults(timed, STAGES, 12);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(
    r.fires.map((f) => [f.spec, f.atSeconds]),
    [
      ['crash=server', 3],
      ['error-rate=0.1', 10],
    ],
  );
});

test('a stage the plan lacks, or a time after the load, is an error listing the stages', () => {
  const { timed } = splitFaultSpecs(['crash=server@stage:9', 'hpa-frozen@20s']);
  const r = placeFaults(timed, STAGES, 12);
  assert.deepEqual(r.fires, []);
  assert.match(r.errors[0], /no stage 9; its stages: 0 at 0s, 1 at 3s, 2 at 9s/);
  assert.match(r.errors[1], /the load lasts 12s of wall-clock time/);
});

test("the load's start is the first NDJSON sample with a stage tag outside setup", () => {
  const point = (tags: Record<string, string>) =>
    JSON.stringify({ metric: 'http_reqs', type: 'Point', data: { time: '2026-11-29T01:46:49.500Z', value: 1, tags } });
  assert.equal(loadStartOf(point({ group: '::setup', name: 'GET /ok (setup)' })), undefined);
  assert.equal(loadStartOf('{"type":"Metric","metric":"stage"}'), undefined);
  assert.equal(loadStartOf(point({ scenario: 'rest', stage: '0' })), Date.parse('2026-11-29T01:46:49.500Z'));
});

test('crash acts once; the other faults stay active across later posts', () => {
  assert.equal(isStateFault('crash=server'), false);
  assert.equal(isStateFault('error-rate=0.1'), true);
});

test('--help lists every fault of the registry and how to time one', () => {
  const help = helpText();
  for (const f of FAULTS) assert.ok(help.includes(f.usage), `${f.usage} in --help`);
  assert.match(help, /<spec>@stage:<n> or <spec>@<duration>/);
});
