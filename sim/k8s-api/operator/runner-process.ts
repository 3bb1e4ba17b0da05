// One runner's k6 process: spawned in its own process group (so a stop reaches whatever it
// starts), stdout and stderr kept (bounded) as the pod's log, registered with an orphan guard so
// that it dies with the simulator however the simulator dies, stopped with SIGTERM then SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';

/** The most of a pod's log kept (the oldest part is dropped beyond it), as a kubelet rotates logs. */
const LOG_LIMIT = 2 * 1024 * 1024;

export interface ProcessGuard {
  watch(pid: number): void;
  forget(pid: number): void;
}

export interface RunnerProcess {
  readonly pid: number | undefined;
  /** The exit code once ended (a signal counts as 128 + its number, as a container runtime reports it). */
  readonly exitCode: number | undefined;
  log(): string;
  exited: Promise<number>;
  /** SIGTERM to its group, then SIGKILL after graceMs; resolves once it is gone. */
  stop(graceMs: number): Promise<void>;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function startRunnerProcess(opts: {
  bin: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  guard?: ProcessGuard;
}): RunnerProcess {
  let log = '';
  let exitCode: number | undefined;
  const append = (chunk: Buffer | string): void => {
    log += chunk.toString();
    if (log.length > LOG_LIMIT) log = log.slice(log.length - LOG_LIMIT);
  };
  const child: ChildProcess = spawn(opts.bin, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });
  const pid = child.pid;
  if (pid) opts.guard?.watch(pid);
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number>((resolve) => {
    child.once('error', (err) => {
      append(`exec ${opts.bin}: ${err.message}\n`);
      exitCode = 127;
      resolve(127);
    });
    child.once('close', (code, signal) => {
      if (pid) opts.guard?.forget(pid);
      exitCode ??= code ?? 128 + (SIGNALS[signal ?? ''] ?? 0);
      resolve(exitCode);
    });
  });
  const signal = (sig: NodeJS.Signals): void => {
    if (!pid || exitCode !== undefined) return;
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* gone */
      }
    }
  };
  return {
    pid,
    get exitCode() {
      return exitCode;
    },
    log: () => log,
    exited,
    async stop(graceMs) {
      if (exitCode !== undefined) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
