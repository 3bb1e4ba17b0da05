// No k6 runner outlives the simulator that started it: `npm run sim -- --k6-bin ...` stopped with
// Ctrl-C (SIGINT) stops its runners, and so does a simulator killed with SIGKILL (the orphan guard).
// And real kubectl sees the k6-operator's objects: `get testrun` with the CRD's STAGE column,
// `logs` of a runner pod, `delete testrun`.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { RunningSim } from '../../sim/index.ts';
import { DOUBLE_K6 } from '../k6-double/pick-k6.ts';
import { startSim } from '../sim/helpers.ts';
import { type Clients, TESTRUNS, clientsFor, commandOf, eventually, pidsWith, testRun } from './helpers.ts';

const NS = 'aurora';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOLD = `
import { sleep } from 'k6';
export const options = { scenarios: { hold: { executor: 'per-vu-iterations', vus: 2, iterations: 300 } } };
export default function () { sleep(0.2); }
`;
const testRunBody = (name: string, parallelism: number, quiet = true) => ({
  apiVersion: 'k6.io/v1alpha1',
  kind: 'TestRun',
  metadata: { name },
  // quiet: the runners write nothing while they hold, so only the simulator (or its guard) can stop them
  spec: { parallelism, ...(quiet ? { quiet: 'true' } : {}), script: { configMap: { name: 'hold', file: 'hold.js' } } },
});

/** Creates a holding TestRun and waits until its runners run; returns their REST addresses and the operator's work folder. */
async function startedRunners(
  c: Clients,
  name: string,
  parallelism: number,
): Promise<{ addresses: string[]; workRoot: string }> {
  await c.core.createNamespacedConfigMap({
    namespace: NS,
    body: { metadata: { name: 'hold' }, data: { 'hold.js': HOLD } },
  });
  await c.custom.createNamespacedCustomObject({ ...TESTRUNS, namespace: NS, body: testRunBody(name, parallelism) });
  await eventually(
    'stage started',
    async () => ((await testRun(c, NS, name))?.status?.stage === 'started' ? true : undefined),
    90_000,
  );
  const pods = (await c.core.listNamespacedPod({ namespace: NS, labelSelector: `k6_cr=${name},runner=true` })).items;
  const script = /(\S+)\/test\/hold\.js(?: |$)/.exec(commandOf(pods[0]))![1]!;
  return { addresses: pods.map((p) => /--address=(\S+)/.exec(commandOf(p))![1]!), workRoot: dirname(script) };
}

