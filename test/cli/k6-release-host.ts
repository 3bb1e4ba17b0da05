// Test helpers for the k6 download: release archives built here, with the k6 test double packed as
// the "binary" (a small sh wrapper that runs it), and a local HTTP server on 127.0.0.1 posing as the
// release host (GitHub's /v<ver>/<file> layout) whose answers each test can change.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { create } from 'tar';
import { K6_RELEASE, releaseFiles, type ReleaseFiles } from '../../cli/k6/provision/release.ts';
import { DOUBLE_K6 as DOUBLE } from '../k6-double/pick-k6.ts';

export const VERSION = K6_RELEASE;

/** The release file names for a platform, with the host's base URL. */
export function filesFor(
  base: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ReleaseFiles {
  const r = releaseFiles(platform, arch, base);
  if (!r.ok) throw new Error(r.message);
  return r.files;
}

/** The "k6 binary" packed in test archives: runs the k6 test double with this Node. */
export const DOUBLE_WRAPPER = `#!/bin/sh\nexec "${process.execPath}" "${DOUBLE}" "$@"\n`;

/** A release archive holding `entries` (path -> content), built with the same libraries k6 users would need. */
export async function buildArchive(kind: 'tar.gz' | 'zip', entries: Record<string, string>): Promise<Buffer> {
  if (kind === 'zip') {
    const files = Object.fromEntries(Object.entries(entries).map(([p, c]) => [p, new TextEncoder().encode(c)]));
    return Buffer.from(zipSync(files));
  }
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-k6-archive-'));
  try {
    for (const [p, c] of Object.entries(entries)) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), c);
      chmodSync(join(dir, p), 0o755);
    }
    const out = join(dir, 'out.tar.gz');
    await create({ gzip: true, file: out, cwd: dir, portable: true }, Object.keys(entries));
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** A checksums file as k6 publishes it, with other platforms' lines around ours. */
export function checksumsFile(lines: Record<string, string>): string {
  return `${[
    `${'1'.repeat(64)}  k6-v${VERSION}-windows-amd64.zip`,
    ...Object.entries(lines).map(([f, s]) => `${s}  ${f}`),
    `${'2'.repeat(64)}  k6-v${VERSION}-macos-arm64.zip`,
  ].join('\n')}\n`;
}

export interface Route {
  status?: number;
  body?: Buffer | string;
  /** Send the headers with this Content-Length, then only part of the body, then cut the connection. */
  truncateAt?: number;
  /** Pause between 64 KB chunks, ms (to make downloads overlap). */
  chunkDelayMs?: number;
  redirectTo?: string;
}

export interface ReleaseHost {
  base: string;
  routes: Map<string, Route>;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A release host serving a good release for this machine, unless routes are changed. */
export async function startReleaseHost(): Promise<ReleaseHost> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').replace(/^https?:\/\/[^/]+/, '');
    requests.push(path);
    const r = routes.get(path);
    if (!r) {
      res.writeHead(404).end('Not Found');
      return;
    }
    if (r.redirectTo) {
      res.writeHead(302, { location: r.redirectTo }).end();
      return;
    }
    const body = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body ?? '');
    if ((r.status ?? 200) !== 200) {
      res.writeHead(r.status!).end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    const end = r.truncateAt ?? body.length;
    for (let i = 0; i < end; i += 65536) {
      await new Promise((ok) => res.write(body.subarray(i, Math.min(end, i + 65536)), ok));
      if (r.chunkDelayMs) await new Promise((ok) => setTimeout(ok, r.chunkDelayMs));
    }
    if (r.truncateAt !== undefined) res.socket?.destroy();
    else res.end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases`;
  return {
    base,
    routes,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Serves a good release (archive with the double + matching checksums) for this machine. */
export async function serveGoodRelease(
  host: ReleaseHost,
  entries?: Record<string, string>,
): Promise<{ files: ReleaseFiles; archive: Buffer }> {
  const files = filesFor(host.base);
  const archive = await buildArchive(
    files.kind,
    entries ?? { [files.binaryEntry]: DOUBLE_WRAPPER, [`k6-v${VERSION}-${files.os}-${files.arch}/README.md`]: 'k6\n' },
  );
  host.routes.set(`/releases/v${VERSION}/${files.archive}`, { body: archive });
  host.routes.set(`/releases/v${VERSION}/${files.checksums}`, {
    body: checksumsFile({ [files.archive]: sha256(archive) }),
  });
  return { files, archive };
}

/** Every file under a folder (relative paths); [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1))
      .sort();
  } catch {
    return [];
  }
}
