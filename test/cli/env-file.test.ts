import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadEnvFile, type LoadFlags } from '../../cli/plan/env-file/load.ts';
import { resolveEnvFile } from '../../cli/plan/env-file/resolve.ts';
import { EnvFileSchema } from '../../cli/plan/env-file/schema.ts';
import { simEnvFile } from '../../sim/print-env.ts';

const flags: LoadFlags = { scenario: 'mixed', profile: 'smoke', scale: 1, simFaults: [], dryRun: false };
const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

test('the shipped env files load (examples with their secret variable set)', () => {
  const local = loadEnvFile(read('envs/local.yaml'), 'envs/local.yaml', {}, flags);
  assert.deepEqual(local.errors, []);
  assert.equal(local.plan?.target.kind, 'simulator');
  assert.equal(local.plan?.env, 'local');
  const staging = loadEnvFile(
    read('envs/staging.example.yaml'),
    'envs/staging.example.yaml',
    { AURORA_STAGING_INTERNAL_API_SECRET: 's3cret-value' },
    { ...flags, profile: 'nightly' },
  );
  assert.deepEqual(staging.errors, []);
  assert.equal(staging.plan?.env, 'staging');
  assert.equal(staging.plan?.hpaExpectations.length, 1);
  const prod = loadEnvFile(
    read('envs/production.example.yaml'),
    'envs/production.example.yaml',
    { AURORA_PRODUCTION_INTERNAL_API_SECRET: 'x' },
    flags,
  );
  assert.deepEqual(prod.errors, []);
  assert.equal(prod.plan?.safety.requireConfirmation, true);
});

test('a bad env file lists every problem by file and dot-path, with hints', () => {
  const text = readFileSync(new URL('./fixtures/env-bad.yaml', import.meta.url), 'utf8');
  const r = loadEnvFile(text, 'test/cli/fixtures/env-bad.yaml', {}, flags);
  assert.equal(r.plan, undefined);
  const all = r.errors.join('\n');
  for (const path of [
    'target.apiUrl',
    'secretEnv.internalApiSecret',
    'safety.maxVUs',
    'safety.maxDuration',
    'safety.allowStres',
    'users.count',
    'load.profiles.turbo',
    'kubernetes.namespace',
  ]) {
    assert.ok(all.includes(`env-bad.yaml: ${path}`), `no error at ${path}:\n${all}`);
  }
  assert.ok(
    r.errors.every((e) => e.startsWith('test/cli/fixtures/env-bad.yaml')),
    'every message names the file',
  );
  assert.match(all, /unknown key \(hint: remove it or fix its spelling/);
});

test('cross-field rules: thresholds grammar, watched HPAs, a target or a simulator', () => {
  const text = [
    'target: { apiUrl: "https://api.example.com", wsUrl: "wss://ws.example.com" }',
    'secretEnv: { internalApiSecret: MY_SECRET }',
    'thresholds: { all: { "http_req_duration{service:aurora-server}": ["p(95)<"] } }',
    'kubernetes: { namespace: aurora, hpas: [aurora-oss-server] }',
    'hpa: { expectations: { smoke: [{ hpa: other-hpa, triggerStage: 0, scaleUpWithinSeconds: 60, minReadyAtPeak: 2 }] } }',
  ].join('\n');
  const r = loadEnvFile(text, 'x.yaml', { MY_SECRET: 'abc' }, flags);
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some(
      (e) =>
        e.includes('thresholds.all["http_req_duration{service:aurora-server}"][0]') && e.includes('needs a number'),
    ),
    r.errors.join('\n'),
  );
  assert.ok(
    r.errors.some((e) => e.includes('hpa.expectations.smoke[0].hpa') && e.includes('not watched')),
    r.errors.join('\n'),
  );
  const none = loadEnvFile('users: { mode: provision }', 'y.yaml', {}, flags);
  assert.ok(
    none.errors.some((e) => e.startsWith('y.yaml: target: no target')),
    none.errors.join('\n'),
  );
});

