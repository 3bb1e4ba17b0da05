import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSupported, judgeK6, parseK6Version, resolveK6 } from '../../cli/k6/binary.ts';

test('parseK6Version reads real and double version lines', () => {
  assert.deepEqual(parseK6Version('k6 v1.6.0 (commit/abc123, go1.25.1, linux/amd64)\n'), {
    major: 1,
    minor: 6,
    patch: 0,
    suffix: '',
    raw: 'k6 v1.6.0 (commit/abc123, go1.25.1, linux/amd64)',
  });
  assert.equal(parseK6Version('k6 v2.2.0-double (aurora-load test double)')?.suffix, '-double');
  assert.equal(parseK6Version('k6 v0.49.0 (2024-01-15T10:00:00+0000/abc, go1.21, linux/amd64)')?.minor, 49);
  assert.equal(parseK6Version('some banner\nk6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)')?.minor, 3);
  assert.equal(parseK6Version('nothing here'), null);
});

test('versions below 1.6 are unsupported, 1.6 and 2.x are supported', () => {
  const v = (s: string) => parseK6Version(s)!;
  assert.equal(isSupported(v('k6 v1.5.9 (x)')), false);
  assert.equal(isSupported(v('k6 v0.57.0 (x)')), false);
  assert.equal(isSupported(v('k6 v1.6.0 (x)')), true);
  assert.equal(isSupported(v('k6 v2.0.0 (x)')), true);
});

test('judgeK6 refuses an old k6 with the version, the minimum and install hints', () => {
  const r = judgeK6('/usr/bin/k6', 'PATH', 'k6 v1.3.0 (commit/devel, go1.23.5, linux/amd64)');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /k6 v1\.3\.0/);
    assert.match(r.message, />= 1\.6/);
    assert.match(r.message, /brew install k6/);
  }
});

test('resolveK6 prefers K6_BIN, and explains a missing k6 with hints for every platform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-bin-'));
  try {
    const fake = join(dir, 'k6');
    writeFileSync(fake, '#!/bin/sh\necho "k6 v1.7.1 (commit/x, go1.25, linux/amd64)"\n');
    chmodSync(fake, 0o755);
    const ok = resolveK6({ K6_BIN: fake, PATH: '' });
    assert.equal(ok.ok && ok.version.minor, 7);
    const onPath = resolveK6({ PATH: dir });
    assert.equal(onPath.ok && onPath.source, 'PATH');
    const none = resolveK6({ PATH: join(dir, 'empty') });
    assert.equal(none.ok, false);
    if (!none.ok) {
      for (const hint of [
        'apt-get install k6',
        'dnf install',
        'brew install k6',
        'grafana/k6',
        'grafana/setup-k6-action',
      ]) {
        assert.ok(none.message.includes(hint), `hint "${hint}" missing`);
      }
    }
    const bad = resolveK6({ K6_BIN: join(dir, 'nope'), PATH: dir });
    assert.equal(bad.ok, false, 'an unusable K6_BIN is an error, not a silent fallback to PATH');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a k6 binary under any file name is accepted: `k6 version` prints its own name first', () => {
  assert.equal(parseK6Version('k6-v1 v1.8.1 (commit/abc, go1.24, linux/amd64)')?.minor, 8);
  assert.equal(parseK6Version('/opt/tools/k6.2.2 v2.2.0 (commit/x, go1.25, linux/amd64)')?.major, 2);
  assert.equal(parseK6Version('loadgen v1.6.0-rc.1 (commit/x)')?.suffix, '-rc.1');
  assert.equal(parseK6Version('warning: something 1.2.3\nk6-v1 v1.8.1 (x)')?.minor, 8);
  const dir = mkdtempSync(join(tmpdir(), 'k6-bin-'));
  try {
    const renamed = join(dir, 'k6-v1');
    writeFileSync(renamed, '#!/bin/sh\necho "k6-v1 v1.8.1 (commit/x, go1.24, linux/amd64)"\n');
    chmodSync(renamed, 0o755);
    const r = resolveK6({ K6_BIN: renamed, PATH: '' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (r.ok) assert.deepEqual([r.version.major, r.version.minor, r.version.patch], [1, 8, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
