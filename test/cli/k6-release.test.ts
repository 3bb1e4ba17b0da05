// The pinned k6 release, pure parts: file names and URLs per platform, the mirror, the download
// switch, the cache folder per OS, checksums, NO_PROXY, progress lines; and unpacking both archive kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLoadArgs } from '../../cli/plan/args.ts';
import { helpText } from '../../cli/help.ts';
import { cacheRoot } from '../../cli/k6/provision/cache.ts';
import { noProxyMatches, proxyFor } from '../../cli/k6/provision/download.ts';
import { formatProgressLine, makeProgress, progressStep } from '../../cli/k6/provision/progress.ts';
import {
  DEFAULT_K6_MIRROR,
  downloadAllowed,
  K6_RELEASE,
  mirrorBase,
  releaseFiles,
} from '../../cli/k6/provision/release.ts';
import { UnpackError, unpackBinary } from '../../cli/k6/provision/unpack.ts';
import { checksumProblem, parseChecksums } from '../../cli/k6/provision/verify.ts';
import { buildArchive, sha256 } from './k6-release-host.ts';

test("the pinned release is 2.2.0 and its files are named as on k6's releases page", () => {
  assert.equal(K6_RELEASE, '2.2.0');
  const linux = releaseFiles('linux', 'x64', DEFAULT_K6_MIRROR);
  assert.ok(linux.ok);
  assert.deepEqual(linux.files, {
    version: '2.2.0',
    os: 'linux',
    arch: 'amd64',
    kind: 'tar.gz',
    binaryName: 'k6',
    archive: 'k6-v2.2.0-linux-amd64.tar.gz',
    checksums: 'k6-v2.2.0-checksums.txt',
    binaryEntry: 'k6-v2.2.0-linux-amd64/k6',
    archiveUrl: 'https://github.com/grafana/k6/releases/download/v2.2.0/k6-v2.2.0-linux-amd64.tar.gz',
    checksumsUrl: 'https://github.com/grafana/k6/releases/download/v2.2.0/k6-v2.2.0-checksums.txt',
  });
  const mac = releaseFiles('darwin', 'arm64', 'https://m');
  assert.ok(
    mac.ok && mac.files.archive === 'k6-v2.2.0-macos-arm64.zip' && mac.files.binaryEntry === 'k6-v2.2.0-macos-arm64/k6',
  );
  const win = releaseFiles('win32', 'x64', 'https://m');
  assert.ok(
    win.ok &&
      win.files.archive === 'k6-v2.2.0-windows-amd64.zip' &&
      win.files.binaryEntry === 'k6-v2.2.0-windows-amd64/k6.exe',
  );
  const odd = releaseFiles('freebsd', 'x64', 'https://m');
  assert.ok(!odd.ok && /freebsd\/x64/.test(odd.message));
  assert.ok(!releaseFiles('linux', 'ia32', 'https://m').ok);
});

test('AURORA_LOAD_K6_MIRROR replaces the base URL; AURORA_LOAD_K6_DOWNLOAD=0 or --no-download turn the download off', () => {
  assert.equal(mirrorBase({}), 'https://github.com/grafana/k6/releases/download');
  assert.equal(
    mirrorBase({ AURORA_LOAD_K6_MIRROR: 'https://artifacts.example.com/k6/' }),
    'https://artifacts.example.com/k6',
  );
  assert.equal(downloadAllowed({}), true);
  assert.equal(downloadAllowed({ AURORA_LOAD_K6_DOWNLOAD: '1' }), true);
  for (const off of ['0', 'false', 'no', 'OFF'])
    assert.equal(downloadAllowed({ AURORA_LOAD_K6_DOWNLOAD: off }), false, off);
  assert.equal(downloadAllowed({}, true), false);
});