test('a missing secret variable is named (an error for a run, a warning for a dry run)', () => {
  const text =
    'target: { apiUrl: "https://api.example.com", wsUrl: "wss://ws.example.com" }\nsecretEnv: { internalApiSecret: AURORA_X_SECRET }';
  const run = loadEnvFile(text, 'x.yaml', {}, flags);
  assert.ok(run.errors.some((e) => e.includes('AURORA_X_SECRET is not set')));
  const dry = loadEnvFile(text, 'x.yaml', {}, { ...flags, dryRun: true });
  assert.deepEqual(dry.errors, []);
  assert.ok(dry.warnings.some((e) => e.includes('AURORA_X_SECRET is not set')));
  assert.ok(
    !JSON.stringify(loadEnvFile(text, 'x.yaml', { AURORA_X_SECRET: 'do-not-print-me' }, flags).plan).includes(
      'do-not-print-me',
    ),
    'the plan never holds the secret value',
  );
});

test('--sim-fault is validated with the simulator parser and refused for remote envs', () => {
  const local = read('envs/local.yaml');
  const bad = loadEnvFile(local, 'envs/local.yaml', {}, { ...flags, simFaults: ['error-rate=2'] });
  assert.ok(
    bad.errors.some((e) => e.includes('--sim-fault') && e.includes('error-rate')),
    bad.errors.join('\n'),
  );
  const ok = loadEnvFile(local, 'envs/local.yaml', {}, { ...flags, simFaults: ['hpa-frozen'] });
  assert.deepEqual(ok.plan?.sim?.faults, ['hpa-frozen']);
  const remote = 'target: { apiUrl: "https://a.example.com", wsUrl: "wss://a.example.com" }';
  const r = loadEnvFile(remote, 'r.yaml', { INTERNAL_API_SECRET: 'x' }, { ...flags, simFaults: ['hpa-frozen'] });
  assert.ok(r.errors.some((e) => e.includes('--sim-fault') && e.includes('only applies')));
});

test('HPA expectation seconds are divided by the simulator time scale', () => {
  const r = loadEnvFile(read('envs/local.yaml'), 'envs/local.yaml', {}, { ...flags, profile: 'stress' });
  const exp = r.plan!.hpaExpectations[0];
  assert.equal(r.plan!.runConfig.timeScale, 20);
  assert.equal(exp.scaleUpWithinSeconds, 420 / 20);
});

test('target.timeScale: a simulator started by hand (--time-scale 20) is judged on its own clock', () => {
  const text = [
    'target: { apiUrl: "http://127.0.0.1:8080", wsUrl: "ws://127.0.0.1:8080", timeScale: 20 }',
    'kubernetes: { context: aurora-sim }',
    'safety: { allowStress: true }',
    'hpa: { expectations: { stress: [{ hpa: aurora-oss-server, triggerStage: 2, scaleUpWithinSeconds: 240, minReadyAtPeak: 3 }] } }',
  ].join('\n');
  const r = loadEnvFile(text, 'own-sim.yaml', { INTERNAL_API_SECRET: 'x' }, { ...flags, profile: 'stress' });
  assert.deepEqual(r.errors, []);
  assert.equal(r.plan?.target.kind, 'remote');
  assert.equal(r.plan?.runConfig.timeScale, 20, 'profile durations shrink by the target clock');
  assert.equal(r.plan?.hpaExpectations[0].scaleUpWithinSeconds, 12, 'HPA budgets are on the target clock');
  const plain = loadEnvFile(text.replace(', timeScale: 20', ''), 'r.yaml', { INTERNAL_API_SECRET: 'x' }, flags);
  assert.equal(plain.plan?.runConfig.timeScale, 1, 'a real cluster runs at time scale 1');
  const bad = loadEnvFile(text.replace('timeScale: 20', 'timeScale: 0'), 'r.yaml', { INTERNAL_API_SECRET: 'x' }, flags);
  assert.ok(
    bad.errors.some((e) => e.includes('target.timeScale')),
    bad.errors.join('\n'),
  );
});

test('a simulator started by hand: the example and what --print-env writes load as a remote env on its clock', () => {
  const printed = simEnvFile({
    url: 'http://127.0.0.1:41234',
    wsUrl: 'ws://127.0.0.1:41234',
    kubeconfigPath: '/tmp/aurora-sim/kubeconfig-40000.yaml',
    namespace: 'aurora',
    timeScale: 20,
    secretFromEnv: false,
  });
  for (const [path, text] of [
    ['envs/sim-shared.example.yaml', read('envs/sim-shared.example.yaml')],
    ['printed.yaml', printed],
  ]) {
    const r = loadEnvFile(text, path, { INTERNAL_API_SECRET: 'x' }, { ...flags, profile: 'stress' });
    assert.deepEqual(r.errors, [], path);
    assert.equal(r.plan?.target.kind, 'remote', path);
    assert.equal(r.plan?.runConfig.timeScale, 20, path);
    assert.equal(r.plan?.kubernetes?.context, 'aurora-sim', path);
    assert.equal(r.plan?.secret.envVar, 'INTERNAL_API_SECRET', path);
    assert.equal(r.plan?.hpaExpectations[0].scaleUpWithinSeconds, 12, path);
  }
  assert.match(printed, /kubeconfig: \/tmp\/aurora-sim\/kubeconfig-40000\.yaml/);
  assert.match(printed, /started without INTERNAL_API_SECRET/);
});

