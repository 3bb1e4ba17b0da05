import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateGates, loadBaseline } from '../../cli/gates/index.ts';
import { gatesExitCode } from '../../cli/verdict/index.ts';
import { EXIT } from '../../cli/verdict/exit-codes.ts';
import type { GateResult } from '../../cli/verdict/model.ts';
import type { RunAnalysis } from '../../cli/analysis/index.ts';

const gate = (kind: GateResult['kind'], passed: boolean): GateResult => ({
  kind,
  name: `${kind} gate`,
  measured: '',
  limit: '',
  passed,
});

test('exit codes follow cli/verdict/exit-codes.ts precedence: run failed > thresholds > hpa > baseline > ok', () => {
  const all = [gate('threshold', false), gate('hpa', false), gate('baseline', false)];
  assert.equal(gatesExitCode(all, 107), EXIT.runFailed);
  assert.equal(gatesExitCode(all, null), EXIT.runFailed);
  assert.equal(gatesExitCode(all, 99), EXIT.thresholdsFailed);
  assert.equal(gatesExitCode(all, 0), EXIT.thresholdsFailed);
  assert.equal(
    gatesExitCode([gate('threshold', true), gate('hpa', false), gate('baseline', false)], 0),
    EXIT.hpaFailed,
  );
  assert.equal(
    gatesExitCode([gate('threshold', true), gate('hpa', true), gate('baseline', false)], 0),
    EXIT.baselineRegressed,
  );
  assert.equal(gatesExitCode([gate('threshold', true), gate('hpa', true), gate('baseline', true)], 0), EXIT.ok);
  // k6 said its thresholds failed even if the summary could not show it.
  assert.equal(gatesExitCode([], 99), EXIT.thresholdsFailed);
});

const analysis = {
  stages: [],
  loadEndMs: 0,
  metrics: {},
  routes: [{ service: 'aurora-server', name: 'GET /a', count: 100, p50: 10, p95: 20, p99: 30, errorRate: 0 }],
} as unknown as RunAnalysis;
const tolerance = { relative: 0.2, absoluteMs: 10, errorRateAbsolute: 0.01 };

test('evaluateGates: no summary is a failing gate, not a silent pass', () => {
  const { gates, routes } = evaluateGates({ summary: null, analysis, timeline: null, hpaExpectations: [], tolerance });
  assert.equal(gates.length, 1);
  assert.equal(gates[0]?.passed, false);
  assert.equal(routes, analysis.routes);
});

test('evaluateGates: baseline gates only when a baseline is given', () => {
  const summary = { format: 'handle-summary' as const, source: 's', metrics: {}, thresholds: [], notes: [] };
  assert.equal(evaluateGates({ summary, analysis, timeline: null, hpaExpectations: [], tolerance }).gates.length, 0);
  const slower = [{ ...analysis.routes[0]!, p95: 5 }];
  const { gates } = evaluateGates({
    summary,
    analysis,
    timeline: null,
    hpaExpectations: [],
    baseline: slower,
    tolerance,
  });
  assert.deepEqual(
    gates.map((g) => [g.kind, g.passed]),
    [['baseline', false]],
  );
});

test('loadBaseline reads a run folder or a verdict.json, and names the file when it is invalid', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'baseline-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const run = join(dir, 'run-1');
  await mkdir(run);
  await writeFile(join(run, 'verdict.json'), JSON.stringify({ version: 1, runId: 'run-1', routes: analysis.routes }));
  assert.equal((await loadBaseline(run)).routes.length, 1);
  assert.equal((await loadBaseline(join(run, 'verdict.json'))).runId, 'run-1');

  await writeFile(join(dir, 'bad.json'), JSON.stringify({ version: 1, routes: [{ service: 'x' }] }));
  await assert.rejects(
    loadBaseline(join(dir, 'bad.json')),
    (err: Error) => err.message.includes(join(dir, 'bad.json')) && /routes\.0\.name/.test(err.message),
  );
  await writeFile(join(dir, 'broken.json'), '{"version": 1, "rou');
  await assert.rejects(loadBaseline(join(dir, 'broken.json')), /broken\.json is not valid JSON/);
  await assert.rejects(loadBaseline(join(dir, 'absent')), /absent does not exist/);
  await assert.rejects(loadBaseline(dir), /cannot be read/);
});
