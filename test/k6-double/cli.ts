// k6 TEST DOUBLE: the command line behind test/k6-double/bin/k6, a stand-in for the k6 binary in CLI
// tests (CI has no k6). It is NOT k6 and says so in `k6 version`.
//
//   k6 version
//   k6 run [--out json=<path>] [--summary-export <path>] [-e K=V]... [--quiet] [--no-color] <bundle.js>
//
// `run` takes a REAL bundle (k6 modules external), re-bundles it with `k6*` mapped to the double's
// modules, and runs options.scenarios in wall-clock time with APPROXIMATE executors: arrival-rate
// executors start iterations at the (stage-interpolated) rate up to maxVUs and count
// dropped_iterations otherwise; VU executors keep their (interpolated) number of VUs looping;
// startTime, duration, stages, gracefulStop, exec, env and tags are honoured. It streams k6-shaped
// NDJSON (--out json), evaluates thresholds (abortOnFail with delayAbortEval, every 2 s), runs
// teardown and handleSummary, prints non-TTY progress lines, and exits like k6: 0, 99 (thresholds),
// 104 (invalid config), 105 (SIGINT/SIGTERM), 107 (script exception), 108 (exec.test.abort()).
// It refuses to run past the scenarios' total duration + gracefulStop + a margin.
import { createWriteStream, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { ConfigError, EXIT, TestRun } from './test-run.ts';
import { ScriptInitError, type VuHost } from './host.ts';
import { metricLineJson, pointLine, toSummaryExport, type LegacySummaryData } from './metrics-engine.ts';
import { DOUBLE_VERSION, parseDurationMs } from './vu-runtime.ts';
import type { RunResult, Sample, ScenarioInfo } from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULES_DIR = join(HERE, 'modules');
const VERSION_LINE = `k6 ${DOUBLE_VERSION} (aurora-load k6 test double, not k6)`;
/** Extra time allowed past the scenarios' end + gracefulStop before the run is cut. */
const HARD_MARGIN_MS = 5000;

interface CliArgs {
  script: string;
  outJson: string | null;
  summaryExport: string | null;
  env: Record<string, string>;
  quiet: boolean;
  noColor: boolean;
}

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: k6 run [--out json=<path>] [--summary-export <path>] [-e K=V]... [--quiet] [--no-color] <script.js>\n`);
  process.exit(255);
}

export function parseRunArgs(argv: string[]): CliArgs {
  const a: CliArgs = { script: '', outJson: null, summaryExport: null, env: {}, quiet: false, noColor: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const eq = arg.indexOf('=');
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) usage(`flag needs an argument: ${arg}`);
      return v;
    };
    if (arg === '--out' || arg === '-o' || arg.startsWith('--out=')) {
      const v = value();
      if (!v.startsWith('json=')) usage(`the k6 test double only supports --out json=<path>, got "${v}"`);
      a.outJson = v.slice('json='.length);
    } else if (arg === '--summary-export' || arg.startsWith('--summary-export=')) a.summaryExport = value();
    else if (arg === '-e' || arg === '--env' || arg.startsWith('--env=')) {
      const v = value();
      const eq = v.indexOf('=');
      if (eq <= 0) usage(`invalid environment variable "${v}", use -e KEY=VALUE`);
      a.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (arg === '-q' || arg === '--quiet') a.quiet = true;
    else if (arg === '--no-color') a.noColor = true;
    else if (arg === '--summary-mode' || arg.startsWith('--summary-mode=')) value();
    else if (arg.startsWith('-')) usage(`unknown flag: ${arg}`);
    else if (!a.script) a.script = arg;
    else usage(`unexpected argument "${arg}"`);
  }
  if (!a.script) usage('k6 run needs a script');
  return a;
}

/** Re-bundles a real bundle (k6 modules external) so that `k6`/`k6/*` resolve to the double's modules. */
export async function rebundleForDouble(script: string, outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [script],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    logLevel: 'silent',
    plugins: [{
      name: 'k6-double-modules',
      setup(build) {
        build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
          const sub = args.path === 'k6' ? 'k6' : args.path.slice('k6/'.length).replace(/\//g, '-');
          return { path: join(MODULES_DIR, `${sub}.ts`) };
        });
      },
    }],
  });
}

