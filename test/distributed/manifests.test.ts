// Specification of what a distributed run submits to k6-operator: a TestRun the operator's published
// CRD accepts (checked by a schema validator, as a cluster checks it), a ConfigMap holding the bundle
// (refused above 1 MiB), a Secret that is the only place secret values go, and DNS-1123 names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  buildSubmission,
  CONFIGMAP_MAX_BYTES,
  DEFAULT_RUNNER_IMAGE,
  DistributedSchema,
  DNS_1123_LABEL,
  MAX_TESTRUN_NAME,
  runnerEnv,
  ScriptTooLarge,
  submissionYaml,
  testRunName,
  type SubmissionInput,
} from '../../cli/distributed/index.ts';
import { k6RemoteWrite } from '../../cli/cluster/index.ts';
import { LOCAL_RUN_CONFIG } from '../../lib/core/run-config.ts';
import { validateTestRun } from '../../sim/k8s-api/operator/testrun-crd.ts';

const SECRETS = {
  internal: 'internal-secret-Zq81x',
  bypass: 'bypass-token-Kp20w',
  bearer: 'rw-bearer-Jd77t',
  user: 'rw-user-Hh41a',
  password: 'rw-password-Mm09c',
};

function input(over: Partial<SubmissionInput> = {}, promSecret: 'bearer' | 'basic' = 'bearer'): SubmissionInput {
  const rw = k6RemoteWrite(
    {
      remoteWriteUrl: 'https://prom.staging.example.com/api/v1/write',
      nativeHistograms: true,
      secretEnv:
        promSecret === 'bearer' ? { bearerToken: 'PROM_TOKEN' } : { username: 'PROM_USER', password: 'PROM_PW' },
    },
    '2026-11-30T09-00-00Z-staging-rest-load',
    { PROM_TOKEN: SECRETS.bearer, PROM_USER: SECRETS.user, PROM_PW: SECRETS.password },
  );
  assert.ok(rw);
  return {
    runId: '2026-11-30T09-00-00Z-staging-rest-load',
    namespace: 'aurora-load',
    runners: 4,
    runner: DistributedSchema.parse({}).runner,
    separate: false,
    script: { file: 'rest.js', content: 'export default function () {}\n' },
    ...runnerEnv({
      runConfig: { ...LOCAL_RUN_CONFIG, apiUrl: 'https://api.staging.example.com', runId: 'x' },
      secret: SECRETS.internal,
      rateLimitBypass: SECRETS.bypass,
      remoteWrite: rw,
    }),
    ...over,
  };
}

test('every generated TestRun validates against the k6-operator CRD schema', () => {
  const runners = DistributedSchema.parse({
    runner: {
      image: 'grafana/k6:1.6.0',
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } },
      nodeSelector: { 'node-pool': 'load' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'load', effect: 'NoSchedule' }],
      serviceAccountName: 'k6-runner',
    },
  }).runner;
  const cases: Partial<SubmissionInput>[] = [
    {},
    { runners: 1 },
    { runners: 50, separate: true },
    { runner: runners },
    { runId: '2026-11-30T09-00-00Z-a-very-long-environment-name-mixed-breakpoint' },
  ];
  for (const c of cases) {
    for (const prom of ['bearer', 'basic'] as const) {
      const { testRun } = buildSubmission(input(c, prom));
      assert.deepEqual(validateTestRun(testRun), [], JSON.stringify(c));
    }
  }
});

test('the validator refuses what a cluster would refuse: a negative case', () => {
  const { testRun } = buildSubmission(input());
  const spec = testRun.spec as Record<string, unknown>;
  const wrong = { ...testRun, spec: { ...spec, parallelism: '4', cleanup: 'always', runnerImage: 'x' } };
  const errors = validateTestRun(wrong);
  assert.ok(
    errors.some((e) => e.startsWith('spec.parallelism')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.startsWith('spec.cleanup')),
    errors.join('\n'),
  );
  assert.ok(
    errors.some((e) => e.includes('runnerImage')),
    errors.join('\n'),
  );
  const { script: _script, ...noScript } = spec;
  assert.ok(validateTestRun({ ...testRun, spec: noScript }).some((e) => e === 'spec.script: Required value'));
});

test('the TestRun carries the run config, the testid tag and the remote-write output; the runners read the Secret', () => {
  const { testRun, names } = buildSubmission(input());
  const spec = testRun.spec as {
    parallelism: number;
    args: string[];
    script: { configMap: { name: string; file: string } };
    runner: { image: string; env: { name: string; value: string }[]; envFrom: { secretRef: { name: string } }[] };
  };
  assert.equal(spec.parallelism, 4);
  assert.deepEqual(spec.script.configMap, { name: names.configMap, file: 'rest.js' });
  assert.ok(spec.args.includes('testid=2026-11-30T09-00-00Z-staging-rest-load'));
  assert.deepEqual(spec.args.slice(spec.args.indexOf('-o'), spec.args.indexOf('-o') + 2), [
    '-o',
    'experimental-prometheus-rw',
  ]);
  const config = spec.args.find((a) => a.startsWith('AURORA_LOAD_CONFIG='));
  assert.equal(
    JSON.parse(config?.slice('AURORA_LOAD_CONFIG='.length) ?? '{}').apiUrl,
    'https://api.staging.example.com',
  );
  assert.ok(!spec.args.some((a) => a.startsWith('json=') || a === '--out'), 'no local NDJSON output on runners');
  assert.equal(spec.runner.image, DEFAULT_RUNNER_IMAGE);
  assert.deepEqual(spec.runner.envFrom, [{ secretRef: { name: names.secret } }]);
  assert.ok(spec.runner.env.some((e) => e.name === 'K6_PROMETHEUS_RW_SERVER_URL'));
});

