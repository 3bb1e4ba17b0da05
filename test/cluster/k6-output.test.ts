// k6's live output to Prometheus: the `k6 run` flags and environment, and the Grafana link of a run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grafanaRunLink, k6RemoteWrite, runRemoteWrite } from '../../cli/cluster/index.ts';
import { k6RunArgs } from '../../cli/k6/process.ts';

const file = {
  remoteWriteUrl: 'https://prom.example.com/api/v1/write',
  nativeHistograms: true,
  secretEnv: { bearerToken: 'PROM_TOKEN' },
};

test('remote write: experimental-prometheus-rw with testid=<run id>, native histograms, the token from its variable', () => {
  const out = k6RemoteWrite(file, 'run-1', { PROM_TOKEN: 's3cret' });
  assert.deepEqual(out?.args, ['-o', 'experimental-prometheus-rw', '--tag', 'testid=run-1']);
  assert.deepEqual(out?.env, {
    K6_PROMETHEUS_RW_SERVER_URL: 'https://prom.example.com/api/v1/write',
    K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
    K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
    K6_PROMETHEUS_RW_BEARER_TOKEN: 's3cret',
  });
  assert.deepEqual(k6RunArgs('dist/rest.js', '/r/k6.ndjson', out?.args), [
    'run',
    '--out',
    'json=/r/k6.ndjson',
    '-o',
    'experimental-prometheus-rw',
    '--tag',
    'testid=run-1',
    'dist/rest.js',
  ]);
});

test('without native histograms the trend stats are named; basic auth from two variables; no URL, no output', () => {
  const out = k6RemoteWrite({ ...file, nativeHistograms: false, secretEnv: { username: 'U', password: 'P' } }, 'r', {
    U: 'me',
    P: 'pw',
  });
  assert.equal(out?.env.K6_PROMETHEUS_RW_TREND_STATS, 'p(50),p(95),p(99),max');
  assert.equal(out?.env.K6_PROMETHEUS_RW_USERNAME, 'me');
  assert.equal(out?.env.K6_PROMETHEUS_RW_PASSWORD, 'pw');
  assert.equal(k6RemoteWrite({ ...file, remoteWriteUrl: undefined }, 'r', {}), undefined);
  assert.deepEqual(k6RunArgs('b.js', 'o.ndjson'), ['run', '--out', 'json=o.ndjson', 'b.js']);
});

test("the Grafana link opens the aurora-load dashboard on the run's testid, namespace and time range", () => {
  assert.equal(
    grafanaRunLink(
      'https://grafana.example.com/',
      '2026-11-30T06-00-00Z-staging-mixed-load',
      'aurora',
      1_700_000_000_000,
      1_700_000_060_000.5,
    ),
    'https://grafana.example.com/d/aurora-load/aurora-load?var-testid=2026-11-30T06-00-00Z-staging-mixed-load&var-namespace=aurora&from=1700000000000&to=1700000060001',
  );
});

test("a local run's k6 writes to the Prometheus it started (native histograms); the env file's URL wins; neither, no output", () => {
  const local = runRemoteWrite({ localPrometheusUrl: 'http://127.0.0.1:41234/', runId: 'r1', env: {} });
  assert.equal(local?.url, 'http://127.0.0.1:41234/api/v1/write');
  assert.equal(local?.local, true);
  assert.deepEqual(local?.args, ['-o', 'experimental-prometheus-rw', '--tag', 'testid=r1']);
  assert.equal(local?.env.K6_PROMETHEUS_RW_SERVER_URL, 'http://127.0.0.1:41234/api/v1/write');
  assert.equal(local?.env.K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM, 'true');
  const remote = runRemoteWrite({
    prometheus: file,
    localPrometheusUrl: 'http://127.0.0.1:1',
    runId: 'r2',
    env: {},
    keepTags: { profile: 'load', env: 'staging' },
  });
  // k6's --tag replaces the script's options.tags: the bundle's are passed again.
  assert.deepEqual(remote?.args, [
    '-o',
    'experimental-prometheus-rw',
    '--tag',
    'testid=r2',
    '--tag',
    'profile=load',
    '--tag',
    'env=staging',
  ]);
  assert.equal(remote?.url, 'https://prom.example.com/api/v1/write');
  assert.equal(remote?.local, false);
  assert.equal(runRemoteWrite({ prometheus: { ...file, remoteWriteUrl: undefined }, runId: 'r3', env: {} }), undefined);
});
