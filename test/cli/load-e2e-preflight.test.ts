// Specification of the preflight seen from `npm run load`: a run whose own plumbing is broken (a
// missing kubeconfig, a wrong secret) stops with exit 2 before any load, naming the file or the
// variable and the fix; --dry-run runs the same checks and prints every plan warning; a simulator
// started by hand is a target like staging, through the env file it prints (--print-env).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { RunningSim } from '../../sim/index.ts';
import { SECRET, startSim } from '../sim/helpers.ts';
import { ROOT, runCli } from './load-helpers.ts';

const VAR = 'AURORA_TEST_INTERNAL_API_SECRET';
let sim: RunningSim;
let dir: string;

const envFile = (name: string, kubeconfig: string, extra = '') => {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'description: the simulator, targeted as a remote env',
      `target: { apiUrl: "${sim.url}", wsUrl: "${sim.wsUrl}", timeScale: 50 }`,
      `secretEnv: { internalApiSecret: ${VAR} }`,
      'users: { mode: provision, count: 2 }',
      'load:',
      '  rates: { rest: 8, chatbot: 0.2, rca: 0.1 }',
      '  profiles: { smoke: { hold: 10s } }',
      `kubernetes: { kubeconfig: "${kubeconfig}", context: aurora-sim, namespace: aurora }`,
      'safety: { maxArrivalRate: 100, maxVUs: 200, maxDuration: 30m, allowStress: true }',
      extra,
    ].join('\n'),
  );
  return path;
};

before(async () => {
  sim = await startSim({ timeScale: 50 });
  dir = mkdtempSync(join(tmpdir(), 'aurora-load-e2e-preflight-'));
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** No run folder, final or partial (`.<name>.partial-<pid>`), was left in the test folder. */
const noRunFolder = (name: string) =>
  !existsSync(join(dir, name)) && readdirSync(dir).every((f) => !f.startsWith(`.${name}.partial`));

test('a missing kubeconfig: exit 2 before any load, naming the file, where it was named and the fix', async () => {
  const missing = join(dir, 'no-such-kubeconfig.yaml');
  const env = envFile('missing-kubeconfig', missing);
  const out = join(dir, 'run-missing');
  const r = await runCli(['--env', env, '--out', out], { [VAR]: SECRET });
  process.stdout.write(`# terminal of a missing kubeconfig (exit ${r.code}):\n${r.stderr.replace(/^/gm, '#   ')}\n`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /preflight failed before any load \(exit 2\):/);
  assert.ok(r.stderr.includes(`kubeconfig ${missing} does not exist (kubernetes.kubeconfig in ${env})`), r.stderr);
  assert.match(r.stderr, /fix: point kubernetes\.kubeconfig in .* at a readable kubeconfig/);
  assert.ok(!/starting|k6: |aurora-load: /.test(r.stderr), 'nothing started: no k6, no watcher');
  assert.ok(noRunFolder('run-missing'), 'no run folder left behind');
});

test('a wrong secret: exit 2 before any load, naming the variable and the answer, never the value', async () => {
  const env = envFile('wrong-secret', sim.kubeconfigPath);
  const out = join(dir, 'run-wrong-secret');
  const r = await runCli(['--env', env, '--out', out], { [VAR]: 'not-the-secret-value' });
  process.stdout.write(`# terminal of a wrong secret (exit ${r.code}):\n${r.stderr.replace(/^/gm, '#   ')}\n`);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      `the target refused the secret in ${VAR}: GET http://127\\.0\\.0\\.1:\\d+/api/incidents\\?limit=1 answered 403`,
    ),
  );
  assert.match(
    r.stderr,
    new RegExp(`fix: export ${VAR}=<the INTERNAL_API_SECRET the target's aurora-server runs with>`),
  );
  assert.ok(!(r.stdout + r.stderr).includes('not-the-secret-value'));
  assert.ok(noRunFolder('run-wrong-secret'), 'no run folder left behind');
});

