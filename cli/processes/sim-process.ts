// Starts the local simulator as a child process (`tsx sim/main.ts`) for `--env local`, waits for its
// one JSON "ready" line on stdout, and hands back its URLs and kubeconfig. The child is tracked
// (children.ts) so every exit path stops it; it also holds a pipe on the simulator's stdin, whose
// closing (the CLI died, even by SIGKILL) makes the simulator stop itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { stop, track } from './children.ts';

export interface SimReady {
  url: string;
  wsUrl: string;
  k8sUrl: string;
  /** The simulator's exporters (GET /metrics); '' from a simulator without them. */
  metricsUrl: string;
  kubeconfig: string;
  namespace: string;
}

export interface SimHandle extends SimReady {
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SimStartOptions {
  root: string;
  timeScale: number;
  seed: number;
  faults: string[];
  /** The internal API secret the simulator must accept (passed as INTERNAL_API_SECRET). */
  secret: string;
  /** Flask-Limiter on, e.g. '500/hour' (sim --rate-limit). */
  rateLimit?: string;
  /** RATE_LIMIT_BYPASS_TOKEN for the simulator's limiter (passed in its environment, never on its command line). */
  rateLimitBypass?: string;
  /** Where the simulator's own output goes. */
  logPath: string;
  /** The k6 the simulated k6-operator runs for a TestRun's runners (sim --k6-bin); distributed runs only. */
  k6Binary?: string;
  readyTimeoutMs?: number;
}

/** The simulator's command line (pure, for tests and --dry-run). */
export function simArgs(
  o: Pick<SimStartOptions, 'timeScale' | 'seed' | 'faults' | 'rateLimit' | 'k6Binary'>,
): string[] {
  return [
    'sim/main.ts',
    '--port',
    '0',
    '--k8s-port',
    '0',
    '--metrics-port',
    '0',
    '--time-scale',
    String(o.timeScale),
    '--seed',
    String(o.seed),
    ...o.faults.flatMap((f) => ['--fault', f]),
    ...(o.rateLimit ? ['--rate-limit', o.rateLimit] : []),
    ...(o.k6Binary ? ['--k6-bin', o.k6Binary] : []),
  ];
}

/** Reads the ready line: {"ready":true,"url","wsUrl","k8sUrl","metricsUrl","kubeconfig","namespace"}; null otherwise. */
export function parseReadyLine(line: string): SimReady | null {
  if (!line.trimStart().startsWith('{')) return null;
  try {
    const v = JSON.parse(line) as Partial<SimReady> & { ready?: boolean };
    if (v.ready !== true || typeof v.url !== 'string') return null;
    return {
      url: v.url,
      wsUrl: v.wsUrl ?? v.url.replace(/^http/, 'ws'),
      k8sUrl: v.k8sUrl ?? '',
      metricsUrl: v.metricsUrl ?? '',
      kubeconfig: v.kubeconfig ?? '',
      namespace: v.namespace ?? 'aurora',
    };
  } catch {
    return null;
  }
}

export async function spawnSimulator(o: SimStartOptions): Promise<SimHandle> {
  const log = createWriteStream(o.logPath, { flags: 'a' });
  // node --import tsx: one process (no npx/tsx wrapper), so stopping it leaves nothing behind.
  const child = spawn(process.execPath, ['--import', 'tsx', ...simArgs(o)], {
    cwd: o.root,
    env: {
      ...process.env,
      INTERNAL_API_SECRET: o.secret,
      AURORA_SIM_EXIT_WITH_STDIN: '1',
      ...(o.rateLimitBypass ? { RATE_LIMIT_BYPASS_TOKEN: o.rateLimitBypass } : {}),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  // Never written to, never ended by the CLI: only the CLI's death closes it. Not a reason to stay alive.
  child.stdin?.on('error', () => {});
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.stderr?.pipe(log, { end: false });
  // Its last words, for the error when it exits before it is ready (e.g. crash= naming no pod).
  let lastError = '';
  child.stderr?.on('data', (d: Buffer) => {
    const line = d
      .toString()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('aurora-sim: '))
      .pop();
    if (line) lastError = line.slice('aurora-sim: '.length);
  });

  const ready = await new Promise<SimReady>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the simulator was not ready within ${(o.readyTimeoutMs ?? 30_000) / 1000}s (its log: ${o.logPath})`,
          ),
        ),
      o.readyTimeoutMs ?? 30_000,
    );
    let found = false;
    lines.on('line', (line) => {
      if (!found) {
        const r = parseReadyLine(line);
        if (r) {
          found = true;
          clearTimeout(timer);
          resolve(r);
          return;
        }
      }
      log.write(`${line}\n`);
    });
    child.once('close', (code, signal) => {
      // 'close': its stderr is read to the end
      clearTimeout(timer);
      if (!found)
        reject(
          new Error(
            `the simulator exited before it was ready (${signal ?? `code ${code}`})${lastError ? `: ${lastError}` : ''}; its log: ${o.logPath}`,
          ),
        );
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start the simulator: ${err.message}`));
    });
  }).catch(async (err) => {
    await stop(child, 2000);
    log.end();
    throw err;
  });

  return {
    ...ready,
    child,
    async stop() {
      await stop(child, 5000);
      await new Promise<void>((r) => log.end(r));
    },
  };
}

export const SIM_LOG = 'sim.log';
export const simLogPath = (runDir: string) => join(runDir, SIM_LOG);
