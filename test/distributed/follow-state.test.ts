// Specification of following a TestRun: one progress line per stage change and per runner state
// change (and none when nothing changed), the run over once finished, errored or every runner exited,
// a start timeout that names each runner's reason (image pull errors, unschedulable pods), and the
// runners' exit codes as the run's outcome (99 is a runner's own slice's verdict, not a crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  finalRunners,
  isOver,
  newFollowState,
  observe,
  runnersOutcome,
  ratesFromVector,
  runnerRequestsQuery,
  runnerSummaries,
  splitSkew,
  startTimeout,
  type PodLike,
} from '../../cli/distributed/index.ts';

const TR = 'aurora-load-2026-11-30t09-00-00z-local-rest-load';

function pod(i: number, status: PodLike['status']): PodLike {
  return {
    metadata: { name: `${TR}-${i}-x7k2p`, labels: { k6_cr: TR, runner: 'true', 'job-name': `${TR}-${i}` } },
    status,
  };
}
const pending = (i: number) => pod(i, { phase: 'Pending' });
const running = (i: number) => pod(i, { phase: 'Running', containerStatuses: [{ state: { running: {} } }] });
const exited = (i: number, exitCode: number, reason = exitCode ? 'Error' : 'Completed') =>
  pod(i, {
    phase: exitCode ? 'Failed' : 'Succeeded',
    containerStatuses: [{ state: { terminated: { exitCode, reason } } }],
  });
const pullError = (i: number) =>
  pod(i, {
    phase: 'Pending',
    containerStatuses: [
      { state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "grafana/k6:9.9.9"' } } },
    ],
  });
const unschedulable = (i: number) =>
  pod(i, {
    phase: 'Pending',
    conditions: [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'Unschedulable',
        message: '0/3 nodes are available: 3 Insufficient cpu.',
      },
    ],
  });

test('one line per stage change and per runner state change, none when nothing changed', () => {
  const s = newFollowState(TR, 2, 0);
  assert.deepEqual(observe(s, { stage: 'initialization', pods: [] }, 1000), [
    `[operator +1s] TestRun ${TR}: initialization`,
  ]);
  assert.deepEqual(observe(s, { stage: 'initialization', pods: [] }, 2000), []);
  const created = observe(s, { stage: 'created', pods: [pending(1), pending(2)] }, 3000);
  assert.deepEqual(created, [
    `[operator +3s] TestRun ${TR}: created`,
    `[operator +3s] runner 1/2 (${TR}-1-x7k2p): pending`,
    `[operator +3s] runner 2/2 (${TR}-2-x7k2p): pending`,
  ]);
  assert.deepEqual(observe(s, { stage: 'started', pods: [running(1), pending(2)] }, 4000), [
    `[operator +4s] TestRun ${TR}: started`,
    `[operator +4s] runner 1/2 (${TR}-1-x7k2p): running`,
  ]);
  assert.equal(isOver(s), false);
  observe(s, { stage: 'started', pods: [exited(1, 0), exited(2, 99, 'Error')] }, 9000);
  assert.equal(isOver(s), true, 'every runner exited');
  assert.deepEqual(
    finalRunners(s).map((r) => [r.index, r.exitCode]),
    [
      [1, 0],
      [2, 99],
    ],
  );
});

test('pods of another TestRun, the initializer and the starter are not runners', () => {
  const s = newFollowState(TR, 1, 0);
  const other = {
    metadata: { name: 'other-1-abcde', labels: { k6_cr: 'other', runner: 'true' } },
    status: { phase: 'Running' },
  };
  const initializer = {
    metadata: { name: `${TR}-initializer-q1w2e`, labels: { k6_cr: TR, 'job-name': `${TR}-initializer` } },
  };
  const starter = { metadata: { name: `${TR}-starter-q1w2e`, labels: { k6_cr: TR, runner: 'false' } } };
  assert.deepEqual(observe(s, { pods: [other, initializer, starter] }, 0), []);
  assert.equal(s.pods.size, 0);
});

test('stage error ends the follow with the condition that says why', () => {
  const s = newFollowState(TR, 2, 0);
  const lines = observe(
    s,
    {
      stage: 'error',
      conditions: [
        { type: 'TestRunRunning', status: 'False', reason: 'InitializerFailed', message: 'k6 inspect: SyntaxError' },
      ],
      pods: [],
    },
    0,
  );
  assert.deepEqual(lines, [`[operator +0s] TestRun ${TR}: error (InitializerFailed: k6 inspect: SyntaxError)`]);
  assert.equal(isOver(s), true);
});

