// Every scenario bundle: imports only documented k6 modules, stays small, and exports valid k6
// options (the lead's validator) whose scenarios name exported exec functions, under every profile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenarios } from '../../build.mjs';
import { DOUBLE_MODULES_DIR } from '../k6-double/run-bundle.ts';
import { TestRun } from '../k6-double/test-run.ts';
import { validateK6Options } from '../../cli/k6/options-schema.ts';
import { CUSTOM_METRIC_TYPES } from '../../lib/core/metric-names.ts';
import { LOCAL_RUN_CONFIG, PROFILE_NAMES, type RunConfig } from '../../lib/core/run-config.ts';

const SCENARIOS = ['rest', 'chatbot', 'rca', 'mixed', 'smoke'];
const K6_MODULES = new Set([
  'k6',
  'k6/http',
  'k6/websockets',
  'k6/metrics',
  'k6/execution',
  'k6/crypto',
  'k6/encoding',
  'k6/timers',
]);
let realDir: string;
let doubleDir: string;

before(async () => {
  realDir = mkdtempSync(join(tmpdir(), 'aurora-scn-real-'));
  doubleDir = mkdtempSync(join(tmpdir(), 'aurora-scn-double-'));
  await buildScenarios({ names: SCENARIOS, outdir: realDir });
  await buildScenarios({ names: SCENARIOS, outdir: doubleDir, k6ModulesDir: DOUBLE_MODULES_DIR });
});
after(() => {
  rmSync(realDir, { recursive: true, force: true });
  rmSync(doubleDir, { recursive: true, force: true });
});

test('bundles import only documented k6 modules and stay small', () => {
  for (const name of SCENARIOS) {
    const code = readFileSync(join(realDir, `${name}.js`), 'utf8');
    const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    assert.ok(imports.length > 0, name);
    for (const i of imports) assert.ok(K6_MODULES.has(i), `${name} imports ${i}`);
    assert.ok(!/\brequire\(/.test(code), `${name} has no require()`);
    assert.ok(code.length < 250 * 1024, `${name} is ${(code.length / 1024).toFixed(1)} KB`);
  }
});

async function optionsOf(
  name: string,
  config: RunConfig,
): Promise<{ options: Record<string, unknown>; exports: string[] }> {
  const run = new TestRun({
    bundlePath: join(doubleDir, `${name}.js`),
    env: { AURORA_LOAD_CONFIG: JSON.stringify(config) },
  });
  try {
    await run.init();
    return { options: run.options, exports: run.exports };
  } finally {
    await run.close();
  }
}

test("every scenario's exported options validate under every profile", async () => {
  for (const profile of PROFILE_NAMES) {
    const config: RunConfig = {
      ...LOCAL_RUN_CONFIG,
      profile,
      timeScale: 20,
      limits: { ...LOCAL_RUN_CONFIG.limits, maxDuration: '2h' },
    };
    for (const name of SCENARIOS) {
      const { options, exports } = await optionsOf(name, config);
      const result = validateK6Options(options, { metricTypes: CUSTOM_METRIC_TYPES });
      assert.deepEqual(result, { ok: true }, `${name}/${profile}: ${JSON.stringify(result)}`);
      const scenarios = options.scenarios as Record<string, { exec: string }>;
      for (const [sc, def] of Object.entries(scenarios))
        assert.ok(exports.includes(def.exec), `${name}/${profile}: ${sc} runs ${def.exec}`);
      // smoke is the liveness probe itself, so it has no setup() to probe first.
      for (const fn of name === 'smoke' ? ['handleSummary'] : ['setup', 'handleSummary'])
        assert.ok(exports.includes(fn), `${name} exports ${fn}`);
      assert.ok((options.summaryTrendStats as string[]).includes('p(99)'));
    }
  }
});

test("mixed runs the env file's scenarios as named k6 scenarios", async () => {
  const { options } = await optionsOf('mixed', { ...LOCAL_RUN_CONFIG, profile: 'load', scenarios: ['rest', 'rca'] });
  assert.deepEqual(Object.keys(options.scenarios as object), ['rest', 'rca']);
  const all = await optionsOf('mixed', { ...LOCAL_RUN_CONFIG, profile: 'load' });
  assert.deepEqual(
    Object.entries(all.options.scenarios as Record<string, { executor: string }>).map(([n, s]) => [n, s.executor]),
    [
      ['rest', 'ramping-arrival-rate'],
      ['chatbot', 'ramping-arrival-rate'],
      ['rca', 'ramping-arrival-rate'],
    ],
  );
});
