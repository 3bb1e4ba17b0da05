// The run folder: reports/<timestamp>-<env>-<scenario>-<profile>/ (or --out). It is written under a
// hidden temporary name next to its final place and renamed at the end, so a folder with the final
// name is always complete; single files are written to a temporary name and renamed too.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** "2026-05-08T14-03-22Z" (sortable, no colons so it is a valid file name everywhere). */
export function runStamp(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

export function runFolderName(d: Date, env: string, scenario: string, profile: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${runStamp(d)}-${safe(env)}-${safe(scenario)}-${safe(profile)}`;
}

export interface RunFolder {
  /** The final path (exists only after commit()). */
  finalDir: string;
  /** Where files go during the run. */
  workDir: string;
  /** Renames workDir to finalDir; returns finalDir. */
  commit(): string;
  /** Removes workDir: a run stopped before any load leaves no folder. */
  discard(): void;
}

const REASONS: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

/** Creates the working folder. Refuses an existing, non-empty final folder rather than mixing two runs. */
export function createRunFolder(finalDir: string): RunFolder {
  const final = resolve(finalDir);
  const workDir = join(dirname(final), `.${basename(final)}.partial-${process.pid}`);
  try {
    if (existsSync(final) && readdirSync(final).length > 0) {
      throw new Error(`${finalDir} already exists and is not empty; pick another --out`);
    }
    mkdirSync(dirname(final), { recursive: true });
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    // ENOTDIR, EEXIST (a file in the way), EACCES, EROFS...: name the folder and the fix, not node's call.
    throw new Error(
      `cannot create the run folder ${finalDir} (${code}: ${REASONS[code] ?? (err as Error).message}); pick a writable folder with --out`,
    );
  }
  return {
    finalDir: final,
    workDir,
    commit() {
      if (existsSync(final)) rmSync(final, { recursive: true, force: true }); // empty (checked above)
      renameSync(workDir, final);
      return final;
    },
    discard() {
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Writes a file atomically: a temporary sibling, then a rename. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomicSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
