// Specification of `npm run load -- --runners N --dry-run`: the Secret, ConfigMap and TestRun as YAML
// a user can `kubectl apply` (the TestRun valid against the operator's CRD), no secret value anywhere
// in the output, nothing created; a remote env without Prometheus is refused before anything runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { validateTestRun } from '../../sim/k8s-api/operator/testrun-crd.ts';
import { FAST_ENV, runCli, tempDir } from '../cli/load-helpers.ts';

const SECRET = 'dry-run-secret-Qw93Lz';

test('--runners 2 --dry-run prints kubectl-ready YAML, valid for the CRD, with no secret value', async () => {
  const r = await runCli(
    ['--env', FAST_ENV, '--runners', '2', '--scenario', 'rest', '--profile', 'load', '--dry-run'],
    {
      AURORA_TEST_INTERNAL_API_SECRET: SECRET,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(SECRET), 'the secret value leaked into the dry run');
  assert.match(r.stdout, /Distributed on k6-operator: 2 runners \(--runners\), namespace aurora, cleanup post/);
  const yaml = r.stdout.slice(r.stdout.indexOf('apiVersion: v1'));
  const docs = parseAllDocuments(yaml).map((d) => d.toJS());
  assert.deepEqual(
    docs.map((d) => d.kind),
    ['Secret', 'ConfigMap', 'TestRun'],
  );
  assert.deepEqual(docs[0].stringData, { AURORA_INTERNAL_API_SECRET: '<redacted>' });
  assert.match(docs[1].data['rest.js'], /^<rest\.js: \d+\.\d KiB bundle, not shown/);
  assert.deepEqual(validateTestRun(docs[2]), []);
  assert.equal(docs[2].spec.parallelism, 2);
});

test('a remote env with --runners and no Prometheus is refused up front, naming the field', async (t) => {
  const dir = tempDir('dist-env', t);
  const env = join(dir, 'remote.yaml');
  writeFileSync(
    env,
    [
      'target: { apiUrl: "http://127.0.0.1:9", wsUrl: "ws://127.0.0.1:9" }',
      'secretEnv: { internalApiSecret: AURORA_TEST_INTERNAL_API_SECRET }',
      'kubernetes: { namespace: aurora }',
      'distributed: { parallelism: 3 }',
      '',
    ].join('\n'),
  );
  const r = await runCli(['--env', env, '--scenario', 'rest', '--profile', 'smoke'], {
    AURORA_TEST_INTERNAL_API_SECRET: SECRET,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /remote\.yaml: prometheus\.queryUrl: a distributed run judges its thresholds over all runners from Prometheus/,
  );
  assert.doesNotMatch(r.stderr, /TestRun .* created/);
});
