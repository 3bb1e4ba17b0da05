// k6 TEST DOUBLE: the command line behind test/k6-double/bin/k6, a stand-in for the k6 binary in CLI
// tests (CI has no k6). It is NOT k6 and says so in `k6 version`.
//
//   k6 version
//   k6 run [--out json=<path>] [-o experimental-prometheus-rw] [--tag NAME=VALUE]... [--summary-export <path>]
//          [-e K=V]... [--quiet] [--no-color] [--paused] [--address host:port]
//          [--execution-segment(-sequence) ...] <bundle.js>
//
// `run` takes a REAL bundle (k6 modules external), re-bundles it with `k6*` mapped to the double's
// modules, and runs options.scenarios in wall-clock time with APPROXIMATE executors (the suite's:
// per-vu-iterations and the arrival-rate ones, which start iterations at the stage-interpolated rate
// up to maxVUs and count dropped_iterations otherwise); startTime, duration, stages, gracefulStop,
// exec, env and tags are honoured, and so are --execution-segment / --execution-segment-sequence (a
// share of VUs and iterations, global VU and iteration ids, as k6 splits them). It streams k6-shaped
// NDJSON (--out json), evaluates thresholds (abortOnFail with delayAbortEval, every 2 s), runs
// teardown and handleSummary, prints non-TTY progress lines, and exits like k6: 0, 99 (thresholds),
// 104 (invalid config), 105 (SIGINT/SIGTERM), 107 (script exception).
// It refuses to run past the scenarios' total duration + gracefulStop + a margin.
// --paused initialises the VUs and waits to be resumed; --address serves k6's REST API /v1/status
// (GET, and PATCH to resume or stop). Unlike k6, which listens on localhost:6565 by default, the
// double has no REST API unless --address is given. A stop through the REST API exits 105, as a signal.
// This file drives one run; the pieces are in cli/: run-args, rebundle, scenario-confs,
// executors, ndjson-out, text-summary; the remote-write output in outputs/prometheus-rw/.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, EXIT, TestRun } from './test-run.ts';
import { ScriptInitError, type VuHost } from './host/vu-host.ts';
import { toSummaryExport } from './metrics/summary.ts';
import { ownedTempDir } from '../../cli/processes/owned-temp.ts';
import { createExecutors } from './cli/executors.ts';
import { NdjsonOut } from './cli/ndjson-out.ts';
import { remoteWriteConfig } from './outputs/prometheus-rw/config.ts';
import { PrometheusRemoteWrite } from './outputs/prometheus-rw/output.ts';
import { rebundleForDouble } from './cli/rebundle.ts';
import { startRestApi, type RestApi } from './cli/rest-api.ts';
import { EXECUTION_STATUS, RunControl } from './cli/run-control.ts';
import { parseRunArgs } from './cli/run-args.ts';
import { scenarioConfs, scenarioVus, type ScenarioConf } from './cli/scenario-confs.ts';
import { flagStrings, resolveSegments, SegmentError } from './cli/segment-options.ts';
import { textSummary } from './cli/text-summary.ts';
import { DOUBLE_VERSION } from './runtime/user-agent.ts';
import type { Sample } from './types.ts';

const VERSION_LINE = `k6 ${DOUBLE_VERSION} (aurora-load k6 test double, not k6)`;
/** Extra time allowed past the scenarios' end + gracefulStop before the run is cut. */
const HARD_MARGIN_MS = 5000;