test('--dry-run runs the same checks: a missing kubeconfig and --baseline nosuch exit 2, as the run would', async () => {
  const missing = join(dir, 'nope.yaml');
  const env = envFile('dry-missing', missing);
  const dry = await runCli(['--env', env, '--dry-run'], { [VAR]: SECRET });
  assert.equal(dry.code, 2, dry.stdout + dry.stderr);
  assert.match(dry.stdout, /Preflight \(the run’s own plumbing\)/);
  assert.ok(dry.stdout.includes(`FAIL kubeconfig ${missing} does not exist`), dry.stdout);
  assert.match(dry.stdout, /ok +target: http:\/\/127\.0\.0\.1:\d+ accepted the secret/);

  const good = envFile('dry-good', sim.kubeconfigPath);
  const ok = await runCli(['--env', good, '--dry-run'], { [VAR]: SECRET });
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /ok +Kubernetes: https:\/\/127\.0\.0\.1:\d+ \(context aurora-sim\) lists and may watch/);

  const baseline = await runCli(['--env', good, '--dry-run', '--baseline', 'nosuch'], { [VAR]: SECRET });
  assert.equal(baseline.code, 2, baseline.stdout + baseline.stderr);
  assert.match(baseline.stderr, /nosuch/);

  const local = await runCli(['--dry-run', '--baseline', 'nosuch']);
  assert.equal(local.code, 2, 'the local env too');
});

test('--dry-run prints the plan warnings the README promises: a stress stepHold under 120 s', async () => {
  const env = envFile('short-steps', sim.kubeconfigPath, '');
  const text = (await import('node:fs'))
    .readFileSync(env, 'utf8')
    .replace('profiles: { smoke: { hold: 10s } }', 'profiles: { stress: { stepHold: 60s } }');
  writeFileSync(env, text);
  const r = await runCli(['--env', env, '--profile', 'stress', '--dry-run'], { [VAR]: SECRET });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /warning: .*load\.profiles\.stress: a \w+ plateau of 60s is shorter than 120s/);
});

test('a simulator started by hand: --print-env gives an env file that a run accepts, on the simulator’s clock', async () => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sim/main.ts', '--port', '0', '--k8s-port', '0', '--time-scale', '20', '--print-env'],
    { cwd: ROOT, env: { ...process.env, INTERNAL_API_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    let text = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        text += d;
        if (/allowStress: true\n/.test(text)) resolve();
      });
      child.on('exit', () => reject(new Error(`the simulator exited; stdout: ${text}`)));
    });
    assert.match(text, /secretEnv:\n {2}internalApiSecret: INTERNAL_API_SECRET/);
    assert.match(text, /context: aurora-sim/);
    assert.match(text, /timeScale: 20/);
    assert.ok(!text.includes(SECRET), 'the secret value is never written');
    const env = join(dir, 'printed.yaml');
    writeFileSync(env, text);
    const r = await runCli(['--env', env, '--profile', 'stress', '--dry-run'], { INTERNAL_API_SECRET: SECRET });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /time scale 20x/);
    assert.match(r.stdout, /aurora-oss-server: scale up within 12s of stage 2/, '240 s of cluster time at 20x');
    assert.match(r.stdout, /ok +Kubernetes: .*context aurora-sim/);
    assert.match(r.stdout, /ok +target: .* accepted the secret in INTERNAL_API_SECRET/);
  } finally {
    clearTimeout(killer);
    child.kill('SIGTERM');
  }
});

test('--env local checks the same once the simulator is up: a misnamed HPA stops it with exit 2, no folder left', async () => {
  const env = join(dir, 'local-typo.yaml');
  writeFileSync(
    env,
    (await import('node:fs'))
      .readFileSync(join(ROOT, 'test/cli/fixtures/env-local-fast.yaml'), 'utf8')
      .replace('hpas: [aurora-oss-server, aurora-oss-celery-worker]', 'hpas: [aurora-oss-sever]')
      .replace(/hpa:\n {2}expectations:[\s\S]*?(?=\nsafety:)/, ''),
  );
  const out = join(dir, 'run-local-typo');
  const r = await runCli(['--env', env, '--scenario', 'rest', '--out', out], { [VAR]: SECRET });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /starting the simulator/);
  assert.match(
    r.stderr,
    /preflight failed before any load \(exit 2\):\n {2}- HPA aurora-oss-sever not found in namespace aurora/,
  );
  assert.ok(!/k6 TEST DOUBLE|\[k8s /.test(r.stdout + r.stderr), 'neither k6 nor the watcher started');
  assert.ok(noRunFolder('run-local-typo'), 'no run folder left, partial or final');
});
