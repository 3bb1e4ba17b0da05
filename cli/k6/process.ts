// Runs `k6 run` as a child process. k6 draws its own progress on the inherited terminal; in CI mode
// its output is piped through a filter that drops terminal control codes and thins k6's progress
// blocks to one per 15 s (ci-output.ts). k6's log lines (stderr) always pass the error tap
// (k6-errors.ts): stack traces condensed, the first error remembered. SIGINT/SIGTERM reaching the
// CLI are forwarded once each, so k6 stops gracefully (a second Ctrl-C makes k6 stop at once, as k6
// itself does). Past the run bound the CLI interrupts k6, then kills it.
import { spawn } from 'node:child_process';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { K6ErrorTap } from './k6-errors.ts';
import { exited, signalGroup, track } from '../processes/children.ts';
import { ciFilter } from './ci-output.ts';

export { stripControl } from './ci-output.ts';

export interface K6RunOptions {
  k6Path: string;
  bundle: string;
  ndjsonPath: string;
  env: Record<string, string>;
  cwd: string;
  killAfterMs: number;
  /** Plain output: strip ANSI/CR so CI logs stay readable. */
  plain: boolean;
  /** More `k6 run` flags, e.g. `-o experimental-prometheus-rw --tag testid=<run id>`. */
  extraArgs?: string[];
  /** Called once the child runs, with a function that interrupts it (the CLI's signal handlers use it). */
  onStart?: (interrupt: (signal: NodeJS.Signals) => void) => void;
}

export interface K6RunResult {
  /** k6's exit code; null when it died from a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The run bound was reached and the CLI stopped k6. */
  timedOut: boolean;
  /** The CLI forwarded an interrupt (Ctrl-C / SIGTERM). */
  interrupted: boolean;
  /** The first error k6 printed, its stack trace condensed to the message and script line. */
  firstError?: string;
}

/** The arguments of `k6 run` (pure). */
export function k6RunArgs(bundle: string, ndjsonPath: string, extra: readonly string[] = []): string[] {
  return ['run', '--out', `json=${ndjsonPath}`, ...extra, bundle];
}

/**
 * k6's log output with stack traces condensed (k6-errors.ts); the tap remembers the first error. On a
 * terminal each line also erases what is left of the line it lands on (k6's progress bar), as k6
 * itself does when it writes logs to a terminal.
 */
function errorFilter(tap: K6ErrorTap, terminal: boolean): Transform {
  const shown = (text: string): string => (terminal ? text.replace(/\n/g, '\u001b[0K\n') : text);
  return new Transform({
    transform(chunk, _enc, done) {
      done(null, shown(tap.write(chunk.toString('utf8'))));
    },
    flush(done) {
      done(null, shown(tap.end()));
    },
  });
}

export async function runK6(o: K6RunOptions): Promise<K6RunResult> {
  const child = spawn(o.k6Path, k6RunArgs(o.bundle, o.ndjsonPath, o.extraArgs), {
    cwd: o.cwd,
    env: { ...process.env, ...o.env, ...(o.plain ? { NO_COLOR: '1', K6_NO_COLOR: 'true' } : {}) },
    // stderr (k6's log lines) always comes through the error tap; stdout (the progress) is k6's own.
    stdio: o.plain ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'pipe'],
    // Its own process group: a terminal Ctrl-C reaches only the CLI, which forwards it once.
    detached: true,
  });
  track(child);
  const tap = new K6ErrorTap();
  const logs = child.stderr?.pipe(errorFilter(tap, !o.plain && process.stderr.isTTY === true));
  const logsDone = logs ? finished(logs).catch(() => undefined) : Promise.resolve();
  if (o.plain) {
    child.stdout?.pipe(ciFilter()).pipe(process.stdout, { end: false });
    logs?.pipe(ciFilter()).pipe(process.stderr, { end: false });
  } else {
    logs?.pipe(process.stderr, { end: false });
  }
  let interrupted = false;
  let timedOut = false;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted = true;
    signalGroup(child, signal);
  };
  o.onStart?.(interrupt);

  // Past the bound: SIGINT (graceful), then SIGKILL 30 s later.
  let killTimer: NodeJS.Timeout | undefined;
  const boundTimer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`\nk6 ran past its bound of ${Math.round(o.killAfterMs / 1000)}s; stopping it.\n`);
    signalGroup(child, 'SIGINT');
    killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), 30_000);
  }, o.killAfterMs);

  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  }).finally(() => {
    clearTimeout(boundTimer);
    clearTimeout(killTimer);
  });
  await exited(child);
  await logsDone;
  return {
    exitCode: result.code,
    signal: result.signal,
    timedOut,
    interrupted,
    ...(tap.firstError ? { firstError: tap.firstError } : {}),
  };
}
