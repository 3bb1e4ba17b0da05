// The k6 a run uses: K6_BIN, else a usable k6 (>= 1.6) on PATH, else the pinned release from the
// per-user cache, else that release downloaded, checked against its SHA-256, unpacked and installed
// into the cache (unless downloads are off). A failure leaves nothing in the cache and says which URL
// failed and why. Steps: release.ts (names), download.ts, verify.ts, unpack.ts, cache.ts, progress.ts.
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { judgeK6, K6_INSTALL_HINTS, readVersion, resolveK6, type K6Resolution } from '../binary.ts';
import { cacheRoot, discardStaging, findCached, installStaged, makeStaging, versionDir } from './cache.ts';
import { DownloadError, downloadTo, fetchText, makeDispatcher } from './download.ts';
import { makeProgress } from './progress.ts';
import { DEFAULT_K6_MIRROR, K6_RELEASE, mirrorBase, releaseFiles, type ReleaseFiles } from './release.ts';
import { UnpackError, unpackBinary } from './unpack.ts';
import { checksumProblem } from './verify.ts';

export interface ProvideOptions {
  env: Record<string, string | undefined>;
  /** false: AURORA_LOAD_K6_DOWNLOAD=0 or --no-download */
  download: boolean;
  /** progress redrawn in place (a terminal, not CI) */
  tty: boolean;
  /** one status line (no newline) */
  say: (line: string) => void;
  /** raw text for the progress display */
  write: (text: string) => void;
  platform?: NodeJS.Platform;
  arch?: string;
  home?: string;
}

const firstLine = (s: string): string => s.split('\n')[0]!;

function failure(files: ReleaseFiles, root: string, cause: string): K6Resolution {
  return {
    ok: false,
    message:
      `Could not install k6 v${files.version}: ${cause}\n` +
      `Nothing was installed in ${versionDir(root, files.version)}. Retry, set AURORA_LOAD_K6_MIRROR to a mirror of ${DEFAULT_K6_MIRROR}, ` +
      `or install k6 yourself (AURORA_LOAD_K6_DOWNLOAD=0 skips the download):\n${K6_INSTALL_HINTS}`,
  };
}

async function download(files: ReleaseFiles, root: string, o: ProvideOptions): Promise<K6Resolution> {
  const staging = await makeStaging(root, files.version);
  const dispatcher = makeDispatcher(files.archiveUrl, o.env);
  let ok = false;
  try {
    o.say(`k6: downloading the pinned k6 v${files.version} from ${files.archiveUrl}`);
    const sums = await fetchText(files.checksumsUrl, dispatcher, o.env);
    const progress = makeProgress('k6:', o.write, o.tty);
    const archive = join(staging, files.archive);
    const got = await downloadTo(files.archiveUrl, archive, dispatcher, o.env, (r, t) => progress.update(r, t));
    progress.done();
    const problem = checksumProblem(sums, files.archive, got.sha256);
    if (problem) return failure(files, root, `${files.archiveUrl}: ${problem} (from ${files.checksumsUrl})`);
    const staged = join(staging, files.version);
    try {
      await unpackBinary(
        archive,
        files.kind,
        files.binaryEntry,
        join(staging, 'unpack'),
        join(staged, files.binaryName),
      );
    } catch (err) {
      if (err instanceof UnpackError) return failure(files, root, `${files.archiveUrl}: ${err.message}`);
      throw err;
    }
    const judged = judgeK6(join(staged, files.binaryName), 'download', readVersion(join(staged, files.binaryName)));
    if (!judged.ok)
      return failure(
        files,
        root,
        `${files.archiveUrl}: the unpacked binary is not a usable k6: ${firstLine(judged.message)}`,
      );
    const path = await installStaged(root, files.version, staged, files.binaryName);
    ok = true;
    o.say(
      `k6: installed k6 v${files.version} (sha256 ${got.sha256.slice(0, 12)}…, ${got.bytes} bytes) in ${versionDir(root, files.version)}`,
    );
    return { ...judged, path };
  } catch (err) {
    if (err instanceof DownloadError) return failure(files, root, err.message);
    return failure(files, root, `${files.archiveUrl}: ${(err as Error).message}`);
  } finally {
    await dispatcher.close().catch(() => undefined);
    if (ok) await rm(staging, { recursive: true, force: true });
    else await discardStaging(root, staging);
  }
}

export async function provideK6(o: ProvideOptions): Promise<K6Resolution> {
  const found = resolveK6(o.env as NodeJS.ProcessEnv);
  // K6_BIN is an explicit choice: used or refused, never silently replaced.
  if (found.ok || o.env.K6_BIN?.trim()) return found;

  const platform = o.platform ?? process.platform;
  const release = releaseFiles(platform, o.arch ?? process.arch, mirrorBase(o.env), K6_RELEASE);
  if (!release.ok) return { ok: false, message: `${found.message}\n(${release.message})` };
  const files = release.files;
  const root = cacheRoot(o.env, platform, o.home ?? homedir());

  const cached = await findCached(root, files.version, files.binaryName);
  if (cached) {
    const judged = judgeK6(cached, 'cache', readVersion(cached));
    if (judged.ok) return judged;
    o.say(`k6: the cached ${cached} does not run (${firstLine(judged.message)}); replacing it`);
    if (o.download) await rm(versionDir(root, files.version), { recursive: true, force: true });
  }
  if (!o.download) {
    return {
      ok: false,
      message: `${found.message}\n(The download of the pinned k6 v${files.version} is off: AURORA_LOAD_K6_DOWNLOAD=0 or --no-download.)`,
    };
  }
  o.say(`k6: ${firstLine(found.message)}`);
  return download(files, root, o);
}
