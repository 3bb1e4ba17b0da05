// `kill -INT` and `kill -TERM` sent to the `npm run load` process (not to a terminal's whole process
// group, as Ctrl-C is) stop the run as Ctrl-C does: npm forwards the signal to its script's process,
// which must be the CLI itself (package.json's scripts `exec` it; a `sh -c` in between holds SIGINT
// back until the run ends and dies of SIGTERM, leaving the CLI running on its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Verdict } from '../../cli/verdict/model.ts';
import { alive, descendants, FAST_ENV, K6, listFiles, readJson, ROOT, tempDir } from './load-helpers.ts';

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to the npm process interrupts the run: reports written, exit 130, no child process left`, async () => {
    const dir = tempDir(`npm-${signal}`);
    const out = join(dir, 'run');
    const npm = spawn(
      'npm',
      ['run', '--silent', 'load', '--', '--env', FAST_ENV, '--scenario', 'rest', '--profile', 'load', '--out', out],
      {
        cwd: ROOT,
        env: { ...process.env, CI: '', GITHUB_STEP_SUMMARY: '', K6_BIN: K6.bin },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // its own process group: the signal reaches npm alone, as `kill <npm pid>` does
      },
    );
    let stderr = '';
    npm.stderr!.on('data', (d) => {
      stderr += d;
    });
    npm.stdout!.resume();
    const done = new Promise<number | null>((resolve) => npm.on('close', (code) => resolve(code)));
    const guard = setTimeout(() => process.kill(-npm.pid!, 'SIGKILL'), 90_000);
    try {
      for (let i = 0; ; i++) {
        if (/running \(0[1-9]|k6 v\d/.test(stderr) && listFiles(dir).some((f) => f.endsWith('k6.ndjson'))) break;
        if (i > 400) throw new Error(`k6 never started:\n${stderr.slice(-2000)}`);
        await sleep(100);
      }
      await sleep(500);
      const tree = descendants(npm.pid!);
      process.kill(npm.pid!, signal);
      const code = await done;
      assert.equal(code, 130, stderr.slice(-2000));
      assert.match(stderr, new RegExp(`${signal}: stopping k6 gracefully`));
      assert.ok(existsSync(join(out, 'verdict.json')), 'the reports are still written');
      assert.equal(readJson<Verdict>(join(out, 'verdict.json')).exitCode, 130, 'the run was interrupted, not finished');
      let left = tree.filter(alive);
      for (let i = 0; i < 50 && left.length; i++) {
        await sleep(100);
        left = left.filter(alive);
      }
      assert.deepEqual(left, [], `left behind: ${left.join(', ')}`);
    } finally {
      clearTimeout(guard);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
