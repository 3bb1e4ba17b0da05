// The per-user cache that holds downloaded k6 binaries: <cache>/aurora-load/k6/<version>/k6[.exe].
// <cache> is $XDG_CACHE_HOME when set, else ~/Library/Caches (macOS), %LOCALAPPDATA% (Windows) or
// ~/.cache. A version folder appears only whole, by one rename of a staged folder, so a reader sees
// a complete binary or none; staging folders (".staging-*") live beside it and never outlive a run.
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Pure: the folder of aurora-load's cache for this user. */
export function cacheRoot(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string): string {
  const xdg = env.XDG_CACHE_HOME?.trim();
  if (xdg) return join(xdg, 'aurora-load');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'aurora-load');
  if (platform === 'win32') return join(env.LOCALAPPDATA?.trim() || join(home, 'AppData', 'Local'), 'aurora-load');
  return join(home, '.cache', 'aurora-load');
}

export const k6CacheDir = (root: string): string => join(root, 'k6');
export const versionDir = (root: string, version: string): string => join(k6CacheDir(root), version);
export const cachedBinary = (root: string, version: string, binaryName: string): string =>
  join(versionDir(root, version), binaryName);

/** The cached binary when it is there and executable (no network, no spawn), else null. */
export async function findCached(root: string, version: string, binaryName: string): Promise<string | null> {
  const path = cachedBinary(root, version, binaryName);
  try {
    await access(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

/** A fresh staging folder inside the cache (same file system as the final folder, so rename is atomic). */
export async function makeStaging(root: string, version: string): Promise<string> {
  const parent = k6CacheDir(root);
  for (let attempt = 0; ; attempt++) {
    await mkdir(parent, { recursive: true });
    try {
      return await mkdtemp(join(parent, `.staging-${version}-`));
    } catch (err) {
      // Another run's cleanup may remove the empty parent between mkdir and mkdtemp.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
    }
  }
}

/**
 * Moves `stagedVersionDir` (holding only the binary) to <root>/k6/<version> in one rename. When a
 * concurrent run got there first, its complete folder stays and ours is dropped. Returns the binary.
 */
export async function installStaged(
  root: string,
  version: string,
  stagedVersionDir: string,
  binaryName: string,
): Promise<string> {
  const final = versionDir(root, version);
  try {
    await rename(stagedVersionDir, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const lostRace = code === 'EEXIST' || code === 'ENOTEMPTY' || code === 'EPERM' || code === 'EACCES';
    if (!lostRace || !(await findCached(root, version, binaryName))) throw err;
  }
  return cachedBinary(root, version, binaryName);
}

/** Removes a staging folder, then the cache folders a failed run leaves empty (never a non-empty one). */
export async function discardStaging(root: string, staging: string): Promise<void> {
  await rm(staging, { recursive: true, force: true });
  for (const dir of [k6CacheDir(root), root]) {
    try {
      await rmdir(dir);
    } catch {
      return; // not empty (another version, another run) or already gone
    }
  }
}
