// Provisioning k6 on first use (cli/k6/provision/provide.ts) against a local release host: a good release is
// downloaded, verified, unpacked and cached, and the next run uses the cache with no network call;
// every failure ends with a message naming the URL and the cause, and nothing in the cache.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provideK6, type ProvideOptions } from '../../cli/k6/provision/provide.ts';
import {
  checksumsFile,
  DOUBLE_WRAPPER,
  filesUnder,
  serveGoodRelease,
  sha256,
  startReleaseHost,
  VERSION,
  type ReleaseHost,
} from './k6-release-host.ts';

let host: ReleaseHost;
let xdg: string;
const lines: string[] = [];

function options(extra: Partial<ProvideOptions> & { env?: Record<string, string | undefined> } = {}): ProvideOptions {
  return {
    download: true,
    tty: false,
    say: (l) => lines.push(l),
    write: (t) => lines.push(t),
    ...extra,
    env: { XDG_CACHE_HOME: xdg, AURORA_LOAD_K6_MIRROR: host.base, PATH: '/nonexistent-k6-free', ...extra.env },
  };
}

/** A closed port: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((ok) => s.once('listening', ok));
  const port = (s.address() as AddressInfo).port;
  await new Promise((ok) => s.close(ok));
  return port;
}

before(async () => {
  host = await startReleaseHost();
});
after(async () => {
  await host.close();
});
beforeEach(() => {
  xdg = mkdtempSync(join(tmpdir(), 'aurora-load-xdg-'));
  host.routes.clear();
  host.requests.length = 0;
  lines.length = 0;
});
afterEach(() => rmSync(xdg, { recursive: true, force: true }));

describe('a cold cache and a good release', () => {
  test('downloads, verifies and installs the pinned k6 into <cache>/aurora-load/k6/2.2.0, then uses the cache with no network call', async () => {
    const { files } = await serveGoodRelease(host);
    const r = await provideK6(options());
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.source, 'download');
    assert.equal(r.path, join(xdg, 'aurora-load/k6', VERSION, 'k6'));
    assert.match(r.version.raw, /k6 v2\.2\.0-double/);
    assert.deepEqual(filesUnder(xdg), [`aurora-load/k6/${VERSION}/k6`], 'one binary, no archive, no staging left');
    assert.equal(readFileSync(r.path, 'utf8'), DOUBLE_WRAPPER);
    assert.deepEqual(host.requests, [
      `/releases/v${VERSION}/${files.checksums}`,
      `/releases/v${VERSION}/${files.archive}`,
    ]);
    assert.ok(
      lines.some((l) => l.includes(files.archiveUrl)),
      'says where it downloads from',
    );
    assert.ok(
      lines.some((l) => /100%/.test(l)),
      'shows progress',
    );

    host.requests.length = 0;
    const port = await closedPort();
    const again = await provideK6(options({ env: { AURORA_LOAD_K6_MIRROR: `http://127.0.0.1:${port}` } }));
    assert.ok(again.ok && again.source === 'cache' && again.path === r.path);
    assert.deepEqual(host.requests, [], 'no network call');
    rmSync(xdg, { recursive: true, force: true });
  });

  test('follows a redirect, as GitHub answers with one to its file host', async () => {
    const { files } = await serveGoodRelease(host);
    const archivePath = `/releases/v${VERSION}/${files.archive}`;
    host.routes.set('/elsewhere/k6.tar.gz', host.routes.get(archivePath)!);
    host.routes.set(archivePath, { redirectTo: `${host.base.replace('/releases', '')}/elsewhere/k6.tar.gz` });
    const r = await provideK6(options());
    assert.ok(r.ok && r.source === 'download', r.ok ? '' : r.message);
    rmSync(xdg, { recursive: true, force: true });
  });
});

describe('every failure: exit-worthy message with the URL and the cause, nothing in the cache', () => {
  async function expectFailure(pattern: RegExp, opts: ProvideOptions = options()): Promise<string> {
    const r = await provideK6(opts);
    assert.equal(r.ok, false);
    const message = r.ok ? '' : r.message;
    assert.match(message, pattern);
    assert.match(message, /Could not install k6 v2\.2\.0/);
    assert.match(message, /brew install k6/, 'install hints follow');
    assert.deepEqual(filesUnder(xdg), [], 'no file left in the cache');
    assert.deepEqual(filesUnder(join(xdg, 'aurora-load')), []);
    assert.equal(readdirOrEmpty(xdg).length, 0, 'not even an empty cache folder');
    rmSync(xdg, { recursive: true, force: true });
    return message;
  }
  const readdirOrEmpty = (d: string): string[] => {
    try {
      return readdirSync(d);
    } catch {
      return [];
    }
  };

  test('checksum mismatch', async () => {
    const { files } = await serveGoodRelease(host);
    host.routes.set(`/releases/v${VERSION}/${files.checksums}`, {
      body: checksumsFile({ [files.archive]: sha256('another archive') }),
    });
    await expectFailure(
      new RegExp(
        `${files.archiveUrl.replace(/[.]/g, '\\.')}: checksum mismatch for ${files.archive.replace(/[.]/g, '\\.')}: expected sha256 ${sha256('another archive')}`,
      ),
    );
  });

  test('a checksums file without a line for this archive', async () => {
    const { files } = await serveGoodRelease(host);
    host.routes.set(`/releases/v${VERSION}/${files.checksums}`, { body: checksumsFile({}) });
    await expectFailure(/no line for k6-v2\.2\.0-/);
  });

  test('a truncated download (the connection ends before Content-Length)', async () => {
    const incompressible = `#${randomBytes(300_000).toString('base64')}\n`;
    const { files, archive } = await serveGoodRelease(host, {
      [`k6-v${VERSION}-linux-amd64/k6`]: DOUBLE_WRAPPER + incompressible,
    });
    host.routes.set(`/releases/v${VERSION}/${files.archive}`, {
      body: archive,
      truncateAt: Math.floor(archive.length / 2),
    });
    await expectFailure(new RegExp(`${files.archiveUrl.replace(/[.]/g, '\\.')}: download cut short`));
  });

  test('a corrupt archive whose checksum matches', async () => {
    const { files } = await serveGoodRelease(host);
    const junk = Buffer.from('this is not a gzip stream '.repeat(100));
    host.routes.set(`/releases/v${VERSION}/${files.archive}`, { body: junk });
    host.routes.set(`/releases/v${VERSION}/${files.checksums}`, {
      body: checksumsFile({ [files.archive]: sha256(junk) }),
    });
    await expectFailure(/: corrupt or truncated tar\.gz archive/);
  });

  test('an archive without a k6 binary', async () => {
    const { files } = await serveGoodRelease(host, { [`k6-v${VERSION}-linux-amd64/README.md`]: 'no binary here\n' });
    await expectFailure(new RegExp(`holds no ${files.binaryEntry.replace(/[.]/g, '\\.')}`));
  });

  test('a packed binary that does not run', async () => {
    await serveGoodRelease(host, { [`k6-v${VERSION}-linux-amd64/k6`]: '#!/bin/sh\nexit 3\n' });
    await expectFailure(/not a usable k6/);
  });

  test('HTTP 404 (no such release on the mirror)', async () => {
    const { files } = await serveGoodRelease(host);
    host.routes.delete(`/releases/v${VERSION}/${files.archive}`);
    await expectFailure(new RegExp(`${files.archiveUrl.replace(/[.]/g, '\\.')}: HTTP 404 Not Found`));
  });

  test('HTTP 5xx on the checksums file', async () => {
    const { files } = await serveGoodRelease(host);
    host.routes.set(`/releases/v${VERSION}/${files.checksums}`, { status: 503 });
    await expectFailure(new RegExp(`${files.checksumsUrl.replace(/[.]/g, '\\.')}: HTTP 503 Service Unavailable`));
  });

  test('a proxy that answers 502', async () => {
    await serveGoodRelease(host);
    // A proxy whose upstream is down: 502 to plain requests and to CONNECT tunnels alike.
    const proxy = createServer((_req, res) => res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway'));
    proxy.on('connect', (_req, socket) => socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    proxy.listen(0, '127.0.0.1');
    await new Promise((ok) => proxy.once('listening', ok));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const message = await expectFailure(
        /k6-v2\.2\.0-checksums\.txt: proxy error: the proxy answered HTTP 502 to CONNECT \(proxy http:\/\/127\.0\.0\.1:\d+\)/,
        options({ env: { HTTP_PROXY: proxyUrl } }),
      );
      assert.ok(message.includes(proxyUrl));
    } finally {
      proxy.closeAllConnections();
      await new Promise((ok) => proxy.close(ok));
    }
    assert.deepEqual(host.requests, [], 'nothing went around the proxy');
  });

  test('a proxy that refuses the connection', async () => {
    await serveGoodRelease(host);
    const port = await closedPort();
    await expectFailure(
      new RegExp(`connection refused \\(through the proxy http://127\\.0\\.0\\.1:${port}\\)`),
      options({ env: { HTTP_PROXY: `http://127.0.0.1:${port}` } }),
    );
  });

  test('no network (ECONNREFUSED on the mirror)', async () => {
    const port = await closedPort();
    await expectFailure(
      new RegExp(`http://127\\.0\\.0\\.1:${port}/v2\\.2\\.0/k6-v2\\.2\\.0-checksums\\.txt: connection refused`),
      options({ env: { AURORA_LOAD_K6_MIRROR: `http://127.0.0.1:${port}` } }),
    );
  });
});

describe('when not to download', () => {
  test("AURORA_LOAD_K6_DOWNLOAD=0 (or --no-download) gives today's install hints and makes no call", async () => {
    await serveGoodRelease(host);
    const r = await provideK6(options({ download: false }));
    assert.ok(!r.ok);
    assert.match(r.message, /No k6 found \(K6_BIN is unset and there is no k6 on PATH\)/);
    assert.match(r.message, /brew install k6/);
    assert.match(r.message, /download of the pinned k6 v2\.2\.0 is off: AURORA_LOAD_K6_DOWNLOAD=0 or --no-download/);
    assert.deepEqual(host.requests, []);
    assert.deepEqual(filesUnder(xdg), []);
    rmSync(xdg, { recursive: true, force: true });
  });

  test('a K6_BIN that does not work is an error, never replaced by a download', async () => {
    await serveGoodRelease(host);
    const r = await provideK6(options({ env: { K6_BIN: '/nonexistent/k6' } }));
    assert.ok(!r.ok && /K6_BIN=\/nonexistent\/k6 is not an executable file/.test(r.message));
    assert.deepEqual(host.requests, []);
    rmSync(xdg, { recursive: true, force: true });
  });

  test('a k6 older than 1.6 on PATH is passed over for the pinned release', async () => {
    await serveGoodRelease(host);
    const bin = mkdtempSync(join(tmpdir(), 'aurora-load-oldk6-'));
    writeFileSync(join(bin, 'k6'), '#!/bin/sh\necho "k6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)"\n', {
      mode: 0o755,
    });
    try {
      const r = await provideK6(options({ env: { PATH: bin } }));
      assert.ok(r.ok && r.source === 'download', r.ok ? '' : r.message);
      assert.ok(
        lines.some((l) => /k6 v1\.3\.0/.test(l)),
        'says why the PATH k6 was not used',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(xdg, { recursive: true, force: true });
    }
  });
});
