// Unit tests of the pure cores behind `npm run load`: flags, safety, verdict/exit codes, the
// Kubernetes timeline, k6 options -> shape, plain output, the secret scrub, baseline refs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLoadArgs } from '../../cli/plan/args.ts';
import { resolveBaselineRef } from '../../cli/run/folder/baselines.ts';
import { loadEnvFile } from '../../cli/plan/env-file/load.ts';
import { EXIT } from '../../cli/verdict/exit-codes.ts';
import { newTimeline, onDeployment, onHpa } from '../../cli/k8s/timeline.ts';
import { stripControl } from '../../cli/k6/process.ts';
import { checkSafety, runBoundMs } from '../../cli/plan/safety.ts';
import { containsSecret, findSecretLeaks } from '../../cli/run/folder/scrub.ts';
import { shapeFromOptions } from '../../cli/plan/shape/shape-from-options.ts';
import { createRunFolder } from '../../cli/run/folder/run-folder.ts';
import { parseReadyLine, simArgs, spawnSimulator } from '../../cli/processes/sim-process.ts';
import { buildVerdict, runExitCode } from '../../cli/verdict/verdict.ts';
import type { GateResult } from '../../cli/verdict/model.ts';

test('flags: defaults, repeatable --sim-fault, CI from the environment, clear errors', () => {
  const d = parseLoadArgs([]);
  assert.ok(d.ok);
  if (d.ok)
    assert.deepEqual(
      [d.args.env, d.args.scenario, d.args.profile, d.args.scale, d.args.ci],
      ['local', 'mixed', 'smoke', 1, false],
    );
  const f = parseLoadArgs(
    ['--sim-fault', 'hpa-frozen', '--sim-fault', 'error-rate=0.1', '--profile', 'nightly', '-y'],
    { CI: 'true' },
  );
  assert.ok(f.ok);
  if (f.ok) {
    assert.deepEqual(f.args.simFaults, ['hpa-frozen', 'error-rate=0.1']);
    assert.equal(f.args.ci, true);
    assert.equal(f.args.yes, true);
  }
  for (const [argv, msg] of [
    [['--profile', 'turbo'], /--profile turbo: use one of/],
    [['--scale', '0'], /--scale 0/],
    [['--nope'], /Unknown option '--nope'/],
    [['extra'], /Unexpected argument|positional/i],
    [['--save-baseline', '../x'], /--save-baseline/],
    [['--scale', '-1'], /^--scale -1: must be a number above 0/],
    [['--scale', 'abc'], /^--scale abc: must be a number/],
    [['--out', ''], /^--out needs a value/],
  ] as const) {
    const r = parseLoadArgs([...argv]);
    assert.equal(r.ok, false, argv.join(' '));
    if (!r.ok) assert.match(r.message, msg);
  }
});

const localPlan = (profile: 'smoke' | 'stress', env = 'envs/local.yaml', text?: string) => {
  const r = loadEnvFile(
    text ?? `sim: {}\nsafety: { maxArrivalRate: 10, maxVUs: 20, maxDuration: 1m, allowStress: false }`,
    env,
    { INTERNAL_API_SECRET: 'x' },
    { scenario: 'rest', profile, scale: 1, simFaults: [], dryRun: false },
  );
  assert.ok(r.plan, r.errors.join('\n'));
  return r.plan!;
};
const shape = (rate: number, vus: number, seconds: number) =>
  shapeFromOptions({
    scenarios: {
      rest: {
        executor: 'constant-arrival-rate',
        rate,
        timeUnit: '1s',
        duration: `${seconds}s`,
        preAllocatedVUs: vus,
        maxVUs: vus,
      },
    },
  });

test('safety: limits, stress profiles and confirmation are refused with the limit and the fix', () => {
  const plan = localPlan('stress');
  const v = checkSafety(plan, shape(30, 50, 120), { yes: false });
  assert.deepEqual(v.refusals.map((r) => r.kind).sort(), ['arrivalRate', 'duration', 'stress', 'vus']);
  assert.match(
    v.refusals.find((r) => r.kind === 'arrivalRate')!.message,
    /30\/s is above .* limit of 10\/s .*\(at most 0\.33 fits\)/,
  );
  assert.deepEqual(checkSafety(localPlan('smoke'), shape(5, 5, 30), { yes: false }).refusals, []);
  const prod = localPlan(
    'smoke',
    'envs/production.yaml',
    'target: { apiUrl: "https://a.example.com", wsUrl: "wss://a.example.com" }',
  );
  const p = prod;
  const refused = checkSafety(p, shape(1, 1, 10), { yes: false });
  assert.deepEqual(
    refused.refusals.map((r) => r.kind),
    ['confirmation'],
  );
  assert.equal(refused.needsTypedConfirmation, true);
  assert.deepEqual(checkSafety(p, shape(1, 1, 10), { yes: true }).refusals, []);
});