/** `npm run sim` as a child process, with its ready line read. */
async function spawnSim(dir: string): Promise<{ child: ChildProcess; c: Clients }> {
  const kubeconfig = join(dir, `kubeconfig-${Date.now()}.yaml`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sim/main.ts',
      '--port',
      '0',
      '--k8s-port',
      '0',
      '--metrics-port',
      '0',
      '--k6-bin',
      DOUBLE_K6,
      '--kubeconfig',
      kubeconfig,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'], cwd: ROOT },
  );
  await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => l.includes('"ready":true') && resolve(l));
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before it was ready`)));
  });
  return { child, c: clientsFor({ kubeconfigPath: kubeconfig } as RunningSim) };
}

describe('runners die with the simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-operator-life-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    test(`a simulator stopped with ${signal} leaves no k6 process behind`, async () => {
      const { child, c } = await spawnSim(dir);
      let workRoot = '';
      try {
        const started = await startedRunners(c, 'held', 2);
        const addresses = started.addresses;
        workRoot = started.workRoot;
        // Named after its owner, so the next simulator can tell a dead one's from a live one's (owned-temp.ts).
        assert.match(basename(workRoot), new RegExp(`^aurora-sim-testruns-${child.pid}-`));
        assert.equal(addresses.flatMap((a) => pidsWith(`--address=${a}`)).length >= 2, true);
        child.kill(signal);
        await eventually(
          'no runner process',
          async () => (addresses.flatMap((a) => pidsWith(`--address=${a}`)).length === 0 ? true : undefined),
          20_000,
        );
        // Stopped, the simulator removes the scripts; killed, it cannot (its guard only stops processes).
        if (signal === 'SIGINT')
          await eventually('scripts removed', async () => (existsSync(workRoot) ? undefined : true), 10_000);
      } finally {
        child.kill('SIGKILL');
        if (workRoot) rmSync(workRoot, { recursive: true, force: true });
      }
    });
  }
});

const KUBECTL = process.env.KUBECTL ?? 'kubectl';
const IN_CI = !!process.env.CI && process.env.CI !== 'false';
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

describe(`kubectl and the simulated k6-operator (${version ?? 'kubectl missing'})`, { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-operator-kubectl-'));
  const env = { ...process.env, KUBECACHEDIR: join(dir, 'cache'), KUBECONFIG: '' };
  let sim: RunningSim;
  const kubectl = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        KUBECTL,
        ['--kubeconfig', sim.kubeconfigPath, ...args],
        { env, timeout: 30_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    sim = await startSim({ timeScale: 1, k6Binary: DOUBLE_K6 });
  });
  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('kubectl create, get testrun (STAGE), logs of a runner, delete', async () => {
    const file = join(dir, 'testrun.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hold' }, data: { 'hold.js': HOLD } },
          testRunBody('from-kubectl', 1, false),
        ],
      }),
    );
    const created = await kubectl(['create', '--validate=false', '-f', file]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /testrun\.k6\.io\/from-kubectl created/);
    const c = clientsFor(sim);
    await eventually(
      'stage started',
      async () => ((await testRun(c, NS, 'from-kubectl'))?.status?.stage === 'started' ? true : undefined),
      90_000,
    );

    const got = await kubectl(['get', 'testrun']);
    assert.equal(got.code, 0, got.stderr);
    const [header, row] = got.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(header!.slice(0, 3), ['NAME', 'STAGE', 'AGE']);
    assert.deepEqual(row!.slice(0, 2), ['from-kubectl', 'started']);
    const pods = await kubectl(['get', 'pods', '-l', 'k6_cr=from-kubectl,runner=true', '-o', 'name']);
    const logs = await kubectl(['logs', pods.stdout.trim()]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout, /k6 TEST DOUBLE|running \(/);

    const deleted = await kubectl(['delete', 'testrun', 'from-kubectl']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await eventually(
      'no jobs or pods left',
      async () => {
        const left = await kubectl(['get', 'jobs,pods', '-l', 'k6_cr=from-kubectl', '-o', 'name']);
        return left.code === 0 && left.stdout.trim() === '' ? true : undefined;
      },
      20_000,
    );
    assert.equal((await kubectl(['get', 'testrun', '-o', 'name'])).stdout.trim(), '');
  });

  test('kubectl logs -f follows a runner until its k6 ends', async () => {
    const c = clientsFor(sim);
    const script = `
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 1, iterations: 25 } } };
export default function () { sleep(0.2); }
export function teardown() { console.log('teardown after the last iteration'); }
`;
    await c.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'short' }, data: { 'short.js': script } },
    });
    await c.custom.createNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      body: {
        ...testRunBody('short', 1, false),
        spec: { parallelism: 1, script: { configMap: { name: 'short', file: 'short.js' } } },
      },
    });
    await eventually(
      'stage started',
      async () => ((await testRun(c, NS, 'short'))?.status?.stage === 'started' ? true : undefined),
      90_000,
    );
    const pod = (await kubectl(['get', 'pods', '-l', 'k6_cr=short,runner=true', '-o', 'name'])).stdout.trim();
    const followed = await kubectl(['logs', '-f', pod]);
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stdout, /teardown after the last iteration/);
  });

  test('auth can-i: TestRuns, ConfigMaps and Secrets may be written; pods still may not', async () => {
    for (const [args, answer] of [
      [['create', 'testruns.k6.io'], 'yes'],
      [['delete', 'configmaps'], 'yes'],
      [['create', 'secrets'], 'yes'],
      [['delete', 'pods'], 'no'],
    ] as const) {
      const { stdout } = await kubectl(['auth', 'can-i', ...args]);
      assert.equal(stdout.trim(), answer, `can-i ${args.join(' ')}`);
    }
  });
});
