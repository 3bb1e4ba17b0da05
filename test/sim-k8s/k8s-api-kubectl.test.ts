// Real kubectl against a scaling simulator, with nothing but the kubeconfig the simulator wrote:
// tables with kube-apiserver's columns, `get hpa -w` following a scale-up driven by load through
// the ingress, `describe hpa` listing the rescale Events, raw discovery, `auth can-i`, and a refused token.
// Without kubectl these skip with the reason shown; under CI=true they fail instead (.ci/run
// installs Debian's kubernetes-client).
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from '../sim/helpers.ts';

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const IN_CI = !!process.env.CI && process.env.CI !== 'false';
const SERVER = 'aurora-oss-server';

function kubectlVersion(): string | undefined {
  try {
    return execFileSync(KUBECTL, ['version', '--client'], { encoding: 'utf8', timeout: 20_000 }).split('\n')[0];
  } catch {
    return undefined;
  }
}
const version = kubectlVersion();
const skip =
  !version && !IN_CI ? `no kubectl ("${KUBECTL}"; set KUBECTL, or apt-get install kubernetes-client)` : false;

describe(`kubectl against the simulator (${version ?? 'kubectl missing'})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-kubectl-'));
  // kubectl's discovery cache goes here, not into the user's ~/.kube.
  const env = { ...process.env, KUBECACHEDIR: join(dir, 'cache'), KUBECONFIG: '' };
  let sim: RunningSim;

  function kubectl(
    args: string[],
    kubeconfig = sim.kubeconfigPath,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }
  const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
  const cells = (line: string) => line.trim().split(/\s{2,}/);

  before(async () => {
    assert.ok(version, `kubectl is required under CI (tried "${KUBECTL}")`);
    // Time scale 100: HPA sync every 150 real ms, the 60 s scale-up window in 0.6 s.
    sim = await startSim({ timeScale: 100 });
  });
  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the kubeconfig carries the run CA, so kubectl verifies TLS and sends the token', () => {
    const text = readFileSync(sim.kubeconfigPath, 'utf8');
    assert.match(sim.k8sUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(text, /certificate-authority-data: \S+/);
    assert.doesNotMatch(text, /insecure-skip-tls-verify/);
  });

  test('get hpa,deploy,pods -n aurora prints the columns a real cluster prints', async () => {
    const { code, stdout, stderr } = await kubectl(['get', 'hpa,deploy,pods', '-n', sim.namespace]);
    assert.equal(code, 0, stderr);
    const out = lines(stdout);
    assert.deepEqual(out.filter((l) => l.startsWith('NAME')).map(cells), [
      ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    ]);
    const hpa = cells(out.find((l) => l.startsWith(`horizontalpodautoscaler.autoscaling/${SERVER} `))!);
    assert.deepEqual(hpa.slice(0, 6), [
      `horizontalpodautoscaler.autoscaling/${SERVER}`,
      `Deployment/${SERVER}`,
      hpa[2],
      '2',
      '6',
      '2',
    ]);
    assert.match(hpa[2]!, /^cpu: (\d+%|<unknown>)\/70%$/);
    const deploy = cells(out.find((l) => l.startsWith(`deployment.apps/${SERVER} `))!);
    assert.deepEqual(deploy.slice(0, 4), [`deployment.apps/${SERVER}`, '2/2', '2', '2']);
    const pods = out.filter((l) => l.startsWith('pod/')).map(cells);
    assert.equal(pods.length, 6, 'two pods each for server, celery worker and chatbot');
    for (const pod of pods) assert.deepEqual(pod.slice(1, 4), ['1/1', 'Running', '0']);
  });

  test('get --raw /apis/autoscaling/v2 returns the discovery document', async () => {
    const { code, stdout, stderr } = await kubectl(['get', '--raw', '/apis/autoscaling/v2']);
    assert.equal(code, 0, stderr);
    const doc = JSON.parse(stdout);
    assert.equal(doc.kind, 'APIResourceList');
    assert.equal(doc.groupVersion, 'autoscaling/v2');
    const hpa = doc.resources.find((r: { name: string }) => r.name === 'horizontalpodautoscalers');
    assert.deepEqual(
      [hpa.kind, hpa.shortNames, hpa.verbs],
      ['HorizontalPodAutoscaler', ['hpa'], ['get', 'list', 'watch']],
    );
  });

  test('get hpa -w prints each change as load scales aurora-oss-server up; describe hpa lists the rescales', async () => {
    const watcher: ChildProcess = spawn(KUBECTL, ['--kubeconfig', sim.kubeconfigPath, 'get', 'hpa', SERVER, '-w'], {
      env,
    });
    const printed: string[] = [];
    let buffer = '';
    let stderr = '';
    watcher.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const replicas = () => printed.filter((l) => l.startsWith(`${SERVER} `)).map((l) => Number(cells(l)[5]));
    const waitFor = (what: string, done: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${what} not printed in 40 s; lines: ${printed.join(' | ')}; stderr: ${stderr}`)),
          40_000,
        );
        const check = () => {
          if (!done()) return;
          clearTimeout(timer);
          resolve();
        };
        watcher.stdout!.on('data', check);
        watcher.on('exit', (code) => reject(new Error(`kubectl get -w exited (${code}): ${stderr}`)));
        check();
      });
    watcher.stdout!.on('data', (c: Buffer) => {
      buffer += c.toString();
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        printed.push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
    // The load starts once kubectl has listed the HPA and is watching, so the climb is all in the output.
    await waitFor('the listed HPA', () => replicas().length > 0);
    const climbed = waitFor('a scale-up to 4', () => replicas().some((n) => n >= 4));
    climbed.catch(() => {});

    // Logins are aurora-server's CPU-heaviest route (bcrypt in Aurora).
    let stop = false;
    const deadline = Date.now() + 40_000;
    const client = async (): Promise<void> => {
      while (!stop && Date.now() < deadline) {
        const r = await fetch(`${sim.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"email":"load@example.com","password":"not-a-user"}',
        });
        await r.arrayBuffer();
      }
    };
    const clients = Array.from({ length: 6 }, client);
    try {
      await climbed;
    } finally {
      stop = true;
      watcher.kill();
      await Promise.all(clients);
    }

    assert.deepEqual(cells(printed[0]!), ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    assert.equal(printed.filter((l) => l.startsWith('NAME')).length, 1, 'one header, then one line per change');
    const seen = replicas();
    assert.equal(seen[0], 2);
    assert.ok(
      seen.every((n, i) => i === 0 || n >= seen[i - 1]!),
      `replicas only climb under load: ${seen.join(' ')}`,
    );
    assert.ok(seen.at(-1)! >= 4, `climbed to at least 4: ${seen.join(' ')}`);

    const { code, stdout, stderr: describeErr } = await kubectl(['describe', 'hpa', SERVER]);
    assert.equal(code, 0, describeErr);
    const events = stdout.slice(stdout.indexOf('\nEvents:'));
    assert.match(events, /Type\s+Reason\s+Age\s+From\s+Message/);
    assert.match(
      events,
      /Normal\s+SuccessfulRescale\s+\S+\s+horizontal-pod-autoscaler\s+New size: [3-6]; reason: cpu resource utilization \(percentage of request\) above target/,
    );
  });

  test('auth can-i (what k9s also asks): read verbs yes, writes no', async () => {
    for (const [args, answer] of [
      [['watch', 'hpa'], 'yes'],
      [['list', 'pods', '-n', 'aurora'], 'yes'],
      [['get', 'events'], 'yes'],
      [['delete', 'pods'], 'no'],
      [['patch', 'hpa'], 'no'],
    ] as const) {
      const { code, stdout } = await kubectl(['auth', 'can-i', ...args]);
      assert.equal(stdout.trim(), answer, `can-i ${args.join(' ')}`);
      assert.equal(code, answer === 'yes' ? 0 : 1);
    }
  });

  test('a wrong token is refused: kubectl says to log in', async () => {
    const bad = join(dir, 'wrong-token.yaml');
    writeFileSync(bad, readFileSync(sim.kubeconfigPath, 'utf8').replace(/token: \S+/, 'token: not-the-token'), {
      mode: 0o600,
    });
    const { code, stderr } = await kubectl(['get', 'hpa'], bad);
    assert.notEqual(code, 0);
    assert.match(stderr, /You must be logged in to the server \(Unauthorized\)/);
  });
});
