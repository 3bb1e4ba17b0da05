/**
 * What does the suite cost k6 beside bare k6? The yardstick of issue 13, run by `npm run bench`.
 *
 * With a real k6 (K6_BIN or PATH, >= 1.6) and Linux /proc, against the local simulator (in this
 * process): the `rest` bundle at 200 iterations/s for 30 s, and the `chatbot` bundle with 200 busy
 * VUs, each beside a bare k6 script of bench/bare/ that sends the same routes, headers, weights and
 * bodies at the same rate (name tags, no checks). Interleaved, medians of 3 rounds. The suite runs as
 * `npm run load` runs it (`--out json`, handleSummary); the bare scripts with no output.
 * Prints CPU-ms per request (k6's user + system time over HTTP requests + WebSocket connections the
 * simulator served), max RSS (VmHWM) and the suite/bare ratios, against the issue's targets.
 *
 * Without k6 (or off Linux) it prints why it skipped and counts as no miss: the figures can only come
 * from a machine with k6. BENCH_K6_ROUNDS overrides the 3 rounds (a quick look, not a measurement).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScenarios } from '../build.mjs';
import { readVersion, resolveK6 } from '../cli/k6/index.ts';
import { startSimulator, type RunningSim } from '../sim/index.ts';
import { costRow, interleave, renderCostTable, TARGETS, type RunCost, type Workload } from './cost/measure.ts';
import { bareEnv, suiteConfig, suiteEnv, type Target } from './cost/plan.ts';
import { clockTicksPerSecond, measureK6 } from './cost/run-k6.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKLOADS: Workload[] = ['rest', 'chatbot'];
const SECRET = 'aurora-bench-secret';

/** HTTP requests plus WebSocket connections (a turn and a reconnect per served conversation). */
function served(sim: RunningSim): number {
  const s = sim.stats();
  const turns = Object.values(s.pods.chatbot).reduce((n, p) => n + p.turns, 0);
  return s.requestsServed + 2 * turns;
}

export async function run(): Promise<boolean> {
  const k6 = resolveK6();
  if (!k6.ok) {
    console.log(
      `k6-cost: SKIPPED, no real k6: ${k6.message.split('\n')[0]} Set K6_BIN to a k6 >= 1.6 and run npm run bench for the suite/bare ratios.`,
    );
    return true;
  }
  if (/test double/i.test(readVersion(k6.path) ?? '')) {
    console.log(`k6-cost: SKIPPED, ${k6.path} is the k6 test double, not k6: its figures would say nothing about k6.`);
    return true;
  }
  if (process.platform !== 'linux' || !existsSync('/proc/self/stat')) {
    console.log('k6-cost: SKIPPED, CPU and RSS are read from Linux /proc; run it on Linux.');
    return true;
  }
  const rounds = Number(process.env.BENCH_K6_ROUNDS ?? 3);
  const dir = await mkdtemp(join(tmpdir(), 'aurora-bench-k6-'));
  const sim = await startSimulator({ port: 0, k8sPort: 0, quiet: true, secret: SECRET, seed: 13, timeScale: 1 });
  try {
    const bundles = await buildScenarios({ names: WORKLOADS, outdir: join(dir, 'dist') });
    const target: Target = { apiUrl: sim.url, wsUrl: sim.wsUrl, secret: SECRET };
    const ticks = clockTicksPerSecond();
    const runs: Record<string, RunCost[]> = {};
    console.log(
      `k6-cost: ${k6.path} (v${k6.version.major}.${k6.version.minor}.${k6.version.patch}); ${rounds} interleaved rounds of rest and chatbot, suite and bare`,
    );
    for (const step of interleave(WORKLOADS, rounds)) {
      const config = suiteConfig(step.workload, target);
      const bundle = bundles.find((b) => b.name === step.workload)?.path as string;
      const suite = step.variant === 'suite';
      const args = suite
        ? ['run', '--quiet', '--out', `json=${join(dir, `${step.workload}-${step.round}.ndjson`)}`, bundle]
        : ['run', '--quiet', join(ROOT, 'bench/bare', `${step.workload}.js`)];
      const env = suite
        ? suiteEnv(config, SECRET, join(dir, `${step.workload}-${step.round}-summary.json`))
        : bareEnv(step.workload, config, target);
      const cost = await measureK6(
        { k6: k6.path, args, env, cwd: dir, served: () => served(sim), timeoutMs: 300_000 },
        ticks,
      );
      console.log(
        `k6-cost: round ${step.round} ${step.workload} ${step.variant}: ${Math.round(cost.cpuMs)} CPU-ms, ${cost.requests} requests, ` +
          `max RSS ${Math.round(cost.maxRssKb / 1024)} MB, exit ${cost.exitCode}`,
      );
      if (cost.exitCode !== 0 && cost.exitCode !== 99) console.log(`k6-cost: k6 stderr: ${cost.stderrTail}`);
      const key = `${step.workload} ${step.variant}`;
      runs[key] ??= [];
      runs[key].push(cost);
      await rm(join(dir, `${step.workload}-${step.round}.ndjson`), { force: true });
    }
    const rows = WORKLOADS.map((w) => costRow(w, runs[`${w} suite`] ?? [], runs[`${w} bare`] ?? []));
    console.log(renderCostTable(rows, `medians of ${rounds} (suite with --out json, as npm run load runs it)`));
    const ok =
      rows.every((r) => r.cpuRatio <= TARGETS.cpuRatio) &&
      (rows.find((r) => r.workload === 'chatbot')?.rssRatio ?? 0) <= TARGETS.rssRatio;
    console.log(
      `k6-cost: ${ok ? 'OK' : 'BELOW TARGET'} (CPU/request <= ${TARGETS.cpuRatio}x, chatbot RSS <= ${TARGETS.rssRatio}x bare)`,
    );
    return ok;
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
