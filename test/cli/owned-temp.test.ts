// Temp folders named after their owner's pid (the CLI's bundle, its Prometheus' TSDB, the simulated
// operator's TestRun folders): a start sweeps those of its prefix that a dead process left, never a
// live process's, never another prefix's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { deadOwnersTemp, ownedTempDir, sweepOwnedTemp } from '../../cli/processes/index.ts';

/** The pid of a process that has run and exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

test('only <prefix><pid>-XXXXXX folders of other, dead processes are left over', () => {
  const names = [
    'aurora-load-bundle-5-AbC123',
    'aurora-load-bundle-6-AbC123',
    `aurora-load-bundle-${process.pid}-AbC123`,
    'aurora-load-bundle-HvPfBh',
    'aurora-load-prometheus-5-AbC123',
    'xaurora-load-bundle-5-AbC123',
  ];
  assert.deepEqual(
    deadOwnersTemp(names, 'aurora-load-bundle-', (pid) => pid === 6),
    ['aurora-load-bundle-5-AbC123'],
  );
});

test("a start sweeps a dead owner's folder with everything in it and keeps a live one's", (t) => {
  const root = mkdtempSync(join(tmpdir(), 'aurora-load-owned-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dead = deadPid();
  const deadsDir = join(root, `aurora-load-prometheus-${dead}-Xy12Zw`);
  mkdirSync(join(deadsDir, 'data', 'wal'), { recursive: true });
  writeFileSync(join(deadsDir, 'prometheus.yml'), 'scrape_configs: []\n');
  const livesDir = join(root, `aurora-load-prometheus-${process.ppid}-Qr34St`);
  mkdirSync(livesDir);
  const othersDir = join(root, `aurora-load-bundle-${dead}-Uv56Wx`);
  mkdirSync(othersDir);

  const mine = ownedTempDir('aurora-load-prometheus-', root);

  assert.equal(dirname(mine), root);
  assert.match(basename(mine), new RegExp(`^aurora-load-prometheus-${process.pid}-\\w+$`));
  assert.ok(!existsSync(deadsDir), 'the folder of a dead owner is swept');
  assert.ok(existsSync(livesDir), 'the folder of a running owner is kept');
  assert.ok(existsSync(othersDir), 'the folder of another prefix is not this start to sweep');
  assert.deepEqual(readdirSync(root).sort(), [basename(othersDir), basename(livesDir), basename(mine)].sort());

  // The next start of this process keeps its own first folder.
  assert.deepEqual(sweepOwnedTemp('aurora-load-prometheus-', root), []);
  assert.ok(existsSync(mine));
});
