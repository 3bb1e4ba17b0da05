// k6 TEST DOUBLE runner: runBundle() executes a scenario bundle (built with build.mjs against
// test/k6-double/modules) through the double and returns what it recorded, for assertions.
//
// What it does: init context (options) -> setup() -> a fixed number of iterations of each exec
// function over N VUs (one worker thread per VU, synchronous k6/http) -> teardown(data) ->
// handleSummary(data) with k6's legacy data shape, writing the returned files.
//
// What it does NOT do: it does not reimplement k6's executors' timing (iterations run back to back,
// `iterations` of them shared by `vus` VUs, whatever the scenario's executor says), and it is not
// k6's threshold engine: thresholds are evaluated once, at the end, by the double's cross-check
// evaluator (metrics/thresholds.ts). Real k6 stays the reference (pick-k6.ts).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScenarios } from '../../build.mjs';
import { ConfigError, EXIT, TestRun, type RecordedError } from './test-run.ts';
import { ScriptInitError, type VuHost } from './host/vu-host.ts';
import type { SummaryMetric, ThresholdResult } from './metrics/engine.ts';
import type { LegacySummaryData } from './metrics/summary.ts';
import type { LogEntry, Sample } from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const DOUBLE_MODULES_DIR = join(HERE, 'modules');
const ROOT = resolve(HERE, '..', '..');

export interface ExecPlan {
  /** exported function to run (default: the scenario's `exec`, or "default") */
  exec?: string;
  /** VUs for this scenario (default: RunBundleOptions.vus) */
  vus?: number;
  /** iterations shared by those VUs (default: RunBundleOptions.iterations) */
  iterations?: number;
}

export interface RunBundleOptions {
  /** a bundle already built with buildScenarios({ k6ModulesDir: DOUBLE_MODULES_DIR }) */
  bundlePath?: string;
  /** or a scenario to build: scenarios/<scenario>.ts (or <scenariosDir>/<scenario>.ts) */
  scenario?: string;
  scenariosDir?: string;
  /** __ENV (the process environment is NOT forwarded, unlike k6 without --include-system-env-vars=false) */
  env?: Record<string, string>;
  /** VUs per scenario (default: the scenario's `vus` for a per-vu-iterations executor, else 1) */
  vus?: number;
  /** iterations per scenario, shared by its VUs (default: what a per-vu-iterations executor would run, else 1) */
  iterations?: number;
  /**
   * Which scenarios/exec functions to run: scenario names from options.scenarios (each with its
   * exec, env and tags), or exported function names (run as a scenario of that name). Default:
   * every scenario in options.scenarios, or `default` when there are none.
   */
  execs?: string[] | Record<string, ExecPlan>;
  /** where handleSummary's relative file names are written (default: a fresh temporary folder, removed if nothing was written; otherwise the caller removes it) */
  summaryDir?: string;
  /** hard limit for the whole run (default 60 s): VUs are interrupted and the run ends */
  timeoutMs?: number;
  /** also print k6-style log lines to stderr (default: only collected in `logs`) */
  printLogs?: boolean;
}

export interface RunBundleResult {
  options: Record<string, unknown>;
  samples: Sample[];
  /** every check with its group path and counts */
  checks: { name: string; path: string; group: string; passes: number; fails: number }[];
  metrics: Record<string, SummaryMetric>;
  thresholds: ThresholdResult[];
  summaryData: LegacySummaryData | null;
  /** what handleSummary returned (files by name, `stdout`, `stderr`), or {} */
  summaryOutputs: Record<string, string | ArrayBuffer>;
  summaryDir: string;
  errors: RecordedError[];
  logs: LogEntry[];
  iterations: { completed: number; interrupted: number };
  exitCode: number;
}

interface PlannedScenario {
  name: string;
  executor: string;
  exec: string;
  vus: number;
  iterations: number;
  env: Record<string, string>;
  tags: Record<string, string>;
}

function planScenarios(options: Record<string, unknown>, exports: string[], o: RunBundleOptions): PlannedScenario[] {
  const defined = (options.scenarios ?? {}) as Record<
    string,
    {
      executor?: string;
      exec?: string;
      env?: Record<string, string>;
      tags?: Record<string, string>;
      vus?: number;
      iterations?: number;
    }
  >;
  let wanted: [string, ExecPlan][];
  if (o.execs === undefined) {
    const names = Object.keys(defined);
    wanted = (names.length ? names : ['default']).map((n) => [n, {}]);
  } else if (Array.isArray(o.execs)) {
    wanted = o.execs.map((n) => [n, {}]);
  } else {
    wanted = Object.entries(o.execs);
  }
  return wanted.map(([name, plan]) => {
    const sc = defined[name];
    const exec = plan.exec ?? sc?.exec ?? (sc ? 'default' : name);
    if (!exports.includes(exec)) {
      throw new ConfigError(`executor ${name}: function '${exec}' not found in exports`);
    }
    // per-vu-iterations brings its own counts; everything else defaults to 1 VU x 1 iteration
    const perVu = sc?.executor === 'per-vu-iterations';
    const scVus = perVu ? (sc.vus ?? 1) : undefined;
    const scIters = perVu ? (sc.iterations ?? 1) * (sc.vus ?? 1) : undefined;
    return {
      name,
      executor: sc?.executor ?? 'per-vu-iterations',
      exec,
      vus: plan.vus ?? o.vus ?? scVus ?? 1,
      iterations: plan.iterations ?? o.iterations ?? scIters ?? 1,
      env: sc?.env ?? {},
      tags: sc?.tags ?? {},
    };
  });
}

/** Summary folders made here (callers read them after the run): removed when the test process exits. */
const madeSummaryDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeSummaryDirs) rmSync(dir, { recursive: true, force: true });
});

function summaryFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'k6-double-summary-'));
  madeSummaryDirs.push(dir);
  return dir;
}

export async function runBundle(o: RunBundleOptions): Promise<RunBundleResult> {
  let bundlePath = o.bundlePath;
  let buildDir: string | null = null;
  if (!bundlePath) {
    if (!o.scenario) throw new Error('runBundle needs bundlePath or scenario');
    buildDir = mkdtempSync(join(tmpdir(), 'k6-double-bundle-'));
    const built = await buildScenarios({
      names: [o.scenario],
      scenariosDir: o.scenariosDir ? resolve(o.scenariosDir) : join(ROOT, 'scenarios'),
      outdir: buildDir,
      k6ModulesDir: DOUBLE_MODULES_DIR,
    });
    bundlePath = built[0]!.path;
  }
  const summaryDir = o.summaryDir ?? summaryFolder();
  const run = new TestRun({
    bundlePath,
    env: o.env ?? {},
    keepSamples: true,
    onLog: o.printLogs ? (line) => process.stderr.write(`${line}\n`) : undefined,
  });
  const result: RunBundleResult = {
    options: {},
    samples: run.samples,
    checks: [],
    metrics: {},
    thresholds: [],
    summaryData: null,
    summaryOutputs: {},
    summaryDir,
    errors: run.errors,
    logs: run.logs,
    iterations: { completed: 0, interrupted: 0 },
    exitCode: EXIT.OK,
  };
  let timer: NodeJS.Timeout | null = null;
  try {
    try {
      await run.init();
    } catch (e) {
      if (e instanceof ScriptInitError) {
        run.logError(e.scriptError.stack, { hint: 'script exception' });
        result.exitCode = EXIT.SCRIPT_EXCEPTION;
        return result;
      }
      if (e instanceof ConfigError) {
        run.recordError({ phase: 'config', message: e.message, stack: e.message });
        run.logError(e.message);
        result.options = run.options;
        result.exitCode = EXIT.INVALID_CONFIG;
        return result;
      }
      throw e;
    }
    result.options = run.options;
    let plan: PlannedScenario[];
    try {
      plan = planScenarios(run.options, run.exports, o);
    } catch (e) {
      run.recordError({ phase: 'config', message: (e as Error).message, stack: (e as Error).message });
      result.exitCode = EXIT.INVALID_CONFIG;
      return result;
    }

    run.startedAt = performance.now();
    const vusByScenario = new Map<string, VuHost[]>();
    for (const sc of plan) {
      const list: VuHost[] = [];
      for (let i = 0; i < sc.vus; i++) list.push(await run.spawnVu());
      vusByScenario.set(sc.name, list);
    }
    const totalVus = run.vus.length;
    const gauge = (metric: string, value: number): Sample => ({
      metric,
      type: 'gauge',
      contains: 'default',
      value,
      time: Date.now(),
      tags: {},
    });
    run.addSamples([gauge('vus', totalVus), gauge('vus_max', totalVus)]);

    let stopped = false;
    const stopAll = (): void => {
      stopped = true;
      for (const v of run.vus) v.interrupt();
    };
    timer = setTimeout(() => {
      run.externallyAborted = true;
      run.recordError({
        phase: 'iteration',
        message: `runBundle: timed out after ${o.timeoutMs ?? 60000} ms`,
        stack: '',
      });
      stopAll();
    }, o.timeoutMs ?? 60000);

    if (await run.setup()) {
      await Promise.all(
        plan.map(async (sc) => {
          const startTime = Date.now();
          let next = 0;
          const vus = vusByScenario.get(sc.name)!;
          await Promise.all(
            vus.map(async (vu) => {
              while (!stopped && next < sc.iterations) {
                const iterInScenario = next++;
                const r = await vu.run({
                  kind: 'iteration',
                  exec: sc.exec,
                  scenario: { name: sc.name, startTime, env: sc.env, tags: sc.tags },
                  iterationInTest: iterInScenario,
                  data: run.setupData,
                });
                run.recordIteration(r, {
                  scenario: sc.name,
                  executor: sc.executor,
                  vu: vu.vuId,
                  iteration: iterInScenario,
                });
              }
            }),
          );
        }),
      );
      await run.teardown();
    }
    clearTimeout(timer);
    timer = null;
    run.addSamples([gauge('vus', 0)]);
    run.endedAt = performance.now();

    const setupFailed = run.errors.some((e) => e.phase === 'setup');
    const thresholds = run.thresholdResults();
    result.thresholds = thresholds;
    const data = run.summaryData();
    result.summaryData = data;
    result.metrics = data.metrics;
    result.checks = run.groups
      .allChecks()
      .map(({ name, path, group, passes, fails }) => ({ name, path, group, passes, fails }));
    if (!setupFailed) {
      const outputs = await run.handleSummary(data);
      if (outputs) {
        result.summaryOutputs = outputs;
        TestRun.writeSummaryFiles(outputs, summaryDir, (msg, fields) => run.logError(msg, fields));
      }
    }
    result.iterations = { completed: run.iterationsCompleted, interrupted: run.iterationsInterrupted };
    result.exitCode = run.exitCode(thresholds);
    return result;
  } finally {
    if (timer) clearTimeout(timer);
    await run.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
    // a default summary folder that received no file is not left behind
    if (!o.summaryDir && readdirSync(summaryDir).length === 0) rmSync(summaryDir, { recursive: true, force: true });
  }
}

/** The bundle name runBundle would build for a scenario file path (helper for tests). */
export function scenarioNameOf(path: string): string {
  return basename(path).replace(/\.ts$/, '');
}