test('secret values are only in the Secret: never in the TestRun, the ConfigMap or the dry-run output', () => {
  for (const prom of ['bearer', 'basic'] as const) {
    const s = buildSubmission(input({}, prom));
    const secretText = JSON.stringify(s.secret);
    const elsewhere = [JSON.stringify(s.testRun), JSON.stringify(s.configMap), submissionYaml(s)];
    const used =
      prom === 'bearer'
        ? [SECRETS.internal, SECRETS.bypass, SECRETS.bearer]
        : [SECRETS.internal, SECRETS.bypass, SECRETS.user, SECRETS.password];
    for (const value of used) {
      assert.ok(secretText.includes(value), `the Secret holds ${value}`);
      for (const text of elsewhere) assert.ok(!text.includes(value), `${value} leaked`);
    }
  }
});

test('--dry-run YAML is three documents kubectl can apply: Secret (redacted), ConfigMap (abbreviated), TestRun', () => {
  const s = buildSubmission(input({ script: { file: 'rest.js', content: 'x'.repeat(10 * 1024) } }));
  const docs = parseAllDocuments(submissionYaml(s)).map((d) => d.toJS());
  assert.deepEqual(
    docs.map((d) => d.kind),
    ['Secret', 'ConfigMap', 'TestRun'],
  );
  assert.deepEqual(Object.values(docs[0].stringData), ['<redacted>', '<redacted>', '<redacted>']);
  assert.match(docs[1].data['rest.js'], /10\.0 KiB/);
  assert.deepEqual(validateTestRun(docs[2]), []);
});

test('a bundle above 1 MiB is refused with its size and a hint; exactly 1 MiB fits', () => {
  assert.doesNotThrow(() =>
    buildSubmission(input({ script: { file: 'mixed.js', content: 'a'.repeat(CONFIGMAP_MAX_BYTES) } })),
  );
  assert.throws(
    () => buildSubmission(input({ script: { file: 'mixed.js', content: 'a'.repeat(CONFIGMAP_MAX_BYTES + 1) } })),
    (err: Error) =>
      err instanceof ScriptTooLarge &&
      /mixed\.js is 1\.00 MiB \(1048577 bytes\)/.test(err.message) &&
      /at most 1 MiB/.test(err.message) &&
      /Hint:/.test(err.message),
  );
});

test('the runner image must be pinned to k6 1.6 or newer', () => {
  const image = (img: string) => DistributedSchema.safeParse({ runner: { image: img } });
  for (const ok of [
    'grafana/k6:1.6.0',
    'grafana/k6:2.2.0',
    'registry.example.com:5000/k6:v1.7.1',
    'grafana/k6@sha256:abc',
    'example/xk6-custom:build-42',
  ])
    assert.ok(image(ok).success, ok);
  const refused: [string, RegExp][] = [
    ['grafana/k6', /has no tag/],
    ['registry.example.com:5000/k6', /has no tag/],
    ['grafana/k6:latest', /not pinned/],
    ['grafana/k6:1.5.0', /older than 1\.6/],
    ['grafana/k6:0.49.0', /older than 1\.6/],
  ];
  for (const [img, why] of refused) {
    const r = image(img);
    assert.ok(!r.success, img);
    assert.match(r.error.issues[0].message, why, img);
    assert.deepEqual(r.error.issues[0].path, ['runner', 'image']);
  }
});

test('object names are DNS-1123, fit the operator Job names and follow the run id', () => {
  const short = testRunName('2026-11-30T09-00-00Z-local-rest-load');
  assert.equal(short, 'aurora-load-2026-11-30t09-00-00z-local-rest-load');
  const long = testRunName('2026-11-30T09-00-00Z-a_very.long/ENV-name-mixed-breakpoint');
  assert.ok(long.length <= MAX_TESTRUN_NAME, long);
  for (const name of [short, long, `${long}-initializer`, `${long}-starter`, `${long}-50`])
    assert.match(name, DNS_1123_LABEL, name);
  assert.equal(long, testRunName('2026-11-30T09-00-00Z-a_very.long/ENV-name-mixed-breakpoint'));
  assert.notEqual(long, testRunName('2026-11-30T09-00-00Z-a_very.long/ENV-name-mixed-breakpoinT'));
});
