import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const VALIDATOR = 'node_modules/.bin/action-validator';
const WORKFLOWS = ['.github/workflows/nightly-perf.yml', '.github/workflows/perf-smoke.yml'];

function validate(path: string): { status: number | null; output: string } {
  const r = spawnSync(VALIDATOR, [path], { encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

for (const path of WORKFLOWS) {
  test(`${path} passes action-validator`, () => {
    const r = validate(path);
    assert.equal(r.status, 0, r.output);
  });
}

test('action-validator rejects a broken workflow (the check can fail)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'wf-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const broken = (await readFile(WORKFLOWS[1] as string, 'utf8')).replace(
    'runs-on: ubuntu-latest',
    'runs_on: ubuntu-latest',
  );
  await writeFile(join(dir, 'broken.yml'), broken);
  const r = validate(join(dir, 'broken.yml'));
  assert.notEqual(r.status, 0);
  assert.match(r.output, /runs_on|runs-on/);
});

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; if?: string; env?: Record<string, string> };
const steps = async (path: string): Promise<Step[]> => {
  const wf = parse(await readFile(path, 'utf8'));
  return Object.values(wf.jobs as Record<string, { steps: Step[] }>).flatMap((j) => j.steps);
};

test('nightly: pinned k6, last passing nightly as baseline, staging run in CI mode, artifacts always', async () => {
  const wf = parse(await readFile(WORKFLOWS[0] as string, 'utf8'));
  assert.ok(wf.on.schedule && 'workflow_dispatch' in wf.on);
  assert.ok('baseline_run_id' in wf.on.workflow_dispatch.inputs);
  const all = await steps(WORKFLOWS[0] as string);
  const k6 = all.find((s) => s.uses?.startsWith('grafana/setup-k6-action'));
  assert.match(String(k6?.with?.['k6-version']), /^\d+\.\d+\.\d+$/);
  assert.equal(
    all.find((s) => s.uses?.startsWith('dawidd6/action-download-artifact'))?.with?.workflow_conclusion,
    'success',
  );
  const load = all.find((s) => s.run?.includes('npm run load'));
  assert.match(load?.run ?? '', /--env staging --profile "\$PROFILE" --ci/);
  assert.match(load?.run ?? '', /--baseline baseline\/verdict\.json/);
  // The secret reaches the run under the variable name the staging env file says to read.
  const staging = parse(await readFile('envs/staging.example.yaml', 'utf8'));
  const secretVar = staging.secretEnv.internalApiSecret as string;
  assert.equal(load?.env?.[secretVar], `\${{ secrets.${secretVar} }}`);
  assert.ok(all.some((s) => s.run?.trim() === 'npm ci'));
  const uploads = all.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
  assert.ok(uploads.length >= 2 && uploads.every((s) => s.if === '${{ always() }}'));
  assert.ok(all.some((s) => s.uses?.startsWith('mikepenz/action-junit-report')));
});

test('perf-smoke: npm test, then a smoke run against the simulator, report uploaded', async () => {
  const wf = parse(await readFile(WORKFLOWS[1] as string, 'utf8'));
  assert.ok('pull_request' in wf.on);
  const runs = (await steps(WORKFLOWS[1] as string)).map((s) => s.run ?? s.uses ?? '');
  const at = (needle: string): number => runs.findIndex((r) => r.includes(needle));
  assert.ok(at('npm ci') >= 0 && at('npm ci') < at('npm test'));
  // k6 is set up before the tests, so the real-k6 variants run instead of skipping.
  assert.ok(at('grafana/setup-k6-action') < at('npm test') && at('npm test') < at('npm run load'));
  assert.match(runs[at('npm run load')] ?? '', /--env local --profile smoke --ci/);
  assert.ok(at('actions/upload-artifact') > at('npm run load'));
});
