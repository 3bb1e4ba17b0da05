// The simulator plays grafana/k6-operator: a TestRun created through @kubernetes/client-node runs as
// N local k6 processes (here the k6 test double) with the operator's segment arguments, started
// paused and resumed together; its stages, jobs and pods show in the API; a Secret reaches the
// runners' environment and nothing else; deletion stops the runners and removes what they made.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Watch } from '@kubernetes/client-node';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from '../sim/helpers.ts';
import {
  type Clients,
  TESTRUNS,
  clientsFor,
  commandOf,
  eventually,
  pidsWith,
  slowFirstRunnerK6,
  testRun,
} from './helpers.ts';

const NS = 'aurora';
const TOKEN = 'probe-token-7f3a9c1e-never-printed';
const SLOW_START_S = 2.5;

/** A tiny k6 script: setup says when it ran (after the resume), two health probes, the token's HMAC. */
const PROBE_SCRIPT = `
import http from 'k6/http';
import { check } from 'k6';
import { hmac } from 'k6/crypto';
export const options = {
  scenarios: { probe: { executor: 'per-vu-iterations', vus: 2, iterations: 2, exec: 'probe' } },
  thresholds: { checks: [__ENV.STRICT === '1' ? 'rate>2' : 'rate>0.5'] },
};
export function setup() { console.log('setup at ' + Date.now()); }
export function probe() {
  const r = http.request('GET', __ENV.BASE_URL + '/health/liveness');
  check(r, { 'liveness 200': (x) => x.status === 200 });
}
export function teardown() { console.log('token hmac ' + hmac('sha256', 'probe', __ENV.AURORA_PROBE_TOKEN || '', 'hex')); }
`;

/** Runs until stopped: for deletion mid-run. */
const LONG_SCRIPT = `
import { sleep } from 'k6';
export const options = { scenarios: { hold: { executor: 'per-vu-iterations', vus: 2, iterations: 300 } } };
export default function () { sleep(0.2); }
`;

function testRunBody(name: string, extra: { args?: string[]; cleanup?: 'post'; file?: string; parallelism?: number }) {
  return {
    apiVersion: 'k6.io/v1alpha1',
    kind: 'TestRun',
    metadata: { name },
    spec: {
      parallelism: extra.parallelism ?? 2,
      script: { configMap: { name: 'probe-script', file: extra.file ?? 'probe.js' } },
      ...(extra.args ? { args: extra.args } : {}),
      ...(extra.cleanup ? { cleanup: extra.cleanup } : {}),
      runner: { image: 'grafana/k6:2.2.0', envFrom: [{ secretRef: { name: 'probe-secrets' } }] },
    },
  };
}

