// `npm run load` killed by SIGKILL, which no handler sees: the simulator and k6 must not outlive it
// (the simulator watches its stdin pipe, the orphan guard stops k6), and the half-written run folder
// it leaves is settled by the next run (cli/run/folder/stale-partials.ts), which also sweeps the dead
// run's temp folders: its bundle, its Prometheus' TSDB, k6's (cli/processes/owned-temp.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { settleStalePartials, stalePartials } from '../../cli/run/index.ts';
import { alive, descendants, FAST_ENV, listFiles, startCli, tempDir } from './load-helpers.ts';

test('kill -KILL of the CLI mid-run leaves no process behind, and the next run leaves nothing of it in the temp dir', async (t) => {
  // The run's own temp dir (TMPDIR), which also holds its run folder: all that the two runs leave is here.
  const dir = tempDir('sigkill', t);
  const env = { TMPDIR: dir };
  const run = (profile: string) =>
    startCli(['--env', FAST_ENV, '--scenario', 'rest', '--profile', profile, '--out', join(dir, 'run')], env);
  const { child, done } = run('load');
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  for (let i = 0; ; i++) {
    if (/running \(0[1-9]|k6 v\d/.test(stderr) && listFiles(dir).some((f) => f.endsWith('k6.ndjson'))) break;
    if (i > 300) {
      child.kill('SIGINT');
      throw new Error(`k6 never started:\n${stderr.slice(-2000)}`);
    }
    await sleep(100);
  }
  await sleep(1000);
  const tree = descendants(child.pid!);
  assert.ok(tree.length >= 2, `expected the simulator and k6 under the CLI, got ${tree.length}`);
  child.kill('SIGKILL');
  await done;
  let left = tree.filter(alive);
  for (let i = 0; i < 80 && left.length; i++) {
    await sleep(100);
    left = left.filter(alive);
  }
  assert.deepEqual(left, [], `left behind 8 s after the CLI died: ${left.join(', ')}`);
  const killed = readdirSync(dir);
  assert.ok(
    killed.includes(`.run.partial-${child.pid}`),
    `the dead run leaves its hidden working folder: ${killed.join(', ')}`,
  );
  assert.ok(
    killed.some((n) => n.startsWith(`aurora-load-bundle-${child.pid}-`)),
    `the dead run leaves its bundle folder, named after it: ${killed.join(', ')}`,
  );

  const next = await run('smoke').done;
  assert.equal(next.code, 0, next.stderr.slice(-2000));
  // Left: the next run's folder, what the dead run collected (run folder rules), and tsx's compile
  // cache (tsx-<uid>, tsx's own, shared by every process that runs TypeScript through it).
  const after = readdirSync(dir)
    .filter((n) => !/^tsx-\d+$/.test(n))
    .sort();
  assert.deepEqual(after, ['run', 'run-incomplete'], `left in the temp dir after the next run: ${after.join(', ')}`);
});

test("a dead run's partial folder is kept as <run>-incomplete, an empty one removed, a live one untouched", () => {
  const dir = tempDir('stale');
  try {
    const make = (name: string, withFile: boolean) => {
      mkdirSync(join(dir, name));
      if (withFile) writeFileSync(join(dir, name, 'k6.ndjson'), '{}\n');
    };
    make('.2026-11-30T06-00-00Z-local-mixed-load.partial-111', true);
    make('.2026-11-30T06-10-00Z-local-mixed-smoke.partial-222', false);
    make('.2026-11-30T06-20-00Z-local-mixed-smoke.partial-333', true);
    make('2026-11-30T05-00-00Z-local-mixed-smoke', true);
    const isAlive = (pid: number) => pid === 333;
    const lines = settleStalePartials(dir, isAlive);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines.join('\n'), /pid 111.*kept in 2026-11-30T06-00-00Z-local-mixed-load-incomplete\//);
    assert.match(lines.join('\n'), /removed .*partial-222/);
    const kept = join(dir, '2026-11-30T06-00-00Z-local-mixed-load-incomplete');
    assert.ok(existsSync(join(kept, 'k6.ndjson')));
    assert.match(readFileSync(join(kept, 'INCOMPLETE.txt'), 'utf8'), /died before it finished/);
    assert.ok(!existsSync(join(dir, '.2026-11-30T06-10-00Z-local-mixed-smoke.partial-222')));
    assert.ok(
      existsSync(join(dir, '.2026-11-30T06-20-00Z-local-mixed-smoke.partial-333')),
      'a running run is left alone',
    );
    assert.deepEqual(settleStalePartials(dir, isAlive), [], 'nothing left to settle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('only hidden .<run>.partial-<pid> folders of other, dead processes are stale', () => {
  const names = ['.a.partial-5', '.b.partial-6', `.c.partial-${process.pid}`, 'a.partial-7', '.d.tmp-8'];
  assert.deepEqual(
    stalePartials(names, (pid) => pid === 6),
    [{ name: '.a.partial-5', runName: 'a', pid: 5 }],
  );
});
