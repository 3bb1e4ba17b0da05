// The simulated k6-operator's rules, as pure functions: the execution segments it gives N runners,
// a runner's command line, its environment from env/envFrom, and the API server's admission of
// ConfigMaps, Secrets and TestRuns.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { admitConfigMap } from '../../sim/k8s-api/resources/configmaps.ts';
import { admitSecret } from '../../sim/k8s-api/resources/secrets.ts';
import { admitTestRun } from '../../sim/k8s-api/resources/testruns.ts';
import { NO_K6_BINARY, inspectTestRun } from '../../sim/k8s-api/operator/initializer.ts';
import { checkArgs, runnerArgs, userArgs } from '../../sim/k8s-api/operator/runner-command.ts';
import { ObjectStore } from '../../sim/k8s-api/store.ts';
import { runnerEnv } from '../../sim/k8s-api/operator/runner-env.ts';
import { executionSegment, executionSegmentSequence } from '../../sim/k8s-api/operator/segments.ts';
import { mergePatch } from '../../sim/k8s-api/serve-writes.ts';

const cm = (data: Record<string, string>, binaryData?: Record<string, string>) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'script' },
    data,
    ...(binaryData ? { binaryData } : {}),
  }) as never;

describe('execution segments', () => {
  test('runner i of N runs (i-1)/N:i/N, as reduced fractions with 0 and 1 plain', () => {
    assert.deepEqual([executionSegment(1, 2), executionSegment(2, 2)], ['0:1/2', '1/2:1']);
    assert.deepEqual(
      [1, 2, 3, 4].map((i) => executionSegment(i, 4)),
      ['0:1/4', '1/4:1/2', '1/2:3/4', '3/4:1'],
    );
    assert.equal(executionSegment(1, 1), '0:1');
    assert.throws(() => executionSegment(3, 2), /1 <= i <= n/);
  });

  test('every runner gets the whole sequence', () => {
    assert.equal(executionSegmentSequence(2), '0,1/2,1');
    assert.equal(executionSegmentSequence(6), '0,1/6,1/3,1/2,2/3,5/6,1');
  });
});

describe('a runner command line', () => {
  test('k6 run, the segment, the sequence, --paused, its REST address, the args as written, the script', () => {
    assert.deepEqual(
      runnerArgs({ args: ['--tag', 'testid=r1', '-e', 'A=b c'] }, 2, 3, '127.0.0.1:4000', '/w/test/s.js'),
      [
        'run',
        '--execution-segment=1/3:2/3',
        '--execution-segment-sequence=0,1/3,2/3,1',
        '--paused',
        '--address=127.0.0.1:4000',
        '--tag',
        'testid=r1',
        '-e',
        'A=b c',
        '/w/test/s.js',
      ],
    );
  });

  test('spec.arguments is one string split on spaces; spec.args wins over it', () => {
    assert.deepEqual(userArgs({ arguments: ' --tag  a=b -q ' }), ['--tag', 'a=b', '-q']);
    assert.deepEqual(userArgs({ args: ['-q'], arguments: '--tag a=b' }), ['-q']);
  });

  test("the initializer refuses args that take the operator's own flags or name a script", () => {
    assert.equal(checkArgs(['--tag', 'testid=1', '-o', 'experimental-prometheus-rw']), undefined);
    assert.match(String(checkArgs(['--paused'])), /must not set --paused/);
    assert.match(String(checkArgs(['--execution-segment=0:1'])), /must not set --execution-segment/);
    assert.match(String(checkArgs(['other.js'])), /must not name a script \(other\.js\)/);
  });
});

describe('the initializer', () => {
  const store = new ObjectStore();
  store.upsert('configmaps', {
    ...(cm({ 'a.js': 'export default () => {}' }) as object),
    metadata: { name: 'script', namespace: 'aurora' },
  } as never);
  const spec = (file: string, args?: string[]) => ({
    parallelism: 2,
    script: { configMap: { name: 'script', file } },
    args,
  });

  test("finds the script in the ConfigMap's file", () => {
    assert.deepEqual(inspectTestRun(spec('a.js', ['--tag', 'testid=1']), store, 'aurora', '/bin/k6'), {
      script: Buffer.from('export default () => {}'),
    });
  });

  test('says what is missing: the k6 binary, the ConfigMap, its file; refuses the operator flags in args', () => {
    assert.deepEqual(inspectTestRun(spec('a.js'), store, 'aurora', undefined), { problem: NO_K6_BINARY });
    assert.deepEqual(inspectTestRun(spec('b.js'), store, 'aurora', '/bin/k6'), {
      problem: 'ConfigMap "script" has no file "b.js"',
    });
    assert.deepEqual(inspectTestRun(spec('a.js'), store, 'k6', '/bin/k6'), {
      problem: 'ConfigMap "script" not found in namespace "k6"',
    });
    assert.match(
      String(inspectTestRun(spec('a.js', ['--paused']), store, 'aurora', '/bin/k6').problem),
      /must not set --paused/,
    );
  });
});

