// LLM spend and Aurora's rate limiter, end to end against the simulator: the plan states turns,
// RCAs and estimated spend and refuses one above the budget before any load; k6 stops a run whose
// reported spend reaches the budget, and the verdict says so; `cost-spike=3` fails the spend gate
// against a healthy baseline (exit 5); the simulator's limiter gives 429s under their own kind
// without the bypass, none with it, and the bypass token appears nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { K6, listFiles, readJson, runCli, tempDir } from './load-helpers.ts';
import type { Verdict } from '../../cli/verdict/model.ts';

const BYPASS = 'bypass-e2e-7f3a9c1d52';

/** A fast simulator env with chat turns and RCAs only; the options vary per test. */
function spendEnv(
  dir: string,
  o: { cap?: number; chatTurnUsd?: number; rcaUsd?: number; rateLimit?: string; bypassVar?: string } = {},
): string {
  const lines = [
    'description: CLI tests (LLM spend)',
    'sim:',
    '  timeScale: { smoke: 50, load: 50 }',
    '  seed: 7',
    ...(o.rateLimit ? [`  rateLimit: ${o.rateLimit}`] : []),
    'secretEnv:',
    '  internalApiSecret: AURORA_TEST_INTERNAL_API_SECRET',
    ...(o.bypassVar ? [`  rateLimitBypassToken: ${o.bypassVar}`] : []),
    'users: { mode: provision, count: 2 }',
    'load:',
    '  scenarios: [chatbot, rca]',
    '  rates: { rest: 1, chatbot: 0.2, rca: 0.1 }',
    '  profiles: { smoke: { hold: 10s } }',
    '  chat: { mode: ask, model: sim/aurora-llm-mini }',
    ...(o.cap === undefined ? [] : ['safety:', `  maxLlmSpendUsd: ${o.cap}`]),
    'spend:',
    `  chatTurnUsd: ${o.chatTurnUsd ?? 0.001}`,
    `  rcaUsd: ${o.rcaUsd ?? 0.25}`,
  ];
  const path = join(dir, `env-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const spendGates = (v: Verdict) => v.gates.filter((g) => g.kind === 'spend');

test('--dry-run of the local load profile prints the planned chat turns, RCAs and estimated spend', async () => {
  const r = await runCli(['--env', 'local', '--profile', 'load', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /LLM spend \(estimated\)/);
  assert.match(r.stdout, /chat turns \d+ x \$[\d.]+ \(env file\)/);
  assert.match(r.stdout, /RCAs +\d+ x \$[\d.]+ \(env file\)/);
  assert.match(r.stdout, /total +\$[\d.]+/);
});

test('a plan above safety.maxLlmSpendUsd is refused with the numbers (exit 2), before any load', async () => {
  const dir = tempDir('spend-refused');
  try {
    const env = spendEnv(dir, { cap: 0.1, rcaUsd: 1 });
    const dry = await runCli(['--env', env, '--profile', 'smoke', '--dry-run']);
    assert.equal(dry.code, 2, dry.stderr);
    assert.match(
      dry.stdout,
      /REFUSED[\s\S]*estimated LLM spend \$[\d.]+ \(\d+ chat turns x \$[\d.]+ \+ \d+ RCAs x \$1\.00/,
    );
    const out = join(dir, 'run');
    const run = await runCli(['--env', env, '--profile', 'smoke', '--out', out]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /above \S+'s budget of \$0\.10 .*maxLlmSpendUsd/);
    assert.doesNotMatch(run.stderr, /starting the simulator/, 'nothing started');
    assert.equal(existsSync(out), false, 'no run folder');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('k6 stops a run whose reported spend reaches the budget, and the verdict says it stopped for spend', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const dir = tempDir('spend-cap');
  try {
    // The env file's unit costs underestimate an RCA (~$0.24 in the simulator), so the plan passes.
    const env = spendEnv(dir, { cap: 0.1, rcaUsd: 0.01 });
    const out = join(dir, 'run');
    const r = await runCli(['--env', env, '--profile', 'smoke', '--out', out]);
    assert.equal(r.code, 99, `exit ${r.code}\n${r.stderr.slice(-3000)}`);
    assert.match(r.stdout, /STOPPED FOR SPEND by k6: reported LLM spend \$[\d.]+ reached the budget of \$0\.1000/);
    const v = readJson<Verdict>(join(out, 'verdict.json'));
    assert.equal(v.spend?.stoppedForSpend, true);
    assert.ok((v.spend?.totalUsd ?? 0) >= 0.1);
    assert.ok(v.gates.some((g) => g.kind === 'threshold' && g.name.startsWith('aurora_llm_spend_usd') && !g.passed));
    assert.equal(spendGates(v).length, 0, 'no regression gate without a baseline');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--sim-fault cost-spike=3 fails the spend gate against a healthy baseline (exit 5); the healthy run passes', async () => {
  const dir = tempDir('spend-gate');
  try {
    const env = spendEnv(dir);
    const healthy = join(dir, 'healthy');
    const h = await runCli(['--env', env, '--profile', 'smoke', '--out', healthy]);
    assert.equal(h.code, 0, `exit ${h.code}\n${h.stderr.slice(-3000)}`);
    const base = readJson<Verdict>(join(healthy, 'verdict.json'));
    assert.ok(base.spend && base.spend.chatTurns > 0 && base.spend.rcas > 0, JSON.stringify(base.spend));
    assert.match(readFileSync(join(healthy, 'summary.md'), 'utf8'), /LLM spend/);

    const again = join(dir, 'again');
    const a = await runCli(['--env', env, '--profile', 'smoke', '--baseline', healthy, '--out', again]);
    assert.equal(a.code, 0, `a healthy run against the healthy baseline passes\n${a.stderr.slice(-3000)}`);
    const passing = spendGates(readJson<Verdict>(join(again, 'verdict.json')));
    assert.ok(passing.length >= 2 && passing.every((g) => g.passed), JSON.stringify(passing));

    const spiked = join(dir, 'spiked');
    const s = await runCli([
      '--env',
      env,
      '--profile',
      'smoke',
      '--baseline',
      healthy,
      '--sim-fault',
      'cost-spike=3',
      '--out',
      spiked,
    ]);
    assert.equal(s.code, 5, `exit ${s.code}\n${s.stderr.slice(-3000)}`);
    const v = readJson<Verdict>(join(spiked, 'verdict.json'));
    const failed = spendGates(v)
      .filter((g) => !g.passed)
      .map((g) => g.name);
    assert.ok(failed.includes('LLM tokens per chat turn vs baseline'), JSON.stringify(spendGates(v)));
    assert.ok(failed.includes('LLM tokens per RCA vs baseline'), JSON.stringify(spendGates(v)));
    assert.equal(v.spend?.stoppedForSpend, false, 'a regression, not a stop for spend');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("with the simulator's limiter on: 429s under their own kind without the bypass, none with it", async () => {
  const dir = tempDir('spend-limiter');
  try {
    const without = join(dir, 'without');
    const w = await runCli(['--env', spendEnv(dir, { rateLimit: '4/hour' }), '--profile', 'smoke', '--out', without]);
    const limited = readJson<Verdict>(join(without, 'verdict.json')).rateLimited;
    assert.ok(limited && limited.count > 0, `no 429s recorded\n${w.stderr.slice(-3000)}`);
    assert.match(limited.message, /429 rate_limited: .*2 users share this load.*secretEnv\.rateLimitBypassToken/);
    assert.match(w.stderr, /rate limited: \d+ x 429 rate_limited/);

    const withBypass = join(dir, 'with');
    const env = spendEnv(dir, { rateLimit: '4/hour', bypassVar: 'AURORA_TEST_RATE_LIMIT_BYPASS' });
    const b = await runCli(['--env', env, '--profile', 'smoke', '--out', withBypass], {
      AURORA_TEST_RATE_LIMIT_BYPASS: BYPASS,
    });
    assert.equal(b.code, 0, `exit ${b.code}\n${b.stderr.slice(-3000)}`);
    assert.equal(readJson<Verdict>(join(withBypass, 'verdict.json')).rateLimited, undefined);
    assert.ok(!`${b.stdout}${b.stderr}`.includes(BYPASS), 'the token is never printed');
    for (const file of listFiles(withBypass)) {
      if (file.endsWith('.gz')) continue;
      assert.ok(!readFileSync(join(withBypass, file), 'utf8').includes(BYPASS), `the token is not in ${file}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
