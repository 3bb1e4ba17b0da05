// Specification of submitting and following a TestRun against the simulator's Kubernetes API (which
// plays k6-operator, running the k6 test double): the CLI's Secret, ConfigMap and TestRun are
// accepted, the follower prints one line per stage and runner change and collects each runner's exit
// code (a crash named as such), a TestRun the initializer refuses ends in stage error with its reason,
// and removing the objects leaves none of them behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  buildSubmission,
  DistributedSchema,
  followTestRun,
  operatorClient,
  runnersOutcome,
  TESTRUN,
  type SubmissionInput,
} from '../../cli/distributed/index.ts';
import type { RunningSim } from '../../sim/index.ts';
import { startSim } from '../sim/helpers.ts';
import { DOUBLE_K6 } from '../k6-double/pick-k6.ts';

const NS = 'aurora';
const SECRET_VALUE = 'follow-spec-secret-Vb62';

/** Two VUs (one per runner), each probing the simulator's liveness; setup() throws (k6 exits 107) when CRASH is set. */
const SCRIPT = `
import http from 'k6/http';
export const options = { scenarios: { probe: { executor: 'per-vu-iterations', vus: 2, iterations: 2 } } };
export function setup() {
  if (__ENV.CRASH === '1') throw new Error('crash on purpose');
}
export default function () {
  http.get(__ENV.AURORA_API_URL + '/health/liveness');
}
`;

let sim: RunningSim;
let kc: KubeConfig;
const dir = mkdtempSync(join(tmpdir(), 'aurora-load-follow-'));

before(async () => {
  sim = await startSim({ timeScale: 1, k6Binary: DOUBLE_K6 });
  kc = new KubeConfig();
  kc.loadFromFile(sim.kubeconfigPath);
});
after(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

function submission(runId: string, k6Env: Record<string, string> = {}, k6Args: string[] = []) {
  const i: SubmissionInput = {
    runId,
    namespace: NS,
    runners: 2,
    runner: DistributedSchema.parse({}).runner,
    separate: false,
    script: { file: 'probe.js', content: SCRIPT },
    k6Env: { AURORA_API_URL: sim.url, ...k6Env },
    k6Args,
    runnerEnv: {},
    secretEnv: { AURORA_INTERNAL_API_SECRET: SECRET_VALUE },
  };
  return buildSubmission(i);
}

async function leftovers(testRun: string): Promise<string[]> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const selector = { namespace: NS, labelSelector: `aurora-load/testrun=${testRun}` };
  const runs = (await custom.listNamespacedCustomObject({ ...TESTRUN, namespace: NS })) as {
    items: { metadata: { name: string } }[];
  };
  return [
    ...runs.items.filter((r) => r.metadata.name === testRun).map((r) => `TestRun ${r.metadata.name}`),
    ...(await core.listNamespacedConfigMap(selector)).items.map((c) => `ConfigMap ${c.metadata?.name}`),
    ...(await core.listNamespacedSecret(selector)).items.map((s) => `Secret ${s.metadata?.name}`),
  ];
}

test('a TestRun followed to the end: stage and runner lines, exit codes, then nothing left behind', async () => {
  const s = submission('2026-11-30T10-00-00Z-follow-ok');
  const client = operatorClient(kc, s);
  await client.create(s);
  const lines: string[] = [];
  const followed = await followTestRun({
    client,
    testRun: s.names.testRun,
    runners: 2,
    startTimeoutMs: 60_000,
    killAfterMs: 120_000,
    say: (l) => lines.push(l),
    interrupted: () => false,
    pollMs: 200,
  });
  const stages = lines.filter((l) => l.includes(`TestRun ${s.names.testRun}: `)).map((l) => l.split(': ').at(-1));
  assert.ok(stages.at(-1) === 'finished' || followed.runners.every((r) => r.phase === 'exited'), lines.join('\n'));
  assert.ok(stages.includes('started') || stages.includes('finished'), lines.join('\n'));
  assert.equal(new Set(stages).size, stages.length, `a stage said twice:\n${lines.join('\n')}`);
  for (const i of [1, 2]) {
    const mine = lines.filter((l) => l.includes(` runner ${i}/2 (`));
    assert.ok(mine.at(-1)?.endsWith(': exited 0'), lines.join('\n'));
    assert.equal(new Set(mine.map((l) => l.split('): ')[1])).size, mine.length, `runner ${i} state said twice`);
  }
  assert.deepEqual(runnersOutcome(followed.runners), { k6ExitCode: 0 });
  assert.ok(followed.loadStartMs, 'the load start is known');
  assert.ok(!lines.join('\n').includes(SECRET_VALUE));
  assert.deepEqual((await client.remove()).length, 3);
  assert.deepEqual(await leftovers(s.names.testRun), []);
});

test('a runner that crashes is named with its exit code', async () => {
  const s = submission('2026-11-30T10-00-00Z-follow-crash', { CRASH: '1' });
  const client = operatorClient(kc, s);
  await client.create(s);
  const followed = await followTestRun({
    client,
    testRun: s.names.testRun,
    runners: 2,
    startTimeoutMs: 60_000,
    killAfterMs: 120_000,
    say: () => {},
    interrupted: () => false,
    pollMs: 200,
  });
  await client.remove();
  const outcome = runnersOutcome(followed.runners);
  assert.equal(outcome.k6ExitCode, 107, JSON.stringify(followed.runners));
  assert.match(outcome.firstError ?? '', /^2 of 2 runner\(s\) failed; runner 1 \(pod .+-1-?.*\) exited 107/);
});

test('a TestRun the operator refuses ends in stage error with the reason', async () => {
  const s = submission('2026-11-30T10-00-00Z-follow-refused', {}, ['--paused']);
  const client = operatorClient(kc, s);
  await client.create(s);
  const lines: string[] = [];
  const followed = await followTestRun({
    client,
    testRun: s.names.testRun,
    runners: 2,
    startTimeoutMs: 30_000,
    killAfterMs: 60_000,
    say: (l) => lines.push(l),
    interrupted: () => false,
    pollMs: 200,
  });
  await client.remove();
  assert.equal(followed.stage, 'error', lines.join('\n'));
  assert.match(followed.problem ?? '', /ended in stage error.*--paused/);
});

test('an interrupt stops the follow at once, and removal stops the runners', async () => {
  const s = submission('2026-11-30T10-00-00Z-follow-interrupt');
  const client = operatorClient(kc, s);
  await client.create(s);
  let stop = false;
  setTimeout(() => {
    stop = true;
  }, 300);
  const followed = await followTestRun({
    client,
    testRun: s.names.testRun,
    runners: 2,
    startTimeoutMs: 60_000,
    killAfterMs: 120_000,
    say: () => {},
    interrupted: () => stop,
    pollMs: 100,
  });
  assert.equal(followed.interrupted, true);
  await client.remove();
  assert.deepEqual(await leftovers(s.names.testRun), []);
});
