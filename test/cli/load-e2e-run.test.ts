// `npm run load` end to end against the simulator: a CI-mode smoke run with every report, the secret
// scrub, Ctrl-C, and the refusals that happen before any load. (HPA and baseline gates: load-e2e-gates.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  alive,
  descendants,
  endWithTest,
  FAST_ENV,
  K6,
  listFiles,
  readJson,
  ROOT,
  runCli,
  startCli,
  tempDir,
} from './load-helpers.ts';
import type { Verdict } from '../../cli/verdict/model.ts';

const SECRET = `aurora-e2e-secret-${process.pid}-7f3c9a`;

test('a local smoke run in CI mode passes end to end: every report, the step summary, JUnit per gate, no secret', async (t) => {
  t.diagnostic(`k6: ${K6.note}`);
  const dir = tempDir('smoke');
  const out = join(dir, 'run');
  const stepSummary = join(dir, 'step-summary.md');
  writeFileSync(stepSummary, '# earlier step\n');
  try {
    const r = await runCli(['--env', FAST_ENV, '--scenario', 'mixed', '--profile', 'smoke', '--out', out, '--ci'], {
      AURORA_TEST_INTERNAL_API_SECRET: SECRET,
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr.slice(-3000)}`);
    // Routes the smoke did not call are "not evaluated", never counted as passed.
    assert.match(r.stdout, /PASSED: (all \d+|\d+ of \d+) gates passed/);
    const files = listFiles(out);
    for (const f of [
      'k6.ndjson',
      'summary.json',
      'timeline.json',
      'verdict.json',
      'junit.xml',
      'summary.md',
      'report.html',
    ]) {
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    }
    assert.ok(
      !existsSync(`${out}.partial`) && !listFiles(dir).some((f) => f.includes('.partial')),
      'no partial folder left',
    );
    const verdict = readJson<Verdict>(join(out, 'verdict.json'));
    assert.equal(verdict.passed, true);
    assert.equal(verdict.exitCode, 0);
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    const cases = junit.match(/<testcase /g) ?? [];
    assert.equal(cases.length, verdict.gates.length, 'one JUnit test case per gate');
    const unjudged = verdict.gates.filter((g) => g.status === 'not-evaluated');
    assert.equal((junit.match(/<skipped /g) ?? []).length, unjudged.length, 'a gate not evaluated is skipped');
    if (unjudged.length > 0)
      assert.match(
        r.stdout,
        new RegExp(`, ${unjudged.length} not evaluated\\n  ⚪ ${unjudged.length} not evaluated \\(`),
      );
    const step = readFileSync(stepSummary, 'utf8');
    assert.ok(step.startsWith('# earlier step\n'), 'the step summary is appended to, not replaced');
    assert.ok(step.length > 100 && step.includes('passed'), 'summary.md was appended to $GITHUB_STEP_SUMMARY');
    // Plain output: no terminal control codes in anything the CLI printed.
    assert.ok(!/\u001b\[/.test(r.stdout + r.stderr), 'CI output has no ANSI escape codes');
    // The secret was used (the simulator accepted it: the run passed) and is in no file.
    for (const f of files) {
      assert.ok(!readFileSync(join(out, f), 'latin1').includes(SECRET), `the secret leaked into ${f}`);
    }
    assert.ok(!(r.stdout + r.stderr).includes(SECRET), 'the secret leaked into the output');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ctrl-C mid-run stops k6 gracefully, still writes the reports, exits 130 and leaves no child process', async (t) => {
  const dir = tempDir('sigint');
  const out = join(dir, 'run');
  const cli = startCli(['--env', FAST_ENV, '--scenario', 'rest', '--profile', 'load', '--out', out]);
  endWithTest(t, cli, dir);
  const { child, done } = cli;
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  // Wait until k6 is producing samples, then interrupt.
  const ndjsonGrowing = async () => {
    for (let i = 0; i < 300; i++) {
      if (/running \(0[2-9]|k6 v\d/.test(stderr) && listFiles(dir).some((f) => f.endsWith('k6.ndjson'))) return;
      await sleep(100);
    }
    throw new Error(`k6 never started:\n${stderr.slice(-2000)}`);
  };
  await ndjsonGrowing();
  await sleep(1500);
  const tree = descendants(child.pid!);
  assert.ok(tree.length >= 2, `expected the simulator and k6 as children, got ${tree.length}`);
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr.slice(-2000));
  for (const f of ['k6.ndjson', 'verdict.json', 'junit.xml', 'summary.md', 'report.html', 'timeline.json']) {
    assert.ok(existsSync(join(out, f)), `${f} missing after Ctrl-C`);
  }
  assert.equal(readJson<Verdict>(join(out, 'verdict.json')).exitCode, 130);
  await sleep(300);
  const left = tree.filter(alive);
  assert.deepEqual(left, [], `child processes left behind: ${left.join(', ')}`);
});

test('a bad env file is refused before anything runs, with every problem by path', async () => {
  const r = await runCli(['--env', 'test/cli/fixtures/env-bad.yaml']);
  assert.equal(r.code, 2);
  for (const path of [
    'target.apiUrl',
    'secretEnv.internalApiSecret',
    'safety.maxVUs',
    'safety.allowStres',
    'load.profiles.turbo',
  ]) {
    assert.match(r.stderr, new RegExp(`env-bad\\.yaml: ${path.replace(/\./g, '\\.')}`));
  }
});

test('production is refused without --yes; stress is refused where not allowed', async () => {
  const env = { AURORA_PRODUCTION_INTERNAL_API_SECRET: 'prod-secret-never-used' };
  const r = await runCli(['--env', 'test/cli/fixtures/env-production.yaml'], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /production requires confirmation: add --yes/);
  const s = await runCli(['--env', 'test/cli/fixtures/env-production.yaml', '--profile', 'stress', '--yes'], env);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /--profile stress is not allowed against production/);
  const dry = await runCli(['--env', 'test/cli/fixtures/env-production.yaml', '--dry-run'], env);
  assert.equal(dry.code, 0, 'a dry run sends no load, so it needs no --yes');
  assert.ok(!dry.stdout.includes('prod-secret-never-used'), 'the dry run prints no secret');
});

test('no k6 (and the download off) -> exit 2 with install hints; k6 older than 1.6 -> refused', async () => {
  const noCache = tempDir('nocache');
  const none = await runCli(['--env', FAST_ENV, '--scenario', 'rest'], {
    K6_BIN: '',
    PATH: '/nonexistent',
    AURORA_LOAD_K6_DOWNLOAD: '0',
    XDG_CACHE_HOME: noCache,
  });
  rmSync(noCache, { recursive: true, force: true });
  assert.equal(none.code, 2, none.stderr);
  for (const hint of ['brew install k6', 'apt-get install k6', 'grafana/k6', 'setup-k6-action'])
    assert.ok(none.stderr.includes(hint), hint);
  const dir = tempDir('oldk6');
  try {
    const old = join(dir, 'k6');
    writeFileSync(old, '#!/bin/sh\necho "k6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)"\n');
    chmodSync(old, 0o755);
    const r = await runCli(['--env', FAST_ENV, '--scenario', 'rest'], { K6_BIN: old });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /k6 v1\.3\.0; aurora-load needs k6 >= 1\.6/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('unknown flags exit 2 and --help lists every flag', async () => {
  const bad = await runCli(['--turbo']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown option '--turbo'/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const flag of [
    '--env',
    '--scenario',
    '--profile',
    '--scale',
    '--out',
    '--baseline',
    '--save-baseline',
    '--sim-fault',
    '--dry-run',
    '--yes',
    '--ci',
    '--help',
  ]) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.ok(existsSync(join(ROOT, 'envs/local.yaml')));
});
