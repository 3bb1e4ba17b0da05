// k6 on first run, end to end: `npm run load` with no k6 anywhere downloads the pinned release from a
// local release host (AURORA_LOAD_K6_MIRROR), caches it and completes a smoke run against the
// simulator; the next run uses the cache; a wrong checksum is exit 2 with an empty cache; two cold
// starts at once both succeed with one binary in the cache; `npm run k6 -- <args>` runs that binary.
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tmpdir } from 'node:os';
import { provideK6 } from '../../cli/k6/provision/provide.ts';
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
import { FAST_ENV, ROOT, runCli, tempDir, type CliResult } from './load-helpers.ts';

/** PATH without any folder holding a k6, so only the download can provide one. */
const PATH_WITHOUT_K6 = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => d && !existsSync(join(d, 'k6')))
  .join(delimiter);

let host: ReleaseHost;
let xdg: string;
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
});
afterEach(() => rmSync(xdg, { recursive: true, force: true }));

const noK6Env = (): Record<string, string> => ({
  K6_BIN: '',
  PATH: PATH_WITHOUT_K6,
  XDG_CACHE_HOME: xdg,
  AURORA_LOAD_K6_MIRROR: host.base,
});
const archiveRequests = (): number => host.requests.filter((p) => p.endsWith('.tar.gz') || p.endsWith('.zip')).length;

/** `npm run k6 -- <args>` as npm runs it (tsx cli/k6-run.ts), one process. */
function runK6Script(args: string[], env: Record<string, string>): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/k6-run.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((ok) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    }),
  );
}

describe('npm run load with no k6 installed', { timeout: 300_000 }, () => {
  test('downloads, verifies, caches and completes the smoke run; the second run uses the cache; a wrong checksum is exit 2', async () => {
    const { files } = await serveGoodRelease(host);
    const out = tempDir('k6dl-run');
    try {
      const first = await runCli(
        ['--env', FAST_ENV, '--scenario', 'smoke', '--profile', 'smoke', '--out', join(out, 'first'), '--ci'],
        noK6Env(),
      );
      assert.equal(first.code, 0, first.stderr);
      assert.ok(first.stderr.includes(`downloading the pinned k6 v${VERSION} from ${files.archiveUrl}`), first.stderr);
      assert.match(first.stderr, /k6: +100%/, 'progress, one line per 10 % in CI');
      assert.match(first.stderr, /k6: k6 v2\.2\.0-double .*\(download\)/);
      assert.ok(existsSync(join(out, 'first', 'verdict.json')));
      assert.deepEqual(filesUnder(xdg), [`aurora-load/k6/${VERSION}/k6`]);
      assert.equal(archiveRequests(), 1);

      const requestsBefore = host.requests.length;
      const second = await runCli(
        ['--env', FAST_ENV, '--scenario', 'smoke', '--profile', 'smoke', '--out', join(out, 'second'), '--ci'],
        noK6Env(),
      );
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stderr, /k6: k6 v2\.2\.0-double .*\(cache\)/);
      assert.doesNotMatch(second.stderr, /downloading/);
      assert.equal(host.requests.length, requestsBefore, 'no network call on the second run');

      rmSync(xdg, { recursive: true, force: true });
      host.routes.set(`/releases/v${VERSION}/${files.checksums}`, {
        body: checksumsFile({ [files.archive]: sha256('tampered') }),
      });
      const tampered = await runCli(
        ['--env', FAST_ENV, '--scenario', 'smoke', '--profile', 'smoke', '--out', join(out, 'third'), '--ci'],
        noK6Env(),
      );
      assert.equal(tampered.code, 2, tampered.stderr);
      assert.ok(
        tampered.stderr.includes(`${files.archiveUrl}: checksum mismatch for ${files.archive}`),
        tampered.stderr,
      );
      assert.deepEqual(filesUnder(xdg), [], 'an empty cache');
      assert.equal(existsSync(join(out, 'third')), false, 'no run folder either');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('--no-download (and AURORA_LOAD_K6_DOWNLOAD=0) stop with exit 2 and the install hints, with no network call', async () => {
    await serveGoodRelease(host);
    for (const [args, env] of [
      [['--no-download'], {}],
      [[], { AURORA_LOAD_K6_DOWNLOAD: '0' }],
    ] as const) {
      const r = await runCli(['--env', FAST_ENV, '--scenario', 'smoke', '--profile', 'smoke', ...args], {
        ...noK6Env(),
        ...env,
      });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /No k6 found/);
      assert.match(r.stderr, /brew install k6/);
      assert.match(r.stderr, /download of the pinned k6 v2\.2\.0 is off/);
    }
    assert.deepEqual(host.requests, []);
    assert.deepEqual(filesUnder(xdg), []);
  });
});

describe('two cold starts at once', { timeout: 120_000 }, () => {
  test('in one process: both downloads finish, one wins the rename, both get the one cached binary', async () => {
    const padding = `#${randomBytes(400_000).toString('base64')}\n`;
    const { files } = await serveGoodRelease(host, { [`k6-v${VERSION}-linux-amd64/k6`]: DOUBLE_WRAPPER + padding });
    host.routes.get(`/releases/v${VERSION}/${files.archive}`)!.chunkDelayMs = 20;
    const opts = { env: noK6Env(), download: true, tty: false, say: () => undefined, write: () => undefined };
    const [a, b] = await Promise.all([provideK6(opts), provideK6(opts)]);
    assert.ok(a.ok && b.ok, JSON.stringify([a, b]));
    assert.equal(a.path, b.path);
    assert.equal(archiveRequests(), 2, 'both really downloaded');
    assert.deepEqual(filesUnder(xdg), [`aurora-load/k6/${VERSION}/k6`]);
    assert.equal(readFileSync(a.path, 'utf8'), DOUBLE_WRAPPER + padding);
    rmSync(xdg, { recursive: true, force: true });
  });

  test('as two `npm run k6 -- version` processes: both succeed and the cache holds one good binary', async () => {
    const { files } = await serveGoodRelease(host, {
      [`k6-v${VERSION}-linux-amd64/k6`]: `${DOUBLE_WRAPPER}#${randomBytes(400_000).toString('base64')}\n`,
    });
    host.routes.get(`/releases/v${VERSION}/${files.archive}`)!.chunkDelayMs = 100;
    const [a, b] = await Promise.all([runK6Script(['version'], noK6Env()), runK6Script(['version'], noK6Env())]);
    for (const r of [a, b]) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^k6 v2\.2\.0-double/, "stdout is k6's own; progress goes to stderr");
    }
    assert.deepEqual(filesUnder(xdg), [`aurora-load/k6/${VERSION}/k6`]);
    const again = await runK6Script(['version'], { ...noK6Env(), AURORA_LOAD_K6_MIRROR: 'http://127.0.0.1:9' });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '', 'from the cache, silently');
    rmSync(xdg, { recursive: true, force: true });
  });

  test("npm run k6 is a package.json script running cli/k6-run.ts, and passes k6's exit code through", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // `exec`: npm's signals reach the k6 runner itself, not a shell that holds SIGINT back.
    assert.equal(pkg.scripts.k6, 'exec node --import tsx cli/k6-run.ts');
    await serveGoodRelease(host);
    const r = await runK6Script(['no-such-command'], noK6Env());
    assert.notEqual(r.code, 0);
    assert.notEqual(r.code, 2, "the double's own refusal, not a provisioning failure");
    rmSync(xdg, { recursive: true, force: true });
  });
});
