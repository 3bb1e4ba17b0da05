// Specification of the gate-kind registry (cli/verdict/gate-kinds.ts): every kind declared there is
// listed, reported to JUnit and turned into an exit code from its one entry, and a failing gate of
// any kind, registered or not, can never end a run with exit 0 and "PASSED".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit, renderSummaryMarkdown, orderGates } from '../../cli/report/index.ts';
import {
  EXIT,
  GATE_KINDS,
  buildVerdict,
  gatesExitCode,
  notEvaluated,
  runExitCode,
  verdictLine,
  type GateKind,
  type GateKindRegistry,
  type GateResult,
  type RunOutcome,
  type Verdict,
} from '../../cli/verdict/index.ts';

const completed: RunOutcome = { k6ExitCode: 0, interrupted: false, timedOut: false };
const gate = (kind: string, passed: boolean, name = `${kind} gate`): GateResult => ({
  kind: kind as GateKind,
  name,
  measured: 'measured',
  limit: 'limit',
  passed,
});
const verdictOf = (gates: GateResult[], registry?: GateKindRegistry): Verdict => {
  const v = buildVerdict({
    runId: 'r',
    env: 'local',
    scenario: 'rest',
    profile: 'smoke',
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    outcome: completed,
    gates,
    routes: [],
  });
  if (!registry) return v;
  const exitCode = gatesExitCode(gates, 0, registry);
  return { ...v, exitCode, passed: exitCode === EXIT.ok };
};
const junitFailures = (xml: string): number => Number(/<testsuites [^>]*failures="(\d+)"/.exec(xml)?.[1]);

test('the registry declares the run, threshold, HPA and baseline kinds with distinct orders and suites', () => {
  for (const kind of ['run', 'threshold', 'hpa', 'baseline']) assert.ok(kind in GATE_KINDS, `${kind} is declared`);
  const defs = Object.values(GATE_KINDS);
  assert.equal(new Set(defs.map((d) => d.order)).size, defs.length, 'orders are distinct');
  assert.equal(new Set(defs.map((d) => d.junitSuite)).size, defs.length, 'JUnit suites are distinct');
});

for (const [kind, def] of Object.entries(GATE_KINDS)) {
  test(`a failing ${kind} gate gives its kind's exit code (${def.exitCode}), never 0, and a JUnit failure in "${def.junitSuite}"`, () => {
    const others = Object.keys(GATE_KINDS)
      .filter((k) => k !== kind)
      .map((k) => gate(k, true));
    const gates = [...others, gate(kind, false)];
    assert.notEqual(def.exitCode, EXIT.ok);
    assert.equal(gatesExitCode(gates, 0), def.exitCode);
    assert.equal(runExitCode(completed, gates), def.exitCode);
    const v = verdictOf(gates);
    assert.equal(v.passed, false);
    assert.match(verdictLine(v), /^FAILED \(exit \d+\)/);
    const xml = renderJunit(v);
    assert.equal(junitFailures(xml), 1);
    assert.match(xml, new RegExp(`<testsuite name="${def.junitSuite}" tests="1" failures="1"`));
    assert.match(renderSummaryMarkdown(v), new RegExp(`\\| ❌ \\| ${def.label} \\|`));
  });
}

test("exit-code precedence follows the kinds' declared order: preflight 6 > run 3 > thresholds 99 > HPA 4 > baseline 5, drift 5, LLM spend 5 > cluster 7", () => {
  const byOrder = Object.entries(GATE_KINDS).sort(([, a], [, b]) => a.order - b.order);
  assert.deepEqual(
    byOrder.map(([, d]) => d.exitCode),
    [
      EXIT.preflightFailed,
      EXIT.runFailed,
      EXIT.thresholdsFailed,
      EXIT.hpaFailed,
      EXIT.baselineRegressed,
      EXIT.baselineRegressed,
      EXIT.baselineRegressed,
      EXIT.clusterFailed,
    ],
  );
  for (let i = 0; i < byOrder.length; i++) {
    const failing = byOrder.slice(i).map(([k]) => gate(k, false));
    // drift shares the baseline's exit code (a regression, within the run instead of against another)
    assert.equal(gatesExitCode(failing, 0), byOrder[i]![1].exitCode);
  }
});

