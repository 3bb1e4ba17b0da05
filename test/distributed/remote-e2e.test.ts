// A distributed run against a remote environment, end to end: the env file's `distributed:` section,
// its kubeconfig and its Prometheus (remote write in, queries out), the simulator standing in for a
// cluster with the k6-operator (it serves the Kubernetes API on its own) and a Prometheus started
// here. After the run, and after a Ctrl-C mid-run, the cluster's API holds no TestRun, ConfigMap or
// Secret of aurora-load, unless the env file says `cleanup: keep`. Skipped with the reason without a
// Prometheus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { resolvePrometheus, startPrometheus } from '../../cli/cluster/index.ts';
import { TESTRUN } from '../../cli/distributed/index.ts';
import type { Verdict } from '../../cli/verdict/index.ts';
import type { RunningSim } from '../../sim/index.ts';
import { SECRET, startSim } from '../sim/helpers.ts';
import { K6, readJson, runCli, startCli, tempDir } from '../cli/load-helpers.ts';

const binary = resolvePrometheus(process.env);
const skip = binary.ok ? false : `no Prometheus for the runners to write to: ${binary.message}`;
const dir = tempDir('dist-remote');
let sim: RunningSim;
let prometheus: Awaited<ReturnType<typeof startPrometheus>>;
let envFile: string;

before(async () => {
  if (!binary.ok) return;
  sim = await startSim({ timeScale: 10, k6Binary: K6.bin });
  prometheus = await startPrometheus({ binary: binary.path, targets: [], logPath: join(dir, 'prometheus.log') });
  envFile = join(dir, 'remote.yaml');
  writeFileSync(
    envFile,
    [
      'description: a cluster with the k6-operator (the simulator) and its Prometheus',
      `target: { apiUrl: "${sim.url}", wsUrl: "${sim.wsUrl}", timeScale: 10 }`,
      'secretEnv: { internalApiSecret: AURORA_REMOTE_SECRET }',
      'users: { mode: provision, count: 4 }',
      'load: { scenarios: [rest], rates: { rest: 6 }, profiles: { load: { rampUp: 10s, hold: 60s, rampDown: 10s } } }',
      `kubernetes: { kubeconfig: "${sim.kubeconfigPath}", namespace: ${sim.namespace} }`,
      `prometheus: { queryUrl: "${prometheus.url}", remoteWriteUrl: "${prometheus.url}/api/v1/write", scrapeIntervalSeconds: 1 }`,
      `distributed: { parallelism: 2, namespace: ${sim.namespace}, runner: { image: "grafana/k6:1.6.0" } }`,
      '',
    ].join('\n'),
  );
});
after(async () => {
  await prometheus?.stop();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** aurora-load's objects still in the cluster's API. */
async function leftovers(): Promise<string[]> {
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const ns = sim.namespace;
  const labelSelector = 'app.kubernetes.io/managed-by=aurora-load';
  const runs = (await custom.listNamespacedCustomObject({ ...TESTRUN, namespace: ns })) as {
    items: { metadata: { name: string } }[];
  };
  return [
    ...runs.items.filter((r) => r.metadata.name.startsWith('aurora-load-')).map((r) => `TestRun ${r.metadata.name}`),
    ...(await core.listNamespacedConfigMap({ namespace: ns, labelSelector })).items.map(
      (c) => `ConfigMap ${c.metadata?.name}`,
    ),
    ...(await core.listNamespacedSecret({ namespace: ns, labelSelector })).items.map(
      (s) => `Secret ${s.metadata?.name}`,
    ),
  ];
}

test('a distributed run on a remote cluster: runners on its operator, the verdict from its Prometheus, nothing left', {
  skip,
}, async () => {
  const out = join(dir, 'run');
  const r = await runCli(['--env', envFile, '--scenario', 'rest', '--profile', 'load', '--out', out], {
    AURORA_REMOTE_SECRET: SECRET,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\[operator\] TestRun \S+ created in namespace aurora: 2 runners, image grafana\/k6:1\.6\.0/);
  const verdict = readJson<Verdict>(join(out, 'verdict.json'));
  assert.equal(verdict.distributed?.runners, 2);
  assert.ok(
    verdict.distributed?.perRunner.every((p) => p.exitCode === 0 && (p.requests ?? 0) > 0),
    JSON.stringify(verdict.distributed),
  );
  assert.ok(
    verdict.gates.some((g) => g.kind === 'threshold' && g.status === 'passed'),
    'thresholds judged from Prometheus',
  );
  assert.deepEqual(await leftovers(), []);
});

test('Ctrl-C on a remote distributed run leaves no TestRun, ConfigMap or Secret in the cluster', { skip }, async () => {
  const out = join(dir, 'interrupted');
  const { child, done } = startCli(['--env', envFile, '--scenario', 'rest', '--profile', 'load', '--out', out], {
    AURORA_REMOTE_SECRET: SECRET,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const t0 = Date.now();
  while (!/TestRun \S+: started/.test(stderr) && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 200));
  assert.match(stderr, /TestRun \S+: started/);
  assert.notDeepEqual(await leftovers(), [], 'the objects exist while the run runs');
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.deepEqual(await leftovers(), []);
});

test('cleanup: keep leaves the TestRun, ConfigMap and Secret for inspection, and says so', { skip }, async () => {
  const keep = join(dir, 'keep.yaml');
  writeFileSync(keep, readFileSync(envFile, 'utf8').replace('parallelism: 2,', 'parallelism: 2, cleanup: keep,'));
  const r = await runCli(['--env', keep, '--scenario', 'rest', '--profile', 'load', '--out', join(dir, 'kept')], {
    AURORA_REMOTE_SECRET: SECRET,
  });
  assert.equal(r.code, 0, r.stderr);
  const name = /\[operator\] kept \(cleanup: keep\): TestRun (\S+), ConfigMap \1-script and Secret \1-env/.exec(
    r.stderr,
  )?.[1];
  assert.ok(name, r.stderr);
  assert.deepEqual((await leftovers()).sort(), [`ConfigMap ${name}-script`, `Secret ${name}-env`, `TestRun ${name}`]);
  const kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
  await kc.makeApiClient(CustomObjectsApi).deleteNamespacedCustomObject({ ...TESTRUN, namespace: sim.namespace, name });
  await kc.makeApiClient(CoreV1Api).deleteNamespacedConfigMap({ namespace: sim.namespace, name: `${name}-script` });
  await kc.makeApiClient(CoreV1Api).deleteNamespacedSecret({ namespace: sim.namespace, name: `${name}-env` });
});