test('runners that never start time out, each named with its pod and reason', () => {
  const s = newFollowState(TR, 3, 0);
  const lines = observe(s, { stage: 'created', pods: [pullError(1), unschedulable(2)] }, 1000);
  assert.ok(
    lines.includes(
      `[operator +1s] runner 1/3 (${TR}-1-x7k2p): ImagePullBackOff: Back-off pulling image "grafana/k6:9.9.9"`,
    ),
  );
  assert.ok(
    lines.includes(
      `[operator +1s] runner 2/3 (${TR}-2-x7k2p): Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.`,
    ),
  );
  assert.equal(startTimeout(s, 299_000, 300_000), undefined, 'not yet');
  const message = startTimeout(s, 300_000, 300_000) ?? '';
  assert.match(message, /^the runners did not start within 300 s \(TestRun .*, stage created\)/);
  assert.match(message, /runner 1: .*-1-x7k2p: ImagePullBackOff: Back-off pulling image "grafana\/k6:9\.9\.9"/);
  assert.match(message, /runner 2: .*-2-x7k2p: Unschedulable: 0\/3 nodes are available/);
  assert.match(message, /runner 3: no pod yet \(is the k6-operator installed and running\?\)/);
  assert.match(message, /hint: check distributed\.runner\.image/);
  assert.match(message, /hint: lower distributed\.runner\.resources/);
});

test('an image pull failure known only from the pod events is named too', () => {
  const s = newFollowState(TR, 1, 0);
  const lines = observe(
    s,
    {
      stage: 'created',
      pods: [pending(1)],
      events: [{ pod: `${TR}-1-x7k2p`, reason: 'ErrImagePull', message: 'manifest unknown' }],
    },
    0,
  );
  assert.deepEqual(lines.slice(1), [`[operator +0s] runner 1/1 (${TR}-1-x7k2p): ErrImagePull: manifest unknown`]);
});

test('once the runners run, the start timeout no longer applies', () => {
  const s = newFollowState(TR, 2, 0);
  observe(s, { stage: 'started', pods: [running(1), running(2)] }, 5000);
  assert.equal(startTimeout(s, 10_000_000, 300_000), undefined);
});

test("runner exit codes: 0 and 99 (a runner's own slice's thresholds) pass; a crash fails, named", () => {
  const ok = runnersOutcome([
    { index: 1, pod: 'p-1', phase: 'exited', exitCode: 0 },
    { index: 2, pod: 'p-2', phase: 'exited', exitCode: 99 },
  ]);
  assert.deepEqual(ok, { k6ExitCode: 0 });
  const crashed = runnersOutcome([
    { index: 1, pod: 'p-1', phase: 'exited', exitCode: 0 },
    { index: 2, pod: 'p-2', phase: 'exited', exitCode: 107, reason: 'Error' },
  ]);
  assert.equal(crashed.k6ExitCode, 107);
  assert.equal(crashed.firstError, '1 of 2 runner(s) failed; runner 2 (pod p-2) exited 107 (Error)');
  const oom = runnersOutcome([{ index: 1, pod: 'p-1', phase: 'exited', exitCode: 137, reason: 'OOMKilled' }]);
  assert.equal(oom.k6ExitCode, 137);
  const never = runnersOutcome([{ index: 1, pod: 'p-1', phase: 'image-pull-error', reason: 'ErrImagePull' }]);
  assert.equal(never.k6ExitCode, null);
  assert.match(never.firstError ?? '', /runner 1 \(pod p-1\) never ended \(image-pull-error: ErrImagePull\)/);
});

test('per-runner request rates make an uneven split visible', () => {
  const runners = [
    { index: 1, pod: 'p-1', phase: 'exited' as const, exitCode: 0 },
    { index: 2, pod: 'p-2', phase: 'exited' as const, exitCode: 0 },
  ];
  const even = runnerSummaries(
    runners,
    new Map([
      [1, { requests: 600, rps: 10 }],
      [2, { requests: 594, rps: 9.9 }],
    ]),
  );
  assert.deepEqual(
    even.map((r) => r.rps),
    [10, 9.9],
  );
  assert.equal(splitSkew(even)?.toFixed(2), '1.01');
  const uneven = runnerSummaries(
    runners,
    new Map([
      [1, { requests: 900, rps: 15 }],
      [2, { requests: 300, rps: 5 }],
    ]),
  );
  assert.equal(splitSkew(uneven), 3);
  assert.equal(splitSkew(runnerSummaries(runners, new Map())), undefined, 'no rates, no skew');
});

test("a runner's requests are the sum of its series' running totals, by the operator's instance_id or the runner tag", () => {
  assert.equal(
    runnerRequestsQuery('run-1', 60.2),
    'sum by (instance_id, runner) (max_over_time(k6_http_reqs_total{testid="run-1"}[61s]))',
  );
  const rates = ratesFromVector(
    [
      { metric: { instance_id: '1', runner: '1' }, value: [0, '100'] },
      { metric: { instance_id: '1' }, value: [0, '5'] }, // setup(): no runner tag, same runner
      { metric: { runner: '2' }, value: [0, '90'] }, // an operator without instance_id
      { metric: {}, value: [0, '7'] }, // neither: not a runner's
    ],
    10,
  );
  assert.deepEqual(
    [...rates.entries()],
    [
      [1, { requests: 105, rps: 10.5 }],
      [2, { requests: 90, rps: 9 }],
    ],
  );
});
