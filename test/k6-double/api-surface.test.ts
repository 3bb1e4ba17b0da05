// The k6 test double carries exactly the k6 APIs the suite's bundle code imports: every runtime
// import from `k6` / `k6/*` under scenarios/, lib/ and thresholds/ (whatever their sub-folders) has a
// stand-in in test/k6-double/modules, and every stand-in export is imported by something.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { doubleK6Exports, moduleOfStandIn, suiteK6Imports } from './api-surface.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MODULES = join(ROOT, 'test/k6-double/modules');
const BUNDLE_DIRS = ['scenarios', 'lib', 'thresholds'].map((d) => join(ROOT, d));

test('every k6 API the suite imports has a stand-in in the double', () => {
  const { apis, opaque } = suiteK6Imports(BUNDLE_DIRS, ROOT);
  assert.deepEqual(opaque, [], 'a default k6 import is used only through its members');
  assert.ok(apis.size > 0, "the scan found the suite's k6 imports");
  const provided = doubleK6Exports(MODULES);
  const missing = [...apis].filter(([api]) => !provided.has(api)).map(([api, files]) => `${api} (${files.join(', ')})`);
  assert.deepEqual(missing, [], 'add these to test/k6-double/modules and runtime/');
});

test('the double provides nothing the suite does not import', () => {
  const used = suiteK6Imports(BUNDLE_DIRS, ROOT).apis;
  const unused = [...doubleK6Exports(MODULES)].filter((api) => !used.has(api)).sort();
  assert.deepEqual(unused, [], 'remove these from test/k6-double (or use them in the suite)');
});

test('the scan follows sub-folders, default members, aliases and re-exports, and skips type-only imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'k6-surface-'));
  try {
    mkdirSync(join(dir, 'deep', 'er'), { recursive: true });
    writeFileSync(
      join(dir, 'deep', 'er', 'a.ts'),
      [
        "import http, { type RefinedResponse } from 'k6/http';",
        "import { check as verify, sleep } from 'k6';",
        "import type { Options } from 'k6/options';",
        "import exec from 'k6/execution';",
        'const o = { exec: 1 };',
        'export const r: RefinedResponse<"text"> | undefined = undefined;',
        'export function f(opts: Options) { http.get("x"); verify(1, {}); sleep(o.exec); return exec.vu.idInTest + (exec as unknown as number); }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'b.ts'), "export { randomBytes as bytes, type Hasher } from 'k6/crypto';\n");
    const { apis, opaque } = suiteK6Imports([dir], dir);
    assert.deepEqual([...apis.keys()].sort(), [
      'k6.check',
      'k6.sleep',
      'k6/crypto.randomBytes',
      'k6/execution.default',
      'k6/execution.vu',
      'k6/http.default',
      'k6/http.get',
    ]);
    assert.equal(opaque.length, 1, 'exec used as a value cannot be followed');
    assert.deepEqual(apis.get('k6/http.get'), [join('deep', 'er', 'a.ts')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stand-in files map to k6 module names as build.mjs resolves them', () => {
  assert.equal(moduleOfStandIn('/x/modules/k6.ts'), 'k6');
  assert.equal(moduleOfStandIn('/x/modules/http.ts'), 'k6/http');
  assert.equal(moduleOfStandIn('/x/modules/experimental-websockets.ts'), 'k6/experimental/websockets');
});
