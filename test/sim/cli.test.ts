import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';

const SECRET = 'cli-spec-secret-do-not-print';

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/main.ts', ...args], {
    env: { ...process.env, INTERNAL_API_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.on('exit', () => clearTimeout(killer));
  return { child, stderr: () => stderr };
}

describe('npm run sim (sim/main.ts)', () => {
  test('prints one ready JSON line, serves, never prints the secret, and stops cleanly on SIGTERM', async () => {
    const { child, stderr } = run(['--port', '0', '--k8s-port', '0', '--time-scale', '20']);
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    const ready = JSON.parse(line);
    assert.equal(ready.ready, true);
    for (const k of ['url', 'wsUrl', 'k8sUrl', 'kubeconfig', 'namespace']) assert.ok(ready[k], k);
    assert.ok(existsSync(ready.kubeconfig));
    const res = await fetch(`${ready.url}/health/liveness`, { headers: { 'X-Internal-Secret': SECRET } });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    const bad = await fetch(`${ready.url}/api/incidents`);
    assert.equal(bad.status, 403);
    await bad.arrayBuffer();
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(stderr(), /kubeconfig/);
    assert.match(stderr(), /sticky-off/, 'lists the fault switches');
    assert.ok(!stderr().includes(SECRET), 'the secret is never printed');
  });

  test('a bad --fault exits 2 naming the fault and the fix, like any bad flag', async () => {
    const { child, stderr } = run(['--port', '0', '--k8s-port', '0', '--fault', 'error-rate=7']);
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr(), /--fault: fault "error-rate=7": error-rate must be a number from 0 to 1/);
  });

  test('a --fault crash= naming no pod exits at once (its ports closed), listing the pods', async () => {
    const started = Date.now();
    const { child, stderr } = run(['--port', '0', '--k8s-port', '0', '--fault', 'crash=no-such-pod']);
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 10_000, 'exits instead of serving on');
    assert.match(stderr(), /crash=no-such-pod: no such pod; use server, chatbot, celery or one of: aurora-oss-server-/);
  });
});