test("gates are listed failed first, then in the kinds' declared order, in reports and on the terminal", () => {
  const gates = [
    gate('baseline', true),
    gate('hpa', false),
    gate('threshold', true),
    gate('run', false),
    gate('baseline', false),
  ];
  assert.deepEqual(
    orderGates(gates).map((g) => `${g.kind}:${g.passed}`),
    ['run:false', 'hpa:false', 'baseline:false', 'threshold:true', 'baseline:true'],
  );
  const line = verdictLine(verdictOf([gate('baseline', false, 'GET /a regressed'), gate('hpa', false, 'scale-up')]));
  assert.match(
    line,
    /^FAILED \(exit 4\): 2 of 2 gates failed: scale-up, GET \/a regressed$/,
    'the terminal lists failures in the same order',
  );
});

test('a new kind added to the registry (a fake failing "drift" kind) fails the run and shows in JUnit', () => {
  const registry: GateKindRegistry = {
    ...GATE_KINDS,
    drift: { label: 'drift', order: 4, junitSuite: 'config drift', exitCode: 6 },
  };
  const gates = [gate('threshold', true), gate('hpa', true), gate('drift', false, 'replicas drifted')];
  assert.equal(gatesExitCode(gates, 0, registry), 6);
  const v = verdictOf(gates, registry);
  assert.equal(v.passed, false);
  const xml = renderJunit(v, registry);
  assert.equal(junitFailures(xml), 1);
  assert.match(
    xml,
    /<testsuite name="config drift" tests="1" failures="1"[^>]*>\s*<testcase classname="aurora-load\.drift" name="replicas drifted"[^>]*>\s*<failure /,
  );
});

test('a failing gate of a kind the registry lacks is never exit 0 and never dropped from JUnit', () => {
  const gates = [gate('threshold', true), gate('token-drift', false, 'token spend')];
  const v = verdictOf(gates);
  assert.notEqual(v.exitCode, EXIT.ok);
  assert.equal(v.passed, false);
  const xml = renderJunit(v);
  assert.equal(junitFailures(xml), 1);
  assert.match(
    xml,
    /<testsuite name="token-drift" tests="1" failures="1"[^>]*>\s*<testcase classname="aurora-load\.token-drift" name="token spend"[^>]*>\s*<failure /,
  );
  assert.equal(
    orderGates([gate('token-drift', true), gate('baseline', true)])[0]!.kind,
    'baseline',
    'unknown kinds are listed last',
  );
});

test('a kind declared with exit code 0 still cannot pass a failing gate', () => {
  const registry: GateKindRegistry = {
    ...GATE_KINDS,
    broken: { label: 'broken', order: 9, junitSuite: 'broken', exitCode: 0 },
  };
  assert.notEqual(gatesExitCode([gate('broken', false)], 0, registry), EXIT.ok);
});

test('a gate that could not be evaluated sets no exit code and is never counted as passed', () => {
  const skipped = notEvaluated(gate('cluster', false, 'Redis memory'), 'data missing', 'no Prometheus installed');
  assert.equal(gatesExitCode([gate('threshold', true), skipped], 0), EXIT.ok);
  assert.equal(
    gatesExitCode([skipped, gate('cluster', false, 'aurora-oss-server no OOMKilled')], 0),
    EXIT.clusterFailed,
  );
  const v = verdictOf([gate('threshold', true), skipped]);
  assert.equal(v.exitCode, EXIT.ok);
  assert.match(verdictLine(v), /^PASSED: 1 of 2 gates passed, 1 not evaluated$/);
  assert.match(
    renderJunit(v),
    /<testcase classname="aurora-load\.cluster" name="Redis memory"[^>]*>\s*<skipped message="not evaluated \(data missing\): measured measured, limit limit">no Prometheus installed<\/skipped>/,
  );
  assert.match(
    renderSummaryMarkdown(v),
    /\| ⚪ not evaluated: data missing \| cluster \| `Redis memory`<br>no Prometheus installed \|/,
  );
});