// ---- NDJSON output (streamed, flushed every 100 ms) -----------------------------------------------
class NdjsonOut {
  private buf: string[] = [];
  private readonly seen = new Set<string>();
  private readonly file: WriteStream;
  private readonly gz: Gzip | null;
  private readonly timer: NodeJS.Timeout;

  constructor(path: string, private readonly run: TestRun) {
    this.file = createWriteStream(path);
    this.gz = path.endsWith('.gz') ? createGzip() : null;
    if (this.gz) this.gz.pipe(this.file);
    this.timer = setInterval(() => this.flush(), 100);
  }

  add(samples: Sample[]): void {
    for (const s of samples) {
      if (!this.seen.has(s.metric)) {
        this.seen.add(s.metric);
        this.buf.push(metricLineJson(this.run.engine, s.metric));
      }
      this.buf.push(pointLine(s));
    }
  }

  flush(): void {
    if (!this.buf.length) return;
    const chunk = `${this.buf.join('\n')}\n`;
    this.buf = [];
    if (this.gz) {
      this.gz.write(chunk);
      this.gz.flush();
    } else this.file.write(chunk);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await new Promise<void>((r) => {
      this.file.on('close', () => r());
      if (this.gz) this.gz.end();
      else this.file.end();
    });
  }
}

// ---- scenarios -------------------------------------------------------------------------------------
interface Stage { durationMs: number; target: number }
interface ScenarioConf {
  name: string;
  executor: string;
  exec: string;
  startMs: number;
  gracefulStopMs: number;
  env: Record<string, string>;
  tags: Record<string, string>;
  raw: Record<string, unknown>;
  /** regular duration (no new iterations after it) */
  durationMs: number;
}

const EXECUTORS = ['shared-iterations', 'per-vu-iterations', 'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate'];

function stagesOf(raw: Record<string, unknown>): Stage[] {
  return ((raw.stages ?? []) as { duration: string; target: number }[]).map((s) => ({ durationMs: parseDurationMs(s.duration, 0), target: Number(s.target) }));
}

export function scenarioConfs(options: Record<string, unknown>, exports: string[]): ScenarioConf[] {
  let scenarios = options.scenarios as Record<string, Record<string, unknown>> | undefined;
  if (!scenarios || !Object.keys(scenarios).length) {
    // shortcuts: stages / duration+vus / iterations, else 1 iteration on 1 VU
    if (options.stages) scenarios = { default: { executor: 'ramping-vus', startVUs: options.vus ?? 1, stages: options.stages } };
    else if (options.duration) scenarios = { default: { executor: 'constant-vus', vus: options.vus ?? 1, duration: options.duration } };
    else scenarios = { default: { executor: 'shared-iterations', vus: options.vus ?? 1, iterations: options.iterations ?? 1 } };
  }
  return Object.entries(scenarios).map(([name, raw]) => {
    const executor = String(raw.executor ?? '');
    if (!/^[0-9a-zA-Z_-]+$/.test(name)) throw new ConfigError(`scenario name "${name}" is invalid`);
    if (!EXECUTORS.includes(executor)) throw new ConfigError(`scenario ${name}: unsupported or missing executor "${executor}"`);
    const exec = String(raw.exec ?? 'default');
    if (!exports.includes(exec)) throw new ConfigError(`executor ${name}: function '${exec}' not found in exports`);
    let durationMs: number;
    switch (executor) {
      case 'constant-vus': case 'constant-arrival-rate':
        durationMs = parseDurationMs(raw.duration, NaN);
        if (!Number.isFinite(durationMs)) throw new ConfigError(`scenario ${name}: duration is required`);
        break;
      case 'ramping-vus': case 'ramping-arrival-rate': {
        const st = stagesOf(raw);
        if (!st.length) throw new ConfigError(`scenario ${name}: at least one stage has to be specified`);
        durationMs = st.reduce((n, s) => n + s.durationMs, 0);
        break;
      }
      default:
        durationMs = parseDurationMs(raw.maxDuration, 600000);
    }
    return {
      name, executor, exec, raw, durationMs,
      startMs: parseDurationMs(raw.startTime, 0),
      gracefulStopMs: parseDurationMs(raw.gracefulStop, 30000),
      env: (raw.env ?? {}) as Record<string, string>,
      tags: (raw.tags ?? {}) as Record<string, string>,
    };
  });
}

