// The simulator started by the load CLI stops by itself when its parent is gone: the CLI holds a pipe
// on its stdin (AURORA_SIM_EXIT_WITH_STDIN=1), and that pipe closes however the CLI died.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from './load-helpers.ts';

test('a simulator whose stdin closes stops within seconds and exits 0', async () => {
  const sim = spawn(process.execPath, ['--import', 'tsx', 'sim/main.ts', '--port', '0', '--k8s-port', '0'], {
    cwd: ROOT,
    env: { ...process.env, AURORA_SIM_EXIT_WITH_STDIN: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  sim.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => sim.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => sim.kill('SIGKILL'), 60_000);
  try {
    await new Promise<void>((resolve) => {
      createInterface({ input: sim.stdout }).on('line', (l) => {
        if (l.includes('"ready":true')) resolve();
      });
    });
    const closedAt = Date.now();
    sim.stdin.end(); // what the kernel does when the CLI dies
    assert.equal(await exited, 0, stderr);
    assert.ok(Date.now() - closedAt < 10_000, 'it stopped within seconds');
    assert.match(stderr, /aurora-sim: stopping \(its parent is gone \(stdin closed\)\)/);
  } finally {
    clearTimeout(killer);
  }
});
