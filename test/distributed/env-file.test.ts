// Specification of the env file's `distributed:` section and --runners: a section or --runners N > 1
// makes the run distributed, --runners 1 or neither keeps the local k6, and every refusal names the
// file, the field and the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEnvFile, type LoadFlags } from '../../cli/plan/env-file/load.ts';
import { parseLoadArgs } from '../../cli/plan/args.ts';
import { DEFAULT_RUNNER_IMAGE } from '../../cli/distributed/index.ts';

const flags: LoadFlags = { scenario: 'rest', profile: 'load', scale: 1, simFaults: [], dryRun: false };
const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
const LOCAL = read('envs/local.yaml');
/** The staging example with its commented-out distributed block (prometheus: and distributed:) turned on. */
function withDistributedBlock(text: string): string {
  const lines = text.split('\n');
  const from = lines.indexOf('#prometheus:');
  assert.ok(from > 0, 'envs/staging.example.yaml has its #prometheus: / #distributed: block');
  for (let i = from; i < lines.length && lines[i].startsWith('#'); i++) lines[i] = lines[i].slice(1);
  return lines.join('\n');
}
const STAGING = withDistributedBlock(read('envs/staging.example.yaml'));
const STAGING_ENV = { AURORA_STAGING_INTERNAL_API_SECRET: 's3cret' };

test('--runners parses as a whole number from 1 to 1000', () => {
  const ok = parseLoadArgs(['--runners', '4']);
  assert.ok(ok.ok && ok.args.runners === 4);
  const none = parseLoadArgs([]);
  assert.ok(none.ok && none.args.runners === undefined);
  for (const bad of ['0', '2.5', 'many', '1001']) {
    const r = parseLoadArgs(['--runners', bad]);
    assert.ok(!r.ok && r.message.includes(`--runners ${bad}: a whole number from 1 to 1000`), bad);
  }
});

test('against the simulator --runners 2 is distributed without a section, with the pinned default image', () => {
  const r = loadEnvFile(LOCAL, 'envs/local.yaml', {}, { ...flags, runners: 2 });
  assert.deepEqual(r.errors, []);
  assert.equal(r.plan?.distributed?.runners, 2);
  assert.equal(r.plan?.distributed?.runnersFrom, '--runners');
  assert.equal(r.plan?.distributed?.runner.image, DEFAULT_RUNNER_IMAGE);
  assert.equal(r.plan?.distributed?.cleanup, 'post');
});

test('--runners 1, or no section and no flag, keeps the local k6', () => {
  for (const runners of [undefined, 1]) {
    const r = loadEnvFile(LOCAL, 'envs/local.yaml', {}, { ...flags, runners });
    assert.deepEqual(r.errors, []);
    assert.equal(r.plan?.distributed, undefined);
  }
  const withSection = `${LOCAL}\ndistributed: { parallelism: 3 }\n`;
  const one = loadEnvFile(withSection, 'envs/local.yaml', {}, { ...flags, runners: 1 });
  assert.equal(one.plan?.distributed, undefined);
});

test("the staging example's distributed block loads once uncommented; --runners overrides its parallelism", () => {
  const asShipped = loadEnvFile(read('envs/staging.example.yaml'), 'envs/staging.example.yaml', STAGING_ENV, flags);
  assert.equal(asShipped.plan?.distributed, undefined, 'commented out: the local k6');
  const r = loadEnvFile(STAGING, 'envs/staging.example.yaml', STAGING_ENV, flags);
  assert.deepEqual(r.errors, []);
  assert.equal(r.plan?.distributed?.runnersFrom, 'distributed.parallelism');
  assert.equal(r.plan?.distributed?.runners, 4);
  const six = loadEnvFile(STAGING, 'envs/staging.example.yaml', STAGING_ENV, { ...flags, runners: 6 });
  assert.equal(six.plan?.distributed?.runners, 6);
  assert.equal(six.plan?.distributed?.runnersFrom, '--runners');
});

test('a remote distributed run without Prometheus is refused, naming the field and the fix', () => {
  const text = STAGING.replace(/\nprometheus:[\s\S]*?(?=\n\S)/, '\n');
  assert.ok(!/\nprometheus:/.test(text), 'the fixture lost its prometheus: section');
  const r = loadEnvFile(text, 'envs/staging.yaml', STAGING_ENV, flags);
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some(
      (e) =>
        e.startsWith(
          'envs/staging.yaml: prometheus.queryUrl: a distributed run judges its thresholds over all runners from Prometheus',
        ) && e.includes('(hint: set prometheus.queryUrl'),
    ),
    r.errors.join('\n'),
  );
  assert.ok(
    r.errors.some((e) => e.startsWith('envs/staging.yaml: prometheus.remoteWriteUrl:')),
    r.errors.join('\n'),
  );
});

test('--runners on a remote env without a distributed section is refused with the section to add', () => {
  const text = STAGING.replace(/\ndistributed:[\s\S]*?(?=\n\S|$)/, '\n');
  assert.ok(!/\ndistributed:/.test(text));
  const r = loadEnvFile(text, 'envs/staging.yaml', STAGING_ENV, { ...flags, runners: 4 });
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some((e) => e.startsWith('envs/staging.yaml: --runners: 4 runners need a `distributed:` section')),
    r.errors.join('\n'),
  );
  const local = loadEnvFile(text, 'envs/staging.yaml', STAGING_ENV, flags);
  assert.equal(local.plan?.distributed, undefined, 'no section, no flag: local k6');
});

test('an unpinned runner image or a misspelt key is an env-file error with its path', () => {
  const r = loadEnvFile(
    `${LOCAL}\ndistributed: { runner: { image: "grafana/k6:latest" }, paralelism: 2 }\n`,
    'envs/x.yaml',
    {},
    flags,
  );
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some((e) => e.startsWith('envs/x.yaml: distributed.runner.image: "grafana/k6:latest" is not pinned')),
    r.errors.join('\n'),
  );
  assert.ok(
    r.errors.some((e) => e.startsWith('envs/x.yaml: distributed.paralelism: unknown key')),
    r.errors.join('\n'),
  );
});

test('a fault timed in the load cannot be placed without the local k6 output', () => {
  const r = loadEnvFile(LOCAL, 'envs/local.yaml', {}, { ...flags, runners: 2, simFaults: ['crash=server@stage:1'] });
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some((e) => e.includes('--sim-fault: a fault timed in the load')),
    r.errors.join('\n'),
  );
});

test('the simulator runs at most 16 runners: more are refused before anything runs', () => {
  const r = loadEnvFile(LOCAL, 'envs/local.yaml', {}, { ...flags, runners: 17 });
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some((e) => e.startsWith('envs/local.yaml: --runners: 17 runners: the simulator runs at most 16')),
    r.errors.join('\n'),
  );
  const sixteen = LOCAL.replace(/count: 4/, 'count: 16');
  assert.deepEqual(loadEnvFile(sixteen, 'envs/local.yaml', {}, { ...flags, runners: 16 }).errors, []);
});

test('every runner needs a user of its own: fewer users than runners are refused', () => {
  const r = loadEnvFile(LOCAL, 'envs/local.yaml', {}, { ...flags, runners: 5 });
  assert.equal(r.plan, undefined);
  assert.ok(
    r.errors.some(
      (e) =>
        e.startsWith('envs/local.yaml: users.count: 4 user(s) for 5 runners') &&
        e.includes('(hint: raise users.count to 5'),
    ),
    r.errors.join('\n'),
  );
});