test('every run is bounded: plan + gracefulStop + slack + margin, never past maxDuration + margin', () => {
  assert.equal(runBoundMs(shape(1, 1, 60), 3600), (60 + 30 + 30 + 60) * 1000);
  assert.equal(runBoundMs(shape(1, 1, 10_000), 600), (600 + 30 + 30 + 66) * 1000, 'capped at maxDuration');
});

test('k6 options -> stages with offsets, peak rate, VUs, duration', () => {
  const s = shapeFromOptions({
    scenarios: {
      rest: {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1s',
        preAllocatedVUs: 5,
        maxVUs: 20,
        stages: [
          { duration: '10s', target: 10 },
          { duration: '30s', target: 10 },
          { duration: '5s', target: 0 },
        ],
        gracefulStop: '5s',
      },
      rca: {
        executor: 'ramping-arrival-rate',
        startRate: 0,
        timeUnit: '1m',
        preAllocatedVUs: 1,
        maxVUs: 4,
        stages: [
          { duration: '10s', target: 6 },
          { duration: '30s', target: 6 },
          { duration: '5s', target: 0 },
        ],
      },
    },
    thresholds: { http_req_failed: [{ threshold: 'rate<0.5', abortOnFail: true }], checks: ['rate>0.99'] },
  });
  assert.deepEqual(
    s.stages.map((st) => [st.index, st.startSeconds, st.durationSeconds]),
    [
      [0, 0, 10],
      [1, 10, 30],
      [2, 40, 5],
    ],
  );
  assert.equal(s.stages[1].targetRate, 10.1);
  assert.equal(s.peakArrivalRate, 10.1);
  assert.equal(s.maxVUs, 24);
  assert.equal(s.durationSeconds, 45);
  assert.equal(s.gracefulStopSeconds, 30);
  assert.deepEqual(s.thresholds.http_req_failed, ['rate<0.5']);
});

const gate = (kind: GateResult['kind'], passed: boolean): GateResult => ({
  kind,
  name: `${kind} gate`,
  measured: 'm',
  limit: 'l',
  passed,
});

test('exit codes: interrupted > run failed > thresholds > HPA > baseline > ok', () => {
  const ok = { k6ExitCode: 0, interrupted: false, timedOut: false };
  assert.equal(runExitCode(ok, [gate('threshold', true)]), EXIT.ok);
  assert.equal(runExitCode(ok, [gate('baseline', false), gate('hpa', false)]), EXIT.hpaFailed);
  assert.equal(runExitCode(ok, [gate('baseline', false)]), EXIT.baselineRegressed);
  assert.equal(runExitCode({ ...ok, k6ExitCode: 99 }, [gate('hpa', false)]), EXIT.thresholdsFailed);
  assert.equal(runExitCode({ ...ok, k6ExitCode: 107 }, [gate('threshold', false)]), EXIT.runFailed);
  assert.equal(runExitCode({ ...ok, runProblem: 'target unreachable' }, []), EXIT.runFailed);
  assert.equal(runExitCode({ ...ok, timedOut: true }, []), EXIT.runFailed);
  assert.equal(
    runExitCode({ ...ok, k6ExitCode: 105, interrupted: true }, [gate('threshold', false)]),
    EXIT.interrupted,
  );
  const v = buildVerdict({
    runId: 'r',
    env: 'local',
    scenario: 'rest',
    profile: 'smoke',
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    outcome: { k6ExitCode: 107, interrupted: false, timedOut: false },
    gates: [gate('threshold', true)],
    routes: [],
  });
  assert.equal(v.exitCode, EXIT.runFailed);
  assert.equal(v.passed, false);
  assert.match(v.gates[0].measured, /k6 exit 107: script exception/);
  assert.equal(v.gates[0].kind, 'run', 'a broken run is a gate of its own kind, not a threshold');
});

