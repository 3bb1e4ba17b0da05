// The scenario bundles as `k6 run` runs them, against the in-process simulator: the smoke profile of
// each scenario passes, and the matching fault moves the matching gate. Real k6 when one is found
// (K6_BIN or PATH, >= 1.6); otherwise the k6 test double's bin/k6 (CI machines cannot install k6),
// named in each test's title.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenarios } from '../../build.mjs';
import { pickK6 } from '../k6-double/pick-k6.ts';
import type { RunningSim } from '../../sim/index.ts';
import type { RunConfig } from '../../lib/core/run-config.ts';
import { SIM_SECRET, simConfig, startTestSim } from './helpers.ts';

const k6 = pickK6();
const label = k6.real ? 'real k6' : 'k6 test double';
let dir = '';
let sim: RunningSim | undefined;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aurora-real-k6-'));
  await buildScenarios({ names: ['rest', 'chatbot', 'rca', 'mixed'], outdir: dir });
  sim = await startTestSim();
});
after(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface K6Result {
  code: number | null;
  summary: {
    metrics: Record<string, { values: Record<string, number> }>;
    root_group: { checks: { name: string; passes: number; fails: number }[]; groups: unknown[] };
  };
  output: string;
}

function runK6(scenario: string, config: RunConfig): Promise<K6Result> {
  const summaryPath = join(dir, `${scenario}-${Date.now()}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(k6.bin, ['run', '--no-color', '--quiet', join(dir, `${scenario}.js`)], {
      env: {
        ...process.env,
        AURORA_LOAD_CONFIG: JSON.stringify(config),
        AURORA_INTERNAL_API_SECRET: SIM_SECRET,
        AURORA_SUMMARY_PATH: summaryPath,
      },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, summary: JSON.parse(readFileSync(summaryPath, 'utf8')), output });
      } catch (e) {
        reject(new Error(`k6 exited ${code} without a summary: ${(e as Error).message}\n${output.slice(-2000)}`));
      }
    });
  });
}

const checksOf = (r: K6Result) => {
  const out: { name: string; passes: number; fails: number }[] = [];
  const walk = (g: { checks?: { name: string; passes: number; fails: number }[]; groups?: unknown[] }) => {
    out.push(...(g.checks ?? []));
    for (const sub of g.groups ?? []) walk(sub as typeof g);
  };
  walk(r.summary.root_group);
  return out;
};

for (const scenario of ['rest', 'chatbot', 'rca', 'mixed']) {
  test(`${label}: ${scenario} smoke passes every check against the simulator`, async (t) => {
    t.diagnostic(k6.note);
    sim!.clearFaults();
    const r = await runK6(scenario, simConfig(sim!, { profile: 'smoke' }));
    assert.equal(r.code, 0, r.output.slice(-3000));
    assert.deepEqual(
      checksOf(r).filter((c) => c.fails > 0),
      [],
    );
    assert.match(r.output, /aurora-load summary/);
  });
}

test(`${label}: error-rate fails the rest gates; sticky-off the sticky gate; workers-stalled the RCA gate`, async () => {
  try {
    sim!.setFaults(['error-rate=0.3']);
    // The load profile (about 20 iterations at this timeScale), not smoke: smoke's two requests all
    // succeed about half the time at a 0.3 error rate, so the gate would be a coin flip.
    const rest = await runK6('rest', simConfig(sim!, { profile: 'load' }));
    assert.equal(rest.code, 99);
    sim!.setFaults(['sticky-off']);
    const chat = await runK6('chatbot', simConfig(sim!, { profile: 'smoke' }));
    assert.ok((chat.summary.metrics.aurora_sticky_session_ok?.values.rate ?? 1) < 1);
    sim!.setFaults(['workers-stalled']);
    const rca = await runK6(
      'rca',
      simConfig(sim!, { profile: 'smoke', rca: { maxWaitSeconds: 100, pollInitialSeconds: 5, pollMaxSeconds: 20 } }),
    );
    assert.equal(rca.summary.metrics.aurora_rca_failed?.values.rate, 1);
  } finally {
    sim!.clearFaults();
  }
});