// ---- the run -----------------------------------------------------------------------------------------
export async function cliRun(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  const script = resolve(args.script);
  // Owned by this pid: a double killed with SIGKILL leaves it to the next run to sweep.
  const workDir = ownedTempDir('k6-double-run-');
  const bundlePath = join(workDir, 'bundle.mjs');
  const out = (s: string): void => void process.stdout.write(s);
  const err = (s: string): void => void process.stderr.write(s);
  const errLine = (msg: string): void =>
    err(`time="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}" level=error msg=${JSON.stringify(msg)}\n`);
  let segment: ReturnType<typeof flagStrings>;
  try {
    segment = flagStrings(args);
  } catch (e) {
    errLine((e as Error).message);
    rmSync(workDir, { recursive: true, force: true });
    return (e as SegmentError).exitCode;
  }
  try {
    await rebundleForDouble(script, bundlePath);
  } catch (e) {
    err(
      `time="${new Date().toISOString()}" level=error msg=${JSON.stringify(`could not load ${args.script}: ${(e as Error).message}`)}\n`,
    );
    rmSync(workDir, { recursive: true, force: true });
    return EXIT.SCRIPT_EXCEPTION;
  }
  let ndjson: NdjsonOut | null = null;
  let remoteWrite: PrometheusRemoteWrite | null = null;
  const run = new TestRun({
    bundlePath,
    env: { ...(process.env as Record<string, string>), ...args.env },
    runTags: args.tags,
    onLog: (line) => err(`${line}\n`),
    onSamples: (s) => {
      ndjson?.add(s);
      remoteWrite?.add(s);
    },
    noColor: args.noColor,
    segment,
  });

  let signalled = false;
  const sched = { stop: false };
  const control = new RunControl({
    paused: args.paused,
    onStop: () => {
      run.externallyAborted = true;
      sched.stop = true;
      for (const v of run.vus) v.interrupt();
    },
  });
  const onSignal = (sig: string): void => {
    if (signalled) {
      err('Aborting k6 in response to a second signal\n');
      process.exit(EXIT.EXTERNAL_ABORT);
    }
    signalled = true;
    run.log({ level: 'info', msg: `Stopping k6 in response to signal ${sig}...`, time: Date.now() });
    control.stop();
  };
  process.on('SIGINT', () => onSignal('interrupt'));
  process.on('SIGTERM', () => onSignal('terminated'));

  let restApi: RestApi | null = null;
  let confs: ScenarioConf[] = [];
  try {
    control.status = EXECUTION_STATUS.InitVUs;
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
    try {
      const segments = resolveSegments(args, run.options);
      run.tuple = segments.tuple;
      run.segment = segments.strings;
      confs = scenarioConfs(run.options, run.exports);
    } catch (e) {
      run.logError((e as Error).message);
      return e instanceof SegmentError ? e.exitCode : EXIT.INVALID_CONFIG;
    }
    if (args.outJson) ndjson = new NdjsonOut(resolve(args.outJson), run);
    if (args.outPrometheusRw) {
      try {
        remoteWrite = new PrometheusRemoteWrite(remoteWriteConfig(process.env), (entry) => run.log(entry));
      } catch (e) {
        run.logError(`could not create the 'experimental-prometheus-rw' output: ${(e as Error).message}`);
        return 255; // k6: an output it cannot create ends the run with its generic error code
      }
    }
    const outputs = [
      ...(args.outJson ? [`json (${args.outJson})`] : []),
      ...(remoteWrite ? [remoteWrite.description] : []),
    ];
    if (args.address) {
      try {
        restApi = await startRestApi(
          {
            control,
            vus: () => run.vus.filter((v) => v.busy).length,
            vusMax: () => run.vus.length,
            tainted: () => control.status >= EXECUTION_STATUS.Started && run.thresholdResults().some((t) => !t.ok),
            firstExecutor: () => ({
              type: confs[0]?.executor ?? 'shared-iterations',
              name: confs[0]?.name ?? 'default',
            }),
          },
          args.address,
        );
      } catch (e) {
        run.logError(`could not start the REST API at ${args.address}: ${(e as Error).message}`);
        return EXIT.INVALID_CONFIG;
      }
    }

    const maxEnd = Math.max(...confs.map((c) => c.startMs + c.durationMs + c.gracefulStopMs));
    const maxVusOf = (c: ScenarioConf): number => scenarioVus(c, run.tuple).max;
    if (!args.quiet) {
      const lines = confs.map(
        (c) => `              * ${c.name}: ${c.executor} (exec: ${c.exec}, gracefulStop: ${c.gracefulStopMs / 1000}s)`,
      );
      out(
        `\n  k6 TEST DOUBLE (${VERSION_LINE})\n\n     execution: local${run.segment?.executionSegment ? ` (segment ${run.segment.executionSegment})` : ''}\n        script: ${args.script}\n        output: ${outputs.join(', ') || '-'}\n\n` +
          `     scenarios: ${confs.length} scenario(s), ${confs.reduce((n, c) => n + maxVusOf(c), 0)} max VUs, ${Math.round(maxEnd / 1000)}s max duration (incl. graceful stop):\n${lines.join('\n')}\n\n`,
      );
    }

    // initialize the pre-allocated VUs of every scenario before the test starts, as k6 does
    const pools = new Map<string, VuHost[]>();
    for (const c of confs) {
      const n = scenarioVus(c, run.tuple).initial;
      const list: VuHost[] = [];
      for (let i = 0; i < n; i++) list.push(await run.spawnVu());
      pools.set(c.name, list);
    }
    control.status = EXECUTION_STATUS.InitDone;
    await control.waitUntilResumed();
    control.status = EXECUTION_STATUS.Started;

    run.startedAt = performance.now();
    const elapsed = (): number => performance.now() - run.startedAt;
    // k6 tags vus and vus_max with the test-wide tags (--tag, else options.tags) only.
    const runTags = Object.fromEntries(
      Object.entries((run.options.tags ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    const gaugeSample = (metric: string, value: number): Sample => ({
      metric,
      type: 'gauge',
      contains: 'default',
      value,
      time: Date.now(),
      tags: { ...runTags },
    });
    const activeVus = (): number => run.vus.filter((v) => v.busy).length;
    const emitVus = (): void =>
      run.addSamples([gaugeSample('vus', activeVus()), gaugeSample('vus_max', run.vus.length)]);

    // the hard bound: never past the options' total duration + gracefulStop + a margin
    const hardTimer = setTimeout(() => {
      sched.stop = true;
      run.logError(
        `the k6 test double stopped the run at its hard limit (${Math.round((maxEnd + HARD_MARGIN_MS) / 1000)}s)`,
      );
      for (const v of run.vus) v.interrupt();
    }, maxEnd + HARD_MARGIN_MS);

    control.status = EXECUTION_STATUS.Setup;
    const setupOk = !control.stopped && (await run.setup());
    control.status = EXECUTION_STATUS.Running;
    run.startedAt = performance.now();
    let thresholdAbort = false;
    const doneCounts = new Map<string, number>();
    const { runScenario } = createExecutors({ run, pools, sched, doneCounts, elapsed, tuple: run.tuple });

    // progress lines (k6 non-TTY style) + vus gauges + abortOnFail thresholds, every second / 2 s
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks++;
      emitVus();
      if (!args.quiet) {
        const secs = (elapsed() / 1000).toFixed(1).padStart(4, '0');
        let text = `running (${secs}s), ${activeVus()}/${run.vus.length} VUs, ${run.iterationsCompleted} complete and ${run.iterationsInterrupted} interrupted iterations\n`;
        for (const c of confs) {
          const pct = Math.min(
            100,
            Math.max(0, Math.round(((elapsed() - c.startMs) / Math.max(1, c.durationMs)) * 100)),
          );
          text += `${c.name.padEnd(14)} [ ${String(pct).padStart(3)}% ] ${(pools.get(c.name) ?? []).filter((v) => v.busy).length}/${(pools.get(c.name) ?? []).length} VUs  ${secs}s/${Math.round(c.durationMs / 1000)}s\n`;
        }
        out(`${text}\n`);
      }
      if (ticks % 2 === 0 && !thresholdAbort) {
        const bad = run.thresholdResults().filter((t) => !t.ok && t.abortOnFail && elapsed() >= t.delayAbortEvalMs);
        if (bad.length) {
          thresholdAbort = true;
          sched.stop = true;
          run.logError(
            `thresholds on metrics '${[...new Set(bad.map((b) => b.metricKey))].join(', ')}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
          );
          for (const v of run.vus) v.interrupt();
        }
      }
    }, 1000);

    emitVus();
    if (setupOk) {
      await Promise.all(confs.map((c) => runScenario(c)));
      control.status = EXECUTION_STATUS.Teardown;
      await run.teardown();
    }
    control.status = control.stopped ? EXECUTION_STATUS.Interrupted : EXECUTION_STATUS.Ended;
    clearInterval(ticker);
    clearTimeout(hardTimer);
    run.endedAt = performance.now();
    emitVus();
    if (!args.quiet) {
      out(
        `running (${(run.durationMs() / 1000).toFixed(1)}s), 0/${run.vus.length} VUs, ${run.iterationsCompleted} complete and ${run.iterationsInterrupted} interrupted iterations\n`,
      );
      for (const c of confs) out(`${c.name.padEnd(14)} ${doneCounts.has(c.name) ? '✓' : '✗'} [ 100% ] ${c.executor}\n`);
    }

    const thresholds = run.thresholdResults();
    const failedKeys = [...new Set(thresholds.filter((t) => !t.ok).map((t) => t.metricKey))];
    if (failedKeys.length && !thresholdAbort)
      run.logError(`thresholds on metrics '${failedKeys.join(', ')}' have been crossed`);
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
      if (args.summaryExport)
        writeFileSync(resolve(args.summaryExport), JSON.stringify(toSummaryExport(data), null, 4));
    }
    await ndjson?.close();
    ndjson = null;
    await remoteWrite?.close();
    let code = run.exitCode(thresholds);
    if (thresholdAbort) code = EXIT.THRESHOLDS_FAILED;
    return code;
  } finally {
    await restApi?.close();
    await ndjson?.close();
    await remoteWrite?.close();
    await run.close();
    rmSync(workDir, { recursive: true, force: true });
  }
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
