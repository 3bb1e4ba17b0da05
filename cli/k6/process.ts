// Runs `k6 run` as a child process. k6 draws its own progress on the inherited terminal; in CI mode
// its output is piped through a filter that drops terminal control codes. SIGINT/SIGTERM reaching the
// CLI are forwarded once each, so k6 stops gracefully (a second Ctrl-C makes k6 stop at once, as k6
// itself does). Past the run bound the CLI interrupts k6, then kills it.
import { spawn } from 'node:child_process';
import { Transform } from 'node:stream';
import { exited, signalGroup, track } from '../processes/children.ts';

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
}

/** The arguments of `k6 run` (pure). */
export function k6RunArgs(bundle: string, ndjsonPath: string, extra: readonly string[] = []): string[] {
  return ['run', '--out', `json=${ndjsonPath}`, ...extra, bundle];
}

// CSI/OSC sequences and bare carriage returns (progress bars redraw a line with \r).
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/** Removes terminal control codes; a line redrawn with \r keeps only its last version. */
export function stripControl(text: string): string {
  return text
    .replace(ANSI, '')
    .split('\n')
    .map((line) => {
      const parts = line.split('\r').filter((p) => p.length);
      return parts.length ? parts[parts.length - 1] : '';
    })
    .join('\n');
}

function plainFilter(): Transform {
  let carry = '';
  return new Transform({
    transform(chunk, _enc, done) {
      const text = carry + chunk.toString('utf8');
      const cut = text.lastIndexOf('\n');
      carry = cut < 0 ? text : text.slice(cut + 1);
      done(null, cut < 0 ? '' : stripControl(text.slice(0, cut + 1)));
    },
    flush(done) {
      done(null, carry ? `${stripControl(carry)}\n` : '');
    },
  });
}

export async function runK6(o: K6RunOptions): Promise<K6RunResult> {
  const child = spawn(o.k6Path, k6RunArgs(o.bundle, o.ndjsonPath, o.extraArgs), {
    cwd: o.cwd,
    env: { ...process.env, ...o.env, ...(o.plain ? { NO_COLOR: '1', K6_NO_COLOR: 'true' } : {}) },
    stdio: o.plain ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    // Its own process group: a terminal Ctrl-C reaches only the CLI, which forwards it once.
    detached: true,
  });
  track(child);
  if (o.plain) {
    child.stdout?.pipe(plainFilter()).pipe(process.stdout, { end: false });
    child.stderr?.pipe(plainFilter()).pipe(process.stderr, { end: false });
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
  return { exitCode: result.code, signal: result.signal, timedOut, interrupted };
}
