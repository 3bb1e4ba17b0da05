// README.md's baseline example (issue 12, item 12) must reach the baseline comparison: the profile
// it names plans at least `baseline.tolerance.minCount` requests on the route its fault slows, so the
// baseline gate is evaluated (and fails with exit 5) instead of being "not evaluated" for want of
// samples. Checked from the resolved plan, as `--dry-run` resolves it; nothing is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseLoadArgs, prepareRun, type ShapeScenario } from '../../cli/plan/index.ts';
import { REST_ROUTES, type RestAction } from '../../lib/core/aurora/routes.ts';
import { SMOKE_ITERATIONS } from '../../lib/core/profiles.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** `npm run load -- a "b c" d` -> ['a', 'b c', 'd'] (the README's examples use double quotes only). */
function argvOf(line: string): string[] {
  const command = (line.split('npm run load --')[1] ?? '').replace(/\s+#.*$/, '');
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);
}

/** Iterations an executor plans: a ramping arrival rate's area under its stages, or VUs x iterations. */
function plannedIterations(s: ShapeScenario): number {
  if (!s.stages) return s.executor === 'per-vu-iterations' ? s.maxVUs * SMOKE_ITERATIONS : 0;
  let from = 0;
  let total = 0;
  for (const stage of s.stages) {
    total += ((from + stage.target) / 2) * stage.durationSeconds;
    from = stage.target;
  }
  return total;
}

test("README's baseline example plans enough requests on the slowed route for the baseline gate", async () => {
  const examples = doc.split('\n').filter((l) => /npm run load -- .*--sim-fault "latency=.*--baseline /.test(l));
  assert.ok(examples.length > 0, 'the README shows a baseline example with a latency fault');
  for (const line of examples) {
    const argv = argvOf(line);
    const route = /latency=([^:]+):/.exec(argv.join(' '))?.[1] as string;
    const parsed = parseLoadArgs(argv, {});
    assert.ok(parsed.ok, `${line}: ${parsed.ok ? '' : parsed.message}`);
    const prep = await prepareRun(parsed.args, ROOT, {});
    assert.ok(prep.ok, `${line}: ${prep.ok ? '' : prep.messages.join('; ')}`);
    const { plan, shape } = prep.prepared;
    const rest = shape.scenarios.find((s) => s.name === 'rest');
    assert.ok(rest, `${line}: the run includes the rest scenario`);
    const weights = plan.runConfig.restWeights as Record<RestAction, number>;
    const action = (Object.keys(REST_ROUTES) as RestAction[]).find((a) => REST_ROUTES[a].route === route);
    assert.ok(action, `${route} is a rest route`);
    const share = weights[action] / Object.values(weights).reduce((a, b) => a + b, 0);
    const expected = plannedIterations(rest) * share;
    const minCount = plan.tolerance.minCount;
    // Half again the minimum: a mix drawn at random must not fall under it by chance.
    assert.ok(
      expected >= 1.5 * minCount,
      `${line}\n  plans ~${expected.toFixed(1)} requests on ${route}; the baseline gate needs ${minCount} (x1.5 margin)`,
    );
  }
});
