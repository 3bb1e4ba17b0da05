// Temp folders owned by a process: named `<prefix><pid>-XXXXXX` after the process that made them (the
// CLI's scenario bundle, its local Prometheus' config and TSDB, the simulated operator's TestRun work
// folders). A process killed with SIGKILL cannot remove its own, so each start first sweeps the folders
// of its prefix whose owner is gone, by the same liveness rule as the run folders' `.partial-<pid>`
// (liveness.ts). A folder of a live owner is never touched.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownerGone, processAlive } from './liveness.ts';

const asLiteral = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Folders in `names` made with `prefix` by a process that is gone (pure but for isAlive). */
export function deadOwnersTemp(
  names: readonly string[],
  prefix: string,
  isAlive: (pid: number) => boolean,
  ownPid = process.pid,
): string[] {
  const owned = new RegExp(`^${asLiteral(prefix)}(\\d+)-[^-]+$`);
  return names.filter((name) => {
    const m = owned.exec(name);
    return m !== null && ownerGone(Number(m[1]), isAlive, ownPid);
  });
}

/** Removes the folders of `prefix` under `root` whose owner is gone; returns their names. */
export function sweepOwnedTemp(prefix: string, root = tmpdir(), isAlive = processAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return deadOwnersTemp(names, prefix, isAlive).filter((name) => {
    try {
      rmSync(join(root, name), { recursive: true, force: true });
      return true;
    } catch {
      return false; // another sweeper, or a file still held: the next start tries again
    }
  });
}

/**
 * A fresh `<root>/<prefix><pid>-XXXXXX` folder owned by this process, after sweeping the ones of the
 * same prefix that dead processes left. The caller still removes its own when done.
 */
export function ownedTempDir(prefix: string, root = tmpdir(), isAlive = processAlive): string {
  sweepOwnedTemp(prefix, root, isAlive);
  return mkdtempSync(join(root, `${prefix}${process.pid}-`));
}