describe('a runner environment', () => {
  const lookup = {
    secret: (n: string) => (n === 'creds' ? { TOKEN: 's3cret', 'bad key': 'x' } : undefined),
    configMap: (n: string) => (n === 'conf' ? { TARGET: 'http://127.0.0.1:1', TOKEN: 'from-cm' } : undefined),
  };

  test('envFrom in order, then env; later entries win; prefixes apply; invalid names are skipped', () => {
    const env = runnerEnv(
      {
        envFrom: [
          { configMapRef: { name: 'conf' } },
          { secretRef: { name: 'creds' } },
          { prefix: 'P_', secretRef: { name: 'creds' } },
        ],
        env: [
          { name: 'TARGET', value: 'http://127.0.0.1:2' },
          { name: 'ONE', valueFrom: { secretKeyRef: { name: 'creds', key: 'TOKEN' } } },
        ],
      },
      lookup,
    );
    assert.deepEqual(env, {
      ok: true,
      env: { TARGET: 'http://127.0.0.1:2', TOKEN: 's3cret', P_TOKEN: 's3cret', ONE: 's3cret' },
    });
  });

  test("a missing Secret is the kubelet's CreateContainerConfigError, unless optional; no value is named", () => {
    assert.deepEqual(runnerEnv({ envFrom: [{ secretRef: { name: 'gone' } }] }, lookup), {
      ok: false,
      reason: 'CreateContainerConfigError',
      message: 'secret "gone" not found',
    });
    assert.deepEqual(runnerEnv({ envFrom: [{ secretRef: { name: 'gone', optional: true } }] }, lookup), {
      ok: true,
      env: {},
    });
    const missingKey = runnerEnv(
      { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'NOPE' } } }] },
      lookup,
    );
    assert.deepEqual(missingKey, {
      ok: false,
      reason: 'CreateContainerConfigError',
      message: "couldn't find key NOPE in Secret creds",
    });
  });
});

describe('admission', () => {
  test('a Secret: stringData folded into base64 data and dropped, type Opaque by default', () => {
    const out = admitSecret({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { A: 'YQ==' },
      stringData: { B: 'b' },
    });
    assert.deepEqual(out, {
      object: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        type: 'Opaque',
        data: { A: 'YQ==', B: 'Yg==' },
      },
    });
    assert.deepEqual(
      admitSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { A: 'not base64!' } }),
      {
        errors: ['data[A]: Invalid value: illegal base64 data'],
      },
    );
  });

  test('a ConfigMap or Secret over 1 MiB is refused with the API server words', () => {
    const mib = 1024 * 1024;
    assert.ok('object' in admitConfigMap(cm({ 'a.js': 'x'.repeat(mib) })));
    assert.deepEqual(
      admitConfigMap(cm({ 'a.js': 'x'.repeat(mib - 1) }, { 'b.tar': Buffer.from('yy').toString('base64') })),
      {
        errors: ['[]: Too long: must have at most 1048576 bytes'],
      },
    );
    assert.deepEqual(
      admitSecret({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's' },
        stringData: { K: 'x'.repeat(mib + 1) },
      }),
      {
        errors: ['data: Too long: must have at most 1048576 bytes'],
      },
    );
  });

  test("a TestRun: the CRD's schema; a status written with it is dropped (the status subresource's)", () => {
    const tr = {
      apiVersion: 'k6.io/v1alpha1',
      kind: 'TestRun',
      metadata: { name: 't' },
      spec: { parallelism: 2, script: { configMap: { name: 'c', file: 'a.js' } } },
      status: { stage: 'finished' },
    };
    const admitted = admitTestRun(tr as never);
    assert.ok('object' in admitted);
    assert.equal(admitted.object.status, undefined);
    assert.deepEqual(admitted.object.spec, tr.spec);
    assert.deepEqual(admitTestRun({ ...tr, spec: { script: tr.spec.script } } as never), {
      errors: ['spec.parallelism: Required value'],
    });
  });

  test('a merge patch replaces, adds and (with null) removes fields', () => {
    assert.deepEqual(mergePatch({ spec: { paused: 'true', parallelism: 2 }, a: 1 }, { spec: { paused: null }, b: 2 }), {
      spec: { parallelism: 2 },
      a: 1,
      b: 2,
    });
  });
});
