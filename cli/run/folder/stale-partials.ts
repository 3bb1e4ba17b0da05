// Run folders left half-written by a run that died without cleaning up (SIGKILL, a power cut): their
// hidden working name `.<run>.partial-<pid>` names the dead process. The next run in the same place
// settles them with a message: what was collected is kept under a visible `<run>-incomplete` name
// (never under the run's final name, which promises a complete run), an empty one is removed.
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownerGone, processAlive } from '../../processes/liveness.ts';

export { ownerGone, processAlive };

const PARTIAL = /^\.(.+)\.partial-(\d+)$/;

export interface StalePartial {
  /** The hidden folder's name. */
  name: string;
  /** The run folder it was meant to become. */
  runName: string;
  pid: number;
}

/** Partial folders in `names` whose process is gone (pure but for isAlive). */
export function stalePartials(
  names: readonly string[],
  isAlive: (pid: number) => boolean,
  ownPid = process.pid,
): StalePartial[] {
  return names.flatMap((name) => {
    const m = PARTIAL.exec(name);
    if (!m) return [];
    const pid = Number(m[2]);
    return ownerGone(pid, isAlive, ownPid) ? [{ name, runName: m[1], pid }] : [];
  });
}

/** Settles the stale partial folders of `parentDir`; returns one line per folder for the terminal. */
export function settleStalePartials(parentDir: string, isAlive = processAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(parentDir);
  } catch {
    return []; // no such folder yet: nothing to settle
  }
  const lines: string[] = [];
  for (const stale of stalePartials(names, isAlive)) {
    const from = join(parentDir, stale.name);
    try {
      if (readdirSync(from).length === 0) {
        rmSync(from, { recursive: true, force: true });
        lines.push(`removed ${stale.name}: an empty run folder left by a run that died (pid ${stale.pid})`);
        continue;
      }
      let kept = `${stale.runName}-incomplete`;
      for (let n = 2; existsSync(join(parentDir, kept)); n++) kept = `${stale.runName}-incomplete-${n}`;
      writeFileSync(
        join(from, 'INCOMPLETE.txt'),
        `This run (process ${stale.pid}) died before it finished: no verdict, the files are what it had collected.\n`,
      );
      renameSync(from, join(parentDir, kept));
      lines.push(`a run that died (pid ${stale.pid}) left ${stale.name}; what it collected is kept in ${kept}/`);
    } catch (err) {
      lines.push(`could not settle ${stale.name} (left by pid ${stale.pid}): ${(err as Error).message}`);
    }
  }
  return lines;
}