/** Linear interpolation of stage targets at `t` ms from `start`. */
function stageValue(start: number, stages: Stage[], t: number): number {
  let from = start;
  let elapsed = 0;
  for (const s of stages) {
    if (t <= elapsed + s.durationMs) return s.durationMs ? from + ((s.target - from) * (t - elapsed)) / s.durationMs : s.target;
    elapsed += s.durationMs;
    from = s.target;
  }
  return from;
}

/** Iterations an arrival-rate scenario should have started by `t` ms (integral of the rate). */
function arrivalsBy(start: number, stages: Stage[], timeUnitMs: number, t: number): number {
  let from = start;
  let elapsed = 0;
  let total = 0;
  for (const s of stages) {
    const e = Math.min(Math.max(t - elapsed, 0), s.durationMs);
    if (s.durationMs > 0) total += (from * e + ((s.target - from) * e * e) / (2 * s.durationMs)) / timeUnitMs;
    if (t <= elapsed + s.durationMs) return total;
    elapsed += s.durationMs;
    from = s.target;
  }
  return total;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---- the run -----------------------------------------------------------------------------------------
export async function cliRun(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  const script = resolve(args.script);
  const workDir = mkdtempSync(join(tmpdir(), 'k6-double-run-'));
  const bundlePath = join(workDir, 'bundle.mjs');
  const out = (s: string): void => void process.stdout.write(s);
  const err = (s: string): void => void process.stderr.write(s);
  try {
    await rebundleForDouble(script, bundlePath);
  } catch (e) {
    err(`time="${new Date().toISOString()}" level=error msg=${JSON.stringify(`could not load ${args.script}: ${(e as Error).message}`)}\n`);
    rmSync(workDir, { recursive: true, force: true });
    return EXIT.SCRIPT_EXCEPTION;
  }
  let ndjson: NdjsonOut | null = null;
  const run = new TestRun({
    bundlePath,
    scriptDir: dirname(script),
    env: { ...(process.env as Record<string, string>), ...args.env },
    onLog: (line) => err(`${line}\n`),
    onSamples: (s) => ndjson?.add(s),
    noColor: args.noColor,
  });

  let signalled = false;
  let stopScheduling = false;
  const allVus = (): VuHost[] => run.vus;
  const onSignal = (sig: string): void => {
    if (signalled) {
      err('Aborting k6 in response to a second signal\n');
      process.exit(EXIT.EXTERNAL_ABORT);
    }
    signalled = true;
    run.externallyAborted = true;
    run.log({ level: 'info', msg: `Stopping k6 in response to signal ${sig}...`, time: Date.now() });
    stopScheduling = true;
    for (const v of allVus()) v.interrupt();
  };
  process.on('SIGINT', () => onSignal('interrupt'));
  process.on('SIGTERM', () => onSignal('terminated'));

  try {
    try {
      await run.init();
    } catch (e) {
      if (e instanceof ScriptInitError) {
        run.logError(e.scriptError.stack, { hint: 'script exception' });
        return EXIT.SCRIPT_EXCEPTION;
      }
      if (e instanceof ConfigError) {
        run.logError(e.message);
        return EXIT.INVALID_CONFIG;
      }
      throw e;
    }
    let confs: ScenarioConf[];
    try {
      confs = scenarioConfs(run.options, run.exports);
    } catch (e) {
      run.logError((e as Error).message);
      return EXIT.INVALID_CONFIG;
    }
    if (args.outJson) ndjson = new NdjsonOut(resolve(args.outJson), run);

    const maxEnd = Math.max(...confs.map((c) => c.startMs + c.durationMs + c.gracefulStopMs));
    const maxVusOf = (c: ScenarioConf): number => {
      const r = c.raw;
      switch (c.executor) {
        case 'constant-arrival-rate': case 'ramping-arrival-rate':
          return Math.max(Number(r.maxVUs ?? 0), Number(r.preAllocatedVUs ?? 0));
        case 'ramping-vus':
          return Math.max(Number(r.startVUs ?? 1), ...stagesOf(r).map((s) => s.target));
        default:
          return Number(r.vus ?? 1);
      }
    };
    if (!args.quiet) {
      const lines = confs.map((c) => `              * ${c.name}: ${c.executor} (exec: ${c.exec}, gracefulStop: ${c.gracefulStopMs / 1000}s)`);
      out(`\n  k6 TEST DOUBLE (${VERSION_LINE})\n\n     execution: local\n        script: ${args.script}\n        output: ${args.outJson ? `json (${args.outJson})` : '-'}\n\n` +
        `     scenarios: ${confs.length} scenario(s), ${confs.reduce((n, c) => n + maxVusOf(c), 0)} max VUs, ${Math.round(maxEnd / 1000)}s max duration (incl. graceful stop):\n${lines.join('\n')}\n\n`);
    }

    // initialize the pre-allocated VUs of every scenario before the test starts, as k6 does
    const pools = new Map<string, VuHost[]>();
    for (const c of confs) {
      const r = c.raw;
      const n = c.executor.endsWith('arrival-rate') ? Number(r.preAllocatedVUs ?? 1) : maxVusOf(c);
      const list: VuHost[] = [];
      for (let i = 0; i < n; i++) list.push(await run.spawnVu());
      pools.set(c.name, list);
    }

    run.startedAt = performance.now();
    const elapsed = (): number => performance.now() - run.startedAt;
    const gaugeSample = (metric: string, value: number): Sample => ({ metric, type: 'gauge', contains: 'default', value, time: Date.now(), tags: {} });
    const activeVus = (): number => run.vus.filter((v) => v.busy).length;
    const emitVus = (): void => run.addSamples([gaugeSample('vus', activeVus()), gaugeSample('vus_max', run.vus.length)]);

    // the hard bound: never past the options' total duration + gracefulStop + a margin
    const hardTimer = setTimeout(() => {
      stopScheduling = true;
      run.logError(`the k6 test double stopped the run at its hard limit (${Math.round((maxEnd + HARD_MARGIN_MS) / 1000)}s)`);
      for (const v of allVus()) v.interrupt();
    }, maxEnd + HARD_MARGIN_MS);

    const setupOk = await run.setup();
    run.startedAt = performance.now();
    let thresholdAbort = false;
    const doneCounts = new Map<string, number>();
    const iterationInTest = new Map<string, number>();
    let iterationInInstance = 0;

    const runIteration = async (vu: VuHost, c: ScenarioConf, startTime: number): Promise<RunResult> => {
      const n = iterationInTest.get(c.name) ?? 0;
      iterationInTest.set(c.name, n + 1);
      const info: ScenarioInfo = { name: c.name, executor: c.executor, exec: c.exec, startTime, env: c.env, tags: c.tags };
      const r = await vu.run({
        kind: 'iteration', exec: c.exec, scenario: info, iterationInTest: n, iterationInInstance: iterationInInstance++,
        progress: Math.min(1, (elapsed() - c.startMs) / Math.max(1, c.durationMs)),
        instance: {
          iterationsCompleted: run.iterationsCompleted, iterationsInterrupted: run.iterationsInterrupted,
          vusActive: activeVus(), vusInitialized: run.vus.length, currentTestRunDuration: elapsed(),
        },
        data: run.setupData,
      });
      run.recordIteration(r, { scenario: c.name, executor: c.executor, vu: vu.vuId, iteration: n });
      doneCounts.set(c.name, (doneCounts.get(c.name) ?? 0) + 1);
      if (r.abort) {
        stopScheduling = true;
        for (const v of allVus()) v.interrupt();
      }
      return r;
    };

    /** After the regular duration: wait for running iterations up to gracefulStop, then interrupt them. */
    const gracefulEnd = async (c: ScenarioConf, vus: VuHost[], running: Promise<unknown>[]): Promise<void> => {
      const deadline = run.startedAt + c.startMs + c.durationMs + c.gracefulStopMs;
      const all = Promise.all(running);
      const left = deadline - performance.now();
      const timedOut = await Promise.race([all.then(() => false), sleepMs(Math.max(0, left)).then(() => true)]);
      if (timedOut) {
        for (const v of vus) if (v.busy) v.interrupt();
        await all;
      }
    };

    const runScenario = async (c: ScenarioConf): Promise<void> => {
      await sleepMs(c.startMs);
      if (stopScheduling) return;
      const startTime = Date.now();
      const pool = pools.get(c.name)!;
      const regularEnd = (): boolean => stopScheduling || elapsed() >= c.startMs + c.durationMs;
      const r = c.raw;
      if (c.executor.endsWith('arrival-rate')) {
        const timeUnitMs = parseDurationMs(r.timeUnit, 1000);
        const stages: Stage[] = c.executor === 'constant-arrival-rate'
          ? [{ durationMs: c.durationMs, target: Number(r.rate) }] : stagesOf(r);
        const startRate = c.executor === 'constant-arrival-rate' ? Number(r.rate) : Number(r.startRate ?? 0);
        const maxVUs = Math.max(Number(r.maxVUs ?? r.preAllocatedVUs ?? 1), pool.length);
        const totalPlanned = arrivalsBy(startRate, stages, timeUnitMs, c.durationMs);
        let started = 0;
        let spawning = 0;
        let warned = false;
        const running: Promise<unknown>[] = [];
        while (!regularEnd()) {
          const t = elapsed() - c.startMs;
          const due = Math.min(Math.ceil(totalPlanned - 1e-9), Math.floor(arrivalsBy(startRate, stages, timeUnitMs, t) + 1e-9) + (startRate > 0 ? 1 : 0));
          while (started < due && !stopScheduling) {
            started++;
            const vu = pool.find((v) => !v.busy);
            if (vu) {
              running.push(runIteration(vu, c, startTime));
              continue;
            }
            run.addSamples([{ metric: 'dropped_iterations', type: 'counter', contains: 'default', value: 1, time: Date.now(), tags: { scenario: c.name } }]);
            if (pool.length + spawning < maxVUs) {
              spawning++;
              void run.spawnVu().then((v) => {
                spawning--;
                pool.push(v);
              }, () => {
                spawning--;
              });
            } else if (!warned) {
              warned = true;
              run.log({ level: 'warning', msg: `Insufficient VUs, reached ${pool.length} active VUs and cannot initialize more`, fields: { executor: c.executor, scenario: c.name }, time: Date.now() });
            }
          }
          await sleepMs(10);
        }
        await gracefulEnd(c, pool, running);
        return;
      }
      // VU-based executors
      const sharedTotal = c.executor === 'shared-iterations' ? Number(r.iterations ?? 1) : Infinity;
      const perVu = c.executor === 'per-vu-iterations' ? Number(r.iterations ?? 1) : Infinity;
      let sharedNext = 0;
      const stages = c.executor === 'ramping-vus' ? stagesOf(r) : [];
      const startVUs = Number(r.startVUs ?? 1);
      const loops = pool.map(async (vu, idx) => {
        let mine = 0;
        while (!regularEnd()) {
          if (c.executor === 'ramping-vus' && idx >= Math.round(stageValue(startVUs, stages, elapsed() - c.startMs))) {
            await sleepMs(20);
            continue;
          }
          if (c.executor === 'shared-iterations') {
            if (sharedNext >= sharedTotal) return;
            sharedNext++;
          }
          if (mine >= perVu) return;
          mine++;
          await runIteration(vu, c, startTime);
        }
      });
      const all = Promise.all(loops);
      const finishedEarly = await Promise.race([all.then(() => true), (async () => {
        while (!regularEnd()) await sleepMs(20);
        return false;
      })()]);
      if (!finishedEarly) await gracefulEnd(c, pool, [all]);
    };

    // progress lines (k6 non-TTY style) + vus gauges + abortOnFail thresholds, every second / 2 s
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks++;
      emitVus();
      if (!args.quiet) {
        const secs = (elapsed() / 1000).toFixed(1).padStart(4, '0');
        let text = `running (${secs}s), ${activeVus()}/${run.vus.length} VUs, ${run.iterationsCompleted} complete and ${run.iterationsInterrupted} interrupted iterations\n`;
        for (const c of confs) {
          const pct = Math.min(100, Math.max(0, Math.round(((elapsed() - c.startMs) / Math.max(1, c.durationMs)) * 100)));
          text += `${c.name.padEnd(14)} [ ${String(pct).padStart(3)}% ] ${(pools.get(c.name) ?? []).filter((v) => v.busy).length}/${(pools.get(c.name) ?? []).length} VUs  ${secs}s/${Math.round(c.durationMs / 1000)}s\n`;
        }
        out(`${text}\n`);
      }
      if (ticks % 2 === 0 && !thresholdAbort) {
        const bad = run.thresholdResults().filter((t) => !t.ok && t.abortOnFail && elapsed() >= t.delayAbortEvalMs);
        if (bad.length) {
          thresholdAbort = true;
          stopScheduling = true;
          run.logError(`thresholds on metrics '${[...new Set(bad.map((b) => b.metricKey))].join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`);
          for (const v of allVus()) v.interrupt();
        }
      }
    }, 1000);

    emitVus();
    if (setupOk) {
      await Promise.all(confs.map((c) => runScenario(c)));
      await run.teardown();
    }
    clearInterval(ticker);
    clearTimeout(hardTimer);
    run.endedAt = performance.now();
    emitVus();
    if (!args.quiet) {
      out(`running (${(run.durationMs() / 1000).toFixed(1)}s), 0/${run.vus.length} VUs, ${run.iterationsCompleted} complete and ${run.iterationsInterrupted} interrupted iterations\n`);
      for (const c of confs) out(`${c.name.padEnd(14)} ${doneCounts.has(c.name) ? '✓' : '✗'} [ 100% ] ${c.executor}\n`);
    }

    const thresholds = run.thresholdResults();
    const failedKeys = [...new Set(thresholds.filter((t) => !t.ok).map((t) => t.metricKey))];
    if (failedKeys.length && !thresholdAbort) run.logError(`thresholds on metrics '${failedKeys.join(', ')}' have been crossed`);
    const setupFailed = run.errors.some((e) => e.phase === 'setup');
    if (!setupFailed) {
      const data = run.summaryData();
      const outputs = await run.handleSummary(data);
      if (outputs) {
        if (typeof outputs.stdout === 'string') out(outputs.stdout);
        if (typeof outputs.stderr === 'string') err(outputs.stderr);
        TestRun.writeSummaryFiles(outputs, process.cwd(), (msg, fields) => run.logError(msg, fields));
      } else if (!args.quiet) {
        out(textSummary(data));
      }
      if (args.summaryExport) writeFileSync(resolve(args.summaryExport), JSON.stringify(toSummaryExport(data), null, 4));
    }
    await ndjson?.close();
    ndjson = null;
    let code = run.exitCode(thresholds);
    if (thresholdAbort) code = EXIT.THRESHOLDS_FAILED;
    return code;
  } finally {
    await ndjson?.close();
    await run.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** A short end-of-test summary for runs without handleSummary (k6 prints a much richer one). */
function textSummary(data: LegacySummaryData): string {
  let s = '\n  k6 test double summary (not k6\'s end-of-test summary)\n\n';
  for (const name of Object.keys(data.metrics).sort()) {
    const m = data.metrics[name]!;
    const vals = Object.entries(m.values).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(' ');
    s += `    ${name.padEnd(40, '.')}: ${vals}\n`;
    for (const [expr, r] of Object.entries(m.thresholds ?? {})) s += `      ${r.ok ? '✓' : '✗'} '${expr}'\n`;
  }
  return `${s}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'version' || cmd === '--version') {
    process.stdout.write(`${VERSION_LINE}\n`);
    return 0;
  }
  if (cmd === 'run') return cliRun(rest);
  process.stderr.write(`k6 test double: unsupported command "${cmd ?? ''}" (supported: version, run)\n`);
  return 255;
}