test('YAML syntax errors name the file, line and column', () => {
  const r = loadEnvFile('target:\n  apiUrl: [unclosed\n', 'broken.yaml', {}, flags);
  assert.match(r.errors[0], /^broken\.yaml:\d+:\d+: YAML: /);
});

test('--env resolves names, examples (with the copy hint) and paths', () => {
  const files = new Set(['/r/envs/local.yaml', '/r/envs/staging.example.yaml', 'my/env.yaml']);
  const exists = (p: string) => files.has(p);
  assert.deepEqual(resolveEnvFile('local', '/r', exists), { ok: true, path: '/r/envs/local.yaml' });
  const ex = resolveEnvFile('staging', '/r', exists);
  assert.equal(ex.ok, false);
  if (!ex.ok) assert.match(ex.message, /cp envs\/staging\.example\.yaml envs\/staging\.yaml/);
  assert.deepEqual(resolveEnvFile('my/env.yaml', '/r', exists), { ok: true, path: 'my/env.yaml' });
  assert.equal(resolveEnvFile('nope', '/r', exists).ok, false);
});

test('--env refuses an example file given by path, with the copy command', () => {
  const exists = (p: string) => p === 'envs/staging.example.yaml';
  const ex = resolveEnvFile('envs/staging.example.yaml', '/r', exists);
  assert.equal(ex.ok, false);
  if (!ex.ok) {
    assert.match(ex.message, /^--env envs\/staging\.example\.yaml: an example file holds placeholder targets/);
    assert.match(ex.message, /cp envs\/staging\.example\.yaml envs\/staging\.yaml/);
  }
});

test('the env file JSON schema is stable (describe/default on every field)', () => {
  const schema = z.toJSONSchema(EnvFileSchema, { io: 'input' }) as {
    properties: Record<string, { description?: string }>;
  };
  for (const [key, prop] of Object.entries(schema.properties)) {
    assert.ok(prop.description, `top-level key ${key} has no description`);
  }
  assert.deepEqual(Object.keys(schema.properties).sort(), [
    'baseline',
    'cluster',
    'description',
    'distributed',
    'drift',
    'hpa',
    'kubernetes',
    'load',
    'name',
    'preflight',
    'prometheus',
    'safety',
    'secretEnv',
    'sim',
    'spend',
    'target',
    'thresholds',
    'users',
  ]);
});

test('hints tell a wrong type (write ...) from a missing key (add it), and give number bounds', () => {
  const text = [
    'target: { apiUrl: 123, wsUrl: "ws://127.0.0.1:9" }',
    'users: { mode: provision, count: many }',
    'load: { scenarios: rest, rates: { rest: -5 } }',
  ].join('\n');
  const r = loadEnvFile(text, 'bad.yaml', { INTERNAL_API_SECRET: 'x' }, flags);
  const line = (path: string) =>
    r.errors.find((e) => e.startsWith(`bad.yaml: ${path}:`)) ?? `no error at ${path}: ${r.errors.join('\n')}`;
  assert.match(line('target.apiUrl'), /\(hint: write a string\)$/);
  assert.match(line('users.count'), /\(hint: write a number\)$/);
  assert.match(line('load.scenarios'), /\(hint: write a list, e\.g\. \[a, b\]\)$/);
  assert.match(line('load.rates.rest'), /\(hint: use a number >= 0\)$/);
  const missing = loadEnvFile(
    'target: { apiUrl: "http://127.0.0.1:9" }',
    'm.yaml',
    { INTERNAL_API_SECRET: 'x' },
    flags,
  );
  assert.ok(
    missing.errors.some((e) => e.startsWith('m.yaml: target.wsUrl:') && e.endsWith('(hint: add it (string))')),
    missing.errors.join('\n'),
  );
});