test('the timeline records changes only and prints one line per replica change', () => {
  const s = newTimeline('aurora', 1000);
  const hpa = (desired: number, current: number, cpu: number) => ({
    metadata: { name: 'aurora-oss-server' },
    spec: { scaleTargetRef: { name: 'aurora-oss-server' } },
    status: {
      desiredReplicas: desired,
      currentReplicas: current,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }],
    },
  });
  const dep = (replicas: number, ready: number) => ({
    metadata: { name: 'aurora-oss-server' },
    spec: { replicas },
    status: { replicas, readyReplicas: ready },
  });
  assert.match(onHpa(s, hpa(2, 2, 10), 1000)!, /hpa aurora-oss-server: desired 2, current 2/);
  assert.equal(onHpa(s, hpa(2, 2, 10), 1100), null, 'no change, no point');
  assert.equal(onHpa(s, hpa(2, 2, 80), 1200), null, 'a CPU change is recorded but not printed');
  assert.match(onHpa(s, hpa(4, 2, 95), 3000)!, /\+2\.0s\] hpa aurora-oss-server: desired 2->4, current 2, cpu 95%$/);
  assert.equal(onDeployment(s, dep(4, 3), 4000).length, 1);
  const last = s.timeline.points.at(-1)!;
  assert.deepEqual([last.kind, last.ready], ['hpa', 3], "the HPA's ready replicas follow its Deployment");
  assert.equal(s.timeline.points.filter((p) => p.kind === 'hpa').length, 4);
});

test('plain output drops ANSI codes and progress redraws', () => {
  assert.equal(stripControl('\u001b[32mok\u001b[0m\nrunning 1s\rrunning 2s\rrunning 3s\n'), 'ok\nrunning 3s\n');
});

test('simulator: command line and ready line', () => {
  assert.deepEqual(simArgs({ timeScale: 20, seed: 3, faults: ['hpa-frozen'] }), [
    'sim/main.ts',
    '--port',
    '0',
    '--k8s-port',
    '0',
    '--metrics-port',
    '0',
    '--time-scale',
    '20',
    '--seed',
    '3',
    '--fault',
    'hpa-frozen',
  ]);
  const r = parseReadyLine(
    '{"ready":true,"url":"http://127.0.0.1:1","wsUrl":"ws://127.0.0.1:1","k8sUrl":"https://127.0.0.1:2","metricsUrl":"http://127.0.0.1:3","kubeconfig":"/tmp/k","namespace":"aurora"}',
  );
  assert.equal(r?.kubeconfig, '/tmp/k');
  assert.equal(r?.metricsUrl, 'http://127.0.0.1:3');
  assert.equal(parseReadyLine('aurora-sim ready'), null);
});

test('the secret scrub finds a secret in any file (escaped, gzipped) and ignores short values', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scrub-'));
  try {
    const secret = 'sup3r/secret+value';
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'clean.json'), '{"a":1}');
    writeFileSync(join(dir, 'sub', 'url.txt'), `GET /x?s=${encodeURIComponent(secret)}`);
    writeFileSync(join(dir, 'k6.ndjson.gz'), gzipSync(`{"tags":{"h":"${secret}"}}\n`));
    assert.deepEqual((await findSecretLeaks(dir, [secret])).sort(), ['k6.ndjson.gz', join('sub', 'url.txt')]);
    assert.deepEqual(await findSecretLeaks(dir, ['short']), []);
    assert.equal(containsSecret('x"quoted\\"secret"', ['quoted"secret']), true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--baseline takes a name in baselines/, a verdict.json or a run folder', () => {
  const files = new Set(['/r/baselines/main.json', 'reports/run-1', 'x/verdict.json']);
  const exists = (p: string) => files.has(p);
  assert.deepEqual(resolveBaselineRef('main', '/r', exists), { ok: true, path: '/r/baselines/main.json' });
  assert.deepEqual(resolveBaselineRef('reports/run-1', '/r', exists), { ok: true, path: 'reports/run-1' });
  assert.deepEqual(resolveBaselineRef('x/verdict.json', '/r', exists), { ok: true, path: 'x/verdict.json' });
  const missing = resolveBaselineRef('nightly', '/r', exists);
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.message, /--save-baseline nightly/);
});

test("a run folder that cannot be created is named with the fix, not node's error", () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-folder-'));
  try {
    writeFileSync(join(dir, 'a-file'), 'x');
    for (const out of [join(dir, 'a-file'), join(dir, 'a-file', 'run')]) {
      assert.throws(
        () => createRunFolder(out),
        (err: Error) => {
          assert.match(
            err.message,
            /^cannot create the run folder .*a-file.* \((ENOTDIR|EEXIST): a part of the path is a file, not a folder\); pick a writable folder with --out$/,
          );
          return true;
        },
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a simulator that exits while starting fails the start at once, with its reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-start-'));
  const started = Date.now();
  try {
    await assert.rejects(
      spawnSimulator({
        root: process.cwd(),
        timeScale: 20,
        seed: 1,
        faults: ['crash=no-such-pod'],
        secret: 'x',
        logPath: join(dir, 'sim.log'),
      }),
      /^Error: the simulator exited before it was ready \(code 1\): crash=no-such-pod: no such pod; use server, chatbot, celery or one of: .*; its log: /,
    );
    assert.ok(Date.now() - started < 15_000, 'not the 30 s ready timeout');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
