// k6 test double: the pieces of one test run shared by runBundle() (run-bundle.ts) and the k6
// binary stand-in (cli.ts): the setup VU (which also reads `options`), the pool of VUs, sample
// aggregation, groups/checks, k6-style log lines, setup/teardown/handleSummary and the exit code.
import { writeFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { VuHost, ScriptInitError } from './host/vu-host.ts';
import { MetricsEngine, type ThresholdResult } from './metrics/engine.ts';
import { GroupTree, buildSummaryData, type LegacySummaryData } from './metrics/summary.ts';
import type { LogEntry, RunResult, Sample, ScriptError, SegmentStrings } from './types.ts';
import { ownedPosition, type ExecutionTuple } from '../../lib/core/execution-segment.ts';

/** k6's exit codes (errext/exitcodes/codes.go) that the double can produce. */
export const EXIT = {
  OK: 0,
  THRESHOLDS_FAILED: 99,
  INVALID_CONFIG: 104,
  EXTERNAL_ABORT: 105,
  SCRIPT_EXCEPTION: 107,
} as const;

export interface RecordedError {
  phase: 'init' | 'setup' | 'iteration' | 'teardown' | 'handleSummary' | 'config';
  scenario?: string;
  vu?: number;
  iteration?: number;
  message: string;
  stack: string;
}

export interface TestRunOptions {
  bundlePath: string;
  env: Record<string, string>;
  /** `k6 run --tag`s: test-wide tags that replace the script's options.tags */
  runTags?: Record<string, string>;
  /** keep every sample in memory (runBundle); the CLI streams them instead */
  keepSamples?: boolean;
  onSamples?: (samples: Sample[]) => void;
  onLog?: (line: string, entry: LogEntry) => void;
  noColor?: boolean;
  /** the segment flags, as exec.test.options shows them (the CLI; runBundle runs the whole test) */
  segment?: SegmentStrings;
}

export class ConfigError extends Error {}

/** k6's logfmt console line. */
export function formatLogLine(entry: LogEntry): string {
  const q = (v: string): string => (/^[A-Za-z0-9_./:-]+$/.test(v) ? v : JSON.stringify(v));
  const time = new Date(entry.time).toISOString().replace(/\.\d+Z$/, 'Z');
  let line = `time="${time}" level=${entry.level} msg=${JSON.stringify(entry.msg)}`;
  for (const [k, v] of Object.entries(entry.fields ?? {})) line += ` ${k}=${q(v)}`;
  return line;
}

export class TestRun {
  readonly groups = new GroupTree();
  engine!: MetricsEngine;
  options: Record<string, unknown> = {};
  exports: string[] = [];
  readonly samples: Sample[] = [];
  readonly logs: LogEntry[] = [];
  readonly errors: RecordedError[] = [];
  readonly vus: VuHost[] = [];
  setupVu: VuHost | null = null;
  setupData: unknown = undefined;
  startedAt = 0;
  endedAt = 0;
  externallyAborted = false;
  iterationsCompleted = 0;
  iterationsInterrupted = 0;
  /** this instance's execution segment (null: the whole test); VUs' global ids follow it */
  tuple: ExecutionTuple | null = null;
  /** the consolidated segment strings for VUs spawned from now on */
  segment: SegmentStrings | undefined;
  private nextVuId = 1;
  private readonly pendingSamples: Sample[] = [];

  constructor(readonly opts: TestRunOptions) {
    this.segment = opts.segment;
  }

  private events = {
    onSamples: (samples: Sample[]) => this.addSamples(samples),
    onLog: (entry: LogEntry) => this.log(entry),
  };

  addSamples(samples: Sample[]): void {
    if (!this.engine) {
      this.pendingSamples.push(...samples);
      return;
    }
    this.engine.add(samples);
    for (const s of samples) {
      if (s.metric === 'checks' && s.tags.check !== undefined)
        this.groups.addCheck(s.tags.group ?? '', s.tags.check, s.value !== 0);
    }
    if (this.opts.keepSamples) for (const s of samples) this.samples.push(s);
    this.opts.onSamples?.(samples);
  }

  log(entry: LogEntry): void {
    this.logs.push(entry);
    this.opts.onLog?.(formatLogLine(entry), entry);
  }

  logError(msg: string, fields?: Record<string, string>): void {
    this.log({ level: 'error', msg, fields, time: Date.now() });
  }

  /** Spawns the setup VU (id 0), which evaluates the init context and reads `options`. */
  async init(): Promise<void> {
    try {
      this.setupVu = await VuHost.spawn({ ...this.hostOpts(), vuId: 0 });
    } catch (e) {
      if (e instanceof ScriptInitError) {
        this.recordError({ phase: 'init', ...e.scriptError });
        throw e;
      }
      throw e;
    }
    this.options = (this.setupVu.options ?? {}) as Record<string, unknown>;
    this.exports = this.setupVu.exports;
    try {
      this.engine = new MetricsEngine({
        thresholds: this.options.thresholds,
        summaryTrendStats: this.options.summaryTrendStats as string[] | undefined,
      });
    } catch (e) {
      throw new ConfigError((e as Error).message);
    }
    for (const [name, [type, contains]] of Object.entries(this.setupVu.declaredMetrics))
      this.engine.declare(name, type, contains);
    const problems = this.engine.validateThresholds();
    if (problems.length) throw new ConfigError(problems.join('\n'));
    if (this.pendingSamples.length) this.addSamples(this.pendingSamples.splice(0));
  }

  private hostOpts() {
    return {
      bundlePath: this.opts.bundlePath,
      env: this.opts.env,
      runTags: this.opts.runTags,
      insecureSkipTLSVerify: !!this.options.insecureSkipTLSVerify,
      events: this.events,
      segment: this.segment,
    };
  }

  /**
   * A new VU. Its exec.vu.idInTest is global, as k6's ExecutionState hands out VU ids: the k-th VU
   * of an instance gets the k-th position its segment owns in the striping of the sequence.
   */
  async spawnVu(): Promise<VuHost> {
    const vuId = this.nextVuId++;
    const vuIdGlobal = this.tuple ? ownedPosition(this.tuple, vuId - 1) + 1 : vuId;
    const vu = await VuHost.spawn({ ...this.hostOpts(), vuId, vuIdGlobal });
    this.vus.push(vu);
    return vu;
  }

  recordError(e: RecordedError): void {
    this.errors.push(e);
  }

  /** Records an iteration's result as k6 does (helpers.go getIterationRunner). */
  recordIteration(r: RunResult, ctx: { scenario: string; executor: string; vu: number; iteration: number }): void {
    if (r.interrupted) {
      this.iterationsInterrupted++;
      return;
    }
    if (r.error) {
      // k6 logs the exception with its stack trace and still counts a complete iteration
      this.logError(r.error.stack, { executor: ctx.executor, scenario: ctx.scenario, source: 'stacktrace' });
      this.recordError({
        phase: 'iteration',
        scenario: ctx.scenario,
        vu: ctx.vu,
        iteration: ctx.iteration,
        message: r.error.message,
        stack: r.error.stack,
      });
    }
    this.iterationsCompleted++;
  }

  async setup(): Promise<boolean> {
    if (!this.exports.includes('setup')) return true;
    const r = await this.setupVu!.run({ kind: 'setup' });
    if (r.error) {
      this.logError(r.error.stack, { hint: 'script exception' });
      this.recordError({ phase: 'setup', message: r.error.message, stack: r.error.stack });
      return false;
    }
    this.setupData = r.value;
    return true;
  }

  async teardown(): Promise<void> {
    if (!this.exports.includes('teardown')) return;
    const r = await this.setupVu!.run({ kind: 'teardown', data: this.setupData });
    if (r.error) {
      this.logError(r.error.stack, { hint: 'script exception' });
      this.recordError({ phase: 'teardown', message: r.error.message, stack: r.error.stack });
    }
  }

  durationMs(): number {
    return (this.endedAt || performance.now()) - this.startedAt;
  }

  summaryData(): LegacySummaryData {
    return buildSummaryData({
      engine: this.engine,
      groups: this.groups,
      testRunDurationMs: this.durationMs(),
      setupData: this.setupData,
      summaryTimeUnit: (this.options.summaryTimeUnit as string | undefined) ?? '',
      noColor: this.opts.noColor,
    });
  }

  thresholdResults(): ThresholdResult[] {
    return this.engine.evaluateThresholds(this.durationMs());
  }

  /** Calls handleSummary(data) if exported; returns its result (files by name, `stdout`, `stderr`). */
  async handleSummary(data: LegacySummaryData): Promise<Record<string, string | ArrayBuffer> | null> {
    if (!this.exports.includes('handleSummary')) return null;
    const r = await this.setupVu!.run({ kind: 'handleSummary', data });
    if (r.error) {
      this.logError(`failed to handle the end-of-test summary: ${r.error.stack}`);
      this.recordError({ phase: 'handleSummary', message: r.error.message, stack: r.error.stack });
      return null;
    }
    if (!r.value || typeof r.value !== 'object') {
      this.logError('handleSummary() must return an object (a map of file names or "stdout"/"stderr" to contents)');
      return null;
    }
    return r.value as Record<string, string | ArrayBuffer>;
  }

  /**
   * Writes handleSummary's files (relative paths against `dir`, k6's working directory), leaving
   * stdout/stderr to the caller. Like k6 (internal/cmd/run.go handleSummaryResult: OpenFile with
   * O_CREAT|O_TRUNC) no folder is created: a file whose folder is missing is not written, and the
   * failure goes to `onError` as k6's error log line (the exit code does not change).
   */
  static writeSummaryFiles(
    outputs: Record<string, string | ArrayBuffer>,
    dir: string,
    onError?: (msg: string, fields: Record<string, string>) => void,
  ): string[] {
    const written: string[] = [];
    const errors: string[] = [];
    for (const [name, content] of Object.entries(outputs)) {
      if (name === 'stdout' || name === 'stderr') continue;
      const path = isAbsolute(name) ? name : resolve(dir, name);
      try {
        writeFileSync(path, typeof content === 'string' ? content : Buffer.from(content));
        written.push(path);
      } catch (e) {
        errors.push(
          `\t- could not open '${name}': open ${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
        );
      }
    }
    if (errors.length) {
      const error = ['Could not save some summary information:', ...errors].join('\n');
      if (!onError) throw new Error(error);
      onError('failed to handle the end-of-test summary', { error });
    }
    return written;
  }

  exitCode(thresholds: ThresholdResult[]): number {
    if (this.errors.some((e) => e.phase === 'init' || e.phase === 'setup')) return EXIT.SCRIPT_EXCEPTION;
    if (this.externallyAborted) return EXIT.EXTERNAL_ABORT;
    if (thresholds.some((t) => !t.ok)) return EXIT.THRESHOLDS_FAILED;
    return EXIT.OK;
  }

  async close(): Promise<void> {
    const all = [...this.vus, ...(this.setupVu ? [this.setupVu] : [])];
    await Promise.all(all.map((v) => v.close()));
  }
}

export type { ScriptError };
