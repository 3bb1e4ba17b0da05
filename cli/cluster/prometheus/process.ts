// A real Prometheus for a local run: a temporary TSDB and config, a free loopback port, scraping the
// simulator's /metrics. Tracked with the other children (cli/children.ts), so every way out of the
// run stops it; stop() also removes its temporary folder.
import { spawn } from 'node:child_process';
import { createWriteStream, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ownedTempDir, stop as stopChild, track } from '../../processes/index.ts';
import { prometheusArgs, prometheusConfig, type ScrapeTarget } from './config.ts';

export interface PrometheusHandle {
  /** http://127.0.0.1:<port>: the query API and the remote-write receiver (/api/v1/write). */
  url: string;
  pid: number;
  /** Its temporary folder (config and TSDB), removed by stop(). */
  dir: string;
  stop(): Promise<void>;
}

export interface PrometheusStartOptions {
  binary: string;
  targets: ScrapeTarget[];
  /** Where its own output goes. */
  logPath: string;
  readyTimeoutMs?: number;
}

async function waitReady(url: string, timeoutMs: number, exited: () => string | null): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`prometheus exited before it was ready (${gone})`);
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error(`prometheus was not ready within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Ready is not scraping yet: Prometheus hands targets to its scrape pool at most every 5 s, so the
 * run waits for the first scrape of every target (else the first seconds of the load are lost).
 */
async function waitScraped(
  url: string,
  targets: number,
  timeoutMs: number,
  exited: () => string | null,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const gone = exited();
    if (gone) throw new Error(`prometheus exited (${gone})`);
    try {
      const res = await fetch(`${url}/api/v1/targets?state=active`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { data?: { activeTargets?: { health?: string; lastError?: string }[] } };
      const active = body.data?.activeTargets ?? [];
      if (active.length >= targets && active.every((t) => t.health === 'up')) return;
      const down = active.find((t) => t.health === 'down');
      if (Date.now() > end)
        throw new Error(
          `prometheus did not scrape its targets within ${timeoutMs / 1000}s${down?.lastError ? `: ${down.lastError}` : ''}`,
        );
    } catch (err) {
      if (Date.now() > end) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startPrometheus(o: PrometheusStartOptions): Promise<PrometheusHandle> {
  // Owned by this pid: the orphan guard stops a dead CLI's Prometheus, the next start sweeps its TSDB.
  const dir = ownedTempDir('aurora-load-prometheus-');
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, prometheusConfig(o.targets));
  const port = await freePort();
  const log = createWriteStream(o.logPath, { flags: 'a' });
  const child = spawn(o.binary, prometheusArgs({ configFile, dataDir: join(dir, 'data'), port }), {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let exitedWith: string | null = null;
  child.once('exit', (code, signal) => {
    exitedWith = signal ?? `code ${code}`;
  });
  let spawnError: Error | null = null;
  child.once('error', (err) => {
    spawnError = err;
    exitedWith = err.message;
  });
  const cleanup = async (): Promise<void> => {
    await stopChild(child, 3000);
    await new Promise<void>((r) => log.end(r));
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url, o.readyTimeoutMs ?? 20_000, () => exitedWith);
    if (o.targets.length > 0) await waitScraped(url, o.targets.length, o.readyTimeoutMs ?? 20_000, () => exitedWith);
  } catch (err) {
    await cleanup();
    throw spawnError ?? err;
  }
  let stopping: Promise<void> | undefined;
  return { url, pid: child.pid ?? -1, dir, stop: () => (stopping ??= cleanup()) };
}
