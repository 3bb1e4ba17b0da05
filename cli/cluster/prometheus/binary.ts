// Finds a `prometheus` binary for local runs: PROMETHEUS_BIN, else PATH. Pure apart from the file
// checks; the hint says once what is missing without it and how to install it.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type PrometheusBinary =
  | { ok: true; path: string; source: 'PROMETHEUS_BIN' | 'PATH' }
  | { ok: false; message: string };

export const PROMETHEUS_INSTALL_HINT = [
  'Install it to get them: Debian/Ubuntu `sudo apt-get install prometheus`, macOS `brew install prometheus`,',
  'or name a binary (2.40 or newer) in PROMETHEUS_BIN. The run goes on without it.',
].join('\n  ');

/** Panels a local run lacks without Prometheus (restarts and OOMKilled still come from the Kubernetes API). */
export const PANELS_WITHOUT_PROMETHEUS =
  'CPU % of request, memory % of limit, Celery queue length, DB connections and Redis memory';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function resolvePrometheus(env: NodeJS.ProcessEnv): PrometheusBinary {
  const named = env.PROMETHEUS_BIN;
  if (named) {
    return executable(named)
      ? { ok: true, path: named, source: 'PROMETHEUS_BIN' }
      : { ok: false, message: `PROMETHEUS_BIN=${named} is not an executable file.\n  ${PROMETHEUS_INSTALL_HINT}` };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'prometheus');
    if (executable(candidate)) return { ok: true, path: candidate, source: 'PATH' };
  }
  return {
    ok: false,
    message: `No prometheus on PATH: ${PANELS_WITHOUT_PROMETHEUS} are not evaluated in this run.\n  ${PROMETHEUS_INSTALL_HINT}`,
  };
}
