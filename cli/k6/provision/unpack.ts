// Takes the k6 binary out of a release archive with npm libraries (tar for .tar.gz, fflate for .zip;
// no tar/unzip processes), and only that one entry, so nothing else in the archive is written.
// A corrupt or truncated archive, or one without the binary, is an UnpackError.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { extract } from 'tar';

export class UnpackError extends Error {}

/** Pure: an entry path as the archive spells it, normalised ("./a/b" -> "a/b"). */
export const entryName = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');

async function fromTarGz(archive: string, entry: string, workDir: string): Promise<string> {
  await mkdir(workDir, { recursive: true });
  try {
    await extract({ file: archive, cwd: workDir, strict: true, filter: (p) => entryName(p) === entry });
  } catch (err) {
    throw new UnpackError(`corrupt or truncated tar.gz archive: ${(err as Error).message}`);
  }
  return join(workDir, entry);
}

async function fromZip(archive: string, entry: string, workDir: string): Promise<string> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(archive)), { filter: (f) => entryName(f.name) === entry });
  } catch (err) {
    throw new UnpackError(`corrupt or truncated zip archive: ${(err as Error).message}`);
  }
  const data = Object.values(files)[0];
  if (!data) throw new UnpackError(`the archive holds no ${entry}`);
  const out = join(workDir, entry);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, data);
  return out;
}

/** Unpacks `entry` from `archive` and moves it to `dest` (mode 755). */
export async function unpackBinary(
  archive: string,
  kind: 'tar.gz' | 'zip',
  entry: string,
  workDir: string,
  dest: string,
): Promise<void> {
  const out = kind === 'zip' ? await fromZip(archive, entry, workDir) : await fromTarGz(archive, entry, workDir);
  const st = await stat(out).catch(() => null);
  if (!st?.isFile()) throw new UnpackError(`the archive holds no ${entry}`);
  if (st.size === 0) throw new UnpackError(`${entry} in the archive is empty`);
  await mkdir(dirname(dest), { recursive: true });
  await rename(out, dest);
  await chmod(dest, 0o755);
}