describe('the simulated k6-operator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-sim-operator-'));
  let sim: RunningSim;
  let c: Clients;

  before(async () => {
    sim = await startSim({ timeScale: 1, k6Binary: slowFirstRunnerK6(dir, SLOW_START_S) });
    c = clientsFor(sim);
    await c.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'probe-script' }, data: { 'probe.js': PROBE_SCRIPT, 'long.js': LONG_SCRIPT } },
    });
    await c.core.createNamespacedSecret({
      namespace: NS,
      body: { metadata: { name: 'probe-secrets' }, stringData: { AURORA_PROBE_TOKEN: TOKEN } },
    });
  });
  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs a TestRun as the operator does: stages, segmented paused runners resumed together, exit codes', async () => {
    const stages: string[] = [];
    const watch = await new Watch(c.kc).watch(
      `/apis/k6.io/v1alpha1/namespaces/${NS}/testruns`,
      {},
      (_type, obj: any) => {
        const stage = obj.status?.stage;
        if (obj.metadata.name === 'probe' && stage && stages.at(-1) !== stage) stages.push(stage);
      },
      () => {},
    );
    try {
      await c.custom.createNamespacedCustomObject({
        ...TESTRUNS,
        namespace: NS,
        body: testRunBody('probe', { args: ['-e', `BASE_URL=${sim.url}`] }),
      });
      await eventually('stage finished', async () => (stages.includes('finished') ? true : undefined), 90_000);
    } finally {
      watch.abort();
    }
    assert.deepEqual(stages, ['initialization', 'initialized', 'created', 'started', 'stopped', 'finished']);

    const pods = (await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=probe,runner=true' })).items;
    assert.equal(pods.length, 2);
    const byJob = new Map(pods.map((p: any) => [p.metadata.labels['job-name'], p]));
    assert.deepEqual([...byJob.keys()].sort(), ['probe-1', 'probe-2']);
    const [one, two] = [byJob.get('probe-1') as any, byJob.get('probe-2') as any];
    assert.match(
      commandOf(one),
      /^k6 run --execution-segment=0:1\/2 --execution-segment-sequence=0,1\/2,1 --paused --address=127\.0\.0\.1:\d+ -e BASE_URL=\S+ \S+\/probe\.js --tag instance_id=1 --tag testrun_name=probe$/,
    );
    assert.match(commandOf(two), /--execution-segment=1\/2:1 --execution-segment-sequence=0,1\/2,1 --paused/);
    for (const pod of [one, two]) {
      assert.equal(pod.status.phase, 'Succeeded');
      assert.deepEqual(
        [
          pod.status.containerStatuses[0].state.terminated.exitCode,
          pod.status.containerStatuses[0].state.terminated.reason,
        ],
        [0, 'Completed'],
      );
      assert.deepEqual(
        pod.metadata.ownerReferences.map((o: any) => [o.kind, o.name]),
        [['Job', pod.metadata.labels['job-name']]],
      );
    }
    const jobs = await c.kc
      .makeApiClient((await import('@kubernetes/client-node')).BatchV1Api)
      .listNamespacedJob({ namespace: NS, labelSelector: 'k6_cr=probe' });
    assert.deepEqual(jobs.items.map((j) => j.metadata!.name).sort(), [
      'probe-1',
      'probe-2',
      'probe-initializer',
      'probe-starter',
    ]);

    // Runner 1 started 2.5 s late, yet both ran setup() within a moment of each other: the starter
    // waited until both were up and paused, then resumed them together.
    const logs = await Promise.all(
      [one, two].map((p) => c.core.readNamespacedPodLog({ namespace: NS, name: p.metadata.name })),
    );
    const setupAt = logs.map((l) => Number(/setup at (\d+)/.exec(String(l))?.[1]));
    assert.ok(setupAt.every(Number.isFinite), `setup lines in the runners' logs:\n${logs.join('\n---\n')}`);
    assert.ok(
      Math.abs(setupAt[0]! - setupAt[1]!) < 1500,
      `setup() ran ${Math.abs(setupAt[0]! - setupAt[1]!)} ms apart`,
    );
    const starter = (await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=probe,starter=true' }))
      .items[0]!;
    const starterLog = String(await c.core.readNamespacedPodLog({ namespace: NS, name: starter.metadata!.name! }));
    assert.equal(starterLog.match(/PATCH http:\/\/127\.0\.0\.1:\d+\/v1\/status -> 200/g)?.length, 2, starterLog);

    // The Secret reached the runners' environment ...
    const hmac = createHmac('sha256', 'probe').update(TOKEN).digest('hex');
    for (const l of logs) assert.ok(String(l).includes(`token hmac ${hmac}`), String(l));
    // ... and shows nowhere but in the Secret itself.
    const b64 = Buffer.from(TOKEN).toString('base64');
    const everything = JSON.stringify([
      await c.custom.listNamespacedCustomObject({ ...TESTRUNS, namespace: NS }),
      await c.core.listNamespacedPod({ namespace: NS }),
      await c.core.listNamespacedConfigMap({ namespace: NS }),
      await c.core.listNamespacedEvent({ namespace: NS }),
      jobs,
      logs,
      starterLog,
    ]);
    assert.ok(!everything.includes(TOKEN) && !everything.includes(b64), 'the token leaked outside its Secret');
    const secret = await c.core.readNamespacedSecret({ namespace: NS, name: 'probe-secrets' });
    assert.equal(secret.data?.AURORA_PROBE_TOKEN, b64);
  });

  test('says finished even when a runner fails, and its pod tells the exit code; cleanup: post removes the pods after', async () => {
    await c.custom.createNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      body: testRunBody('strict', { args: ['-e', `BASE_URL=${sim.url}`, '-e', 'STRICT=1'], parallelism: 1 }),
    });
    const pod = await eventually(
      'the runner ended',
      async () => {
        const items = (await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=strict,runner=true' }))
          .items;
        return items[0]?.status?.containerStatuses?.[0]?.state?.terminated ? items[0] : undefined;
      },
      90_000,
    );
    assert.equal(pod.status!.phase, 'Failed');
    assert.deepEqual(
      [
        pod.status!.containerStatuses![0]!.state!.terminated!.exitCode,
        pod.status!.containerStatuses![0]!.state!.terminated!.reason,
      ],
      [99, 'Error'],
    );
    await eventually('stage finished', async () =>
      (await testRun(c, NS, 'strict'))?.status?.stage === 'finished' ? true : undefined,
    );

    await c.custom.createNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      body: testRunBody('tidy', { args: ['-e', `BASE_URL=${sim.url}`], parallelism: 1, cleanup: 'post' }),
    });
    await eventually(
      'stage finished',
      async () => ((await testRun(c, NS, 'tidy'))?.status?.stage === 'finished' ? true : undefined),
      90_000,
    );
    assert.deepEqual((await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=tidy' })).items, []);
  });

  test('deleting a TestRun mid-run stops its k6 processes and removes its jobs, pods and script', async () => {
    await c.custom.createNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      body: testRunBody('held', { file: 'long.js' }),
    });
    await eventually(
      'stage started',
      async () => ((await testRun(c, NS, 'held'))?.status?.stage === 'started' ? true : undefined),
      90_000,
    );
    const pods = (await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=held,runner=true' })).items;
    const addresses = pods.map((p) => /--address=(\S+)/.exec(commandOf(p))![1]!);
    const script = /(\S+\/long\.js)(?: |$)/.exec(commandOf(pods[0]))![1]!;
    const pids = addresses.flatMap((a) => pidsWith(`--address=${a}`));
    assert.ok(pids.length >= 2, `the runners' processes (${pids.join(', ')})`);

    await c.custom.deleteNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      name: 'held',
      propagationPolicy: 'Foreground',
    });
    await eventually(
      'the TestRun gone',
      async () => ((await testRun(c, NS, 'held')) === undefined ? true : undefined),
      30_000,
    );
    assert.deepEqual(
      addresses.flatMap((a) => pidsWith(`--address=${a}`)),
      [],
      'no runner process is left',
    );
    assert.deepEqual((await c.core.listNamespacedPod({ namespace: NS, labelSelector: 'k6_cr=held' })).items, []);
    assert.equal(existsSync(dirname(script)), false, 'the script is removed');
  });

  test('a TestRun the CRD refuses is answered 422 Invalid with its causes, and nothing runs', async () => {
    const body: any = testRunBody('broken', {});
    delete body.spec.parallelism;
    body.spec.separate = 'yes';
    await assert.rejects(c.custom.createNamespacedCustomObject({ ...TESTRUNS, namespace: NS, body }), (e: any) => {
      const status = JSON.parse(e.body);
      assert.equal(e.code, 422);
      assert.equal(status.reason, 'Invalid');
      assert.match(status.message, /^TestRun\.k6\.io "broken" is invalid: \[.*spec\.parallelism: Required value/);
      assert.match(status.message, /spec\.separate: Invalid value: must be of type boolean/);
      assert.ok(
        status.details.causes.some((x: any) => x.field === 'spec.parallelism' && x.reason === 'FieldValueRequired'),
      );
      return true;
    });
    assert.equal(await testRun(c, NS, 'broken'), undefined);
  });
});

describe('a simulator started without a k6 binary', () => {
  let sim: RunningSim;
  before(async () => {
    sim = await startSim({ timeScale: 1 });
  });
  after(async () => sim?.close());

  test('ends a TestRun in stage error, saying why', async () => {
    const c = clientsFor(sim);
    await c.core.createNamespacedConfigMap({
      namespace: NS,
      body: { metadata: { name: 'probe-script' }, data: { 'probe.js': PROBE_SCRIPT } },
    });
    await c.custom.createNamespacedCustomObject({
      ...TESTRUNS,
      namespace: NS,
      body: testRunBody('nok6', { parallelism: 1 }),
    });
    const status = await eventually('stage error', async () => {
      const s = (await testRun(c, NS, 'nok6'))?.status;
      return s?.stage === 'error' ? s : undefined;
    });
    assert.match(status.conditions.map((x: any) => x.message).join(' '), /started without a k6 binary/);
  });
});