test('the cache is per user and per OS, XDG_CACHE_HOME first', () => {
  assert.equal(cacheRoot({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/aurora-load');
  assert.equal(cacheRoot({}, 'linux', '/home/u'), '/home/u/.cache/aurora-load');
  assert.equal(cacheRoot({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/aurora-load');
  assert.equal(
    cacheRoot({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u'),
    join('C:/Users/u/AppData/Local', 'aurora-load'),
  );
});

test("checksums: the archive's own line decides; a missing line or another hash is named", () => {
  const text = `${'a'.repeat(64)}  k6-v2.2.0-linux-amd64.tar.gz\n${'B'.repeat(64)}  k6-v2.2.0-macos-arm64.zip\nnot a line\n`;
  assert.equal(parseChecksums(text).get('k6-v2.2.0-macos-arm64.zip'), 'b'.repeat(64));
  assert.equal(checksumProblem(text, 'k6-v2.2.0-linux-amd64.tar.gz', 'A'.repeat(64)), null);
  assert.match(
    checksumProblem(text, 'k6-v2.2.0-linux-amd64.tar.gz', 'c'.repeat(64))!,
    /checksum mismatch.*expected sha256 a{64}, got c{64}/,
  );
  assert.match(
    checksumProblem(text, 'k6-v2.2.0-linux-arm64.tar.gz', 'a'.repeat(64))!,
    /no line for k6-v2\.2\.0-linux-arm64\.tar\.gz/,
  );
});

test('proxies come from HTTP(S)_PROXY unless NO_PROXY exempts the host', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy:3128',
    http_proxy: 'http://p2:8080',
    NO_PROXY: 'localhost,.corp.example,mirror:8443',
  };
  assert.equal(proxyFor('https://github.com/x', env), 'http://proxy:3128');
  assert.equal(proxyFor('http://github.com/x', env), 'http://p2:8080');
  assert.equal(proxyFor('https://a.corp.example/x', env), undefined);
  assert.equal(proxyFor('https://mirror:8443/x', env), undefined);
  assert.equal(proxyFor('https://mirror:9443/x', env), 'http://proxy:3128');
  assert.equal(noProxyMatches('http://127.0.0.1:1/x', '*'), true);
  assert.equal(proxyFor('https://github.com/x', {}), undefined);
});

test('progress: a bar with bytes and rate on a terminal, one line per 10 % elsewhere', () => {
  assert.equal(
    formatProgressLine(5 * 1048576, 10 * 1048576, 2000, 10),
    '[#####-----]  50%  5.0 MB / 10.0 MB  2.5 MB/s',
  );
  assert.equal(formatProgressLine(2048, undefined, 1000), '2.0 KB  2.0 KB/s');
  assert.equal(progressStep(99, 100), 9);
  assert.equal(progressStep(100, 100), 10);

  const plain: string[] = [];
  let t = 0;
  const p = makeProgress(
    'k6:',
    (s) => plain.push(s),
    false,
    () => t,
  );
  for (let r = 0; r <= 1000; r += 7) {
    t += 1;
    p.update(r, 1000);
  }
  p.update(1000, 1000);
  p.done();
  assert.equal(plain.length, 11, plain.join(''));
  assert.ok(plain.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\x1b')));
  assert.match(plain[5]!, /^k6: +50% {2}/);
  assert.match(plain[10]!, /100% {2}1000 B \/ 1000 B/);

  const tty: string[] = [];
  t = 0;
  const q = makeProgress(
    'k6:',
    (s) => tty.push(s),
    true,
    () => t,
  );
  for (let r = 0; r <= 1000; r += 100) {
    t += 150;
    q.update(r, 1000);
  }
  q.done();
  assert.ok(tty.slice(0, -1).every((l) => l.startsWith('\r\x1b[2Kk6: [') && !l.includes('\n')));
  assert.match(tty.at(-2)!, /\[#{24}\] 100% {2}1000 B \/ 1000 B {2}\d.* B\/s$/);
  assert.equal(tty.at(-1), '\n');
});

test('unpacking takes only the k6 binary out of a tar.gz or a zip, and refuses archives without it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-unpack-'));
  try {
    for (const kind of ['tar.gz', 'zip'] as const) {
      const archive = join(dir, `a.${kind}`);
      writeFileSync(
        archive,
        await buildArchive(kind, {
          'k6-v2.2.0-x-amd64/k6': '#!/bin/sh\necho k6\n',
          'k6-v2.2.0-x-amd64/LICENSE.md': 'AGPL',
        }),
      );
      const dest = join(dir, kind, 'k6');
      await unpackBinary(archive, kind, 'k6-v2.2.0-x-amd64/k6', join(dir, `${kind}-work`), dest);
      assert.equal(readFileSync(dest, 'utf8'), '#!/bin/sh\necho k6\n');
      assert.equal(statSync(dest).mode & 0o777, 0o755);

      await assert.rejects(
        unpackBinary(archive, kind, 'k6-v2.2.0-x-amd64/k6.exe', join(dir, `${kind}-w2`), join(dir, 'x')),
        (e: Error) => e instanceof UnpackError && /holds no k6-v2\.2\.0-x-amd64\/k6\.exe/.test(e.message),
      );
      const bytes = readFileSync(archive);
      writeFileSync(archive, bytes.subarray(0, Math.floor(bytes.length / 2)));
      await assert.rejects(
        unpackBinary(archive, kind, 'k6-v2.2.0-x-amd64/k6', join(dir, `${kind}-w3`), join(dir, 'y')),
        (e: Error) => e instanceof UnpackError,
        `truncated ${kind}`,
      );
      writeFileSync(archive, Buffer.from(sha256('not an archive').repeat(20)));
      await assert.rejects(
        unpackBinary(archive, kind, 'k6-v2.2.0-x-amd64/k6', join(dir, `${kind}-w4`), join(dir, 'z')),
        (e: Error) => e instanceof UnpackError && /corrupt/.test(e.message),
        `corrupt ${kind}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--no-download is a flag of npm run load, and --help names it with the k6 variables', () => {
  const on = parseLoadArgs(['--no-download']);
  assert.ok(on.ok && on.args.noDownload === true);
  const off = parseLoadArgs([]);
  assert.ok(off.ok && off.args.noDownload === false);
  const help = helpText();
  for (const name of [
    '--no-download',
    'AURORA_LOAD_K6_MIRROR',
    'AURORA_LOAD_K6_DOWNLOAD',
    'k6 2.2.0',
    DEFAULT_K6_MIRROR,
  ])
    assert.ok(help.includes(name), name);
});
