// Reads the k6 `options` a scenario will run with, for a given run config, the way `k6 inspect`
// would: the scenario is bundled with every `k6`/`k6/*` import replaced by an inert init-time stub,
// imported once under Node with __ENV set, and its exported `options` read. So safety checks,
// --dry-run and the run bound see exactly the executors and thresholds k6 will get, without
// restating the scenarios' option-building here. Only init code runs; exec functions never do.
import * as esbuild from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_ENV, type RunConfig } from '../../../lib/core/run-config.ts';
import { ownedTempDir } from '../../processes/index.ts';
import type { K6OptionsLike } from './shape-from-options.ts';

// One CommonJS stub for every k6 module: esbuild turns `import { Trend } from 'k6/metrics'` into a
// property read on it, so each name k6 modules export is listed; each is a callable, constructible
// no-op whose results are no-ops too (init code may build metrics or read execution info).
const STUB = `
const noop = new Proxy(function () {}, {
  get: (_t, k) => (k === Symbol.toPrimitive ? () => 0 : k === 'then' ? undefined : noop),
  apply: () => noop,
  construct: () => noop,
});
const names = ['Trend','Counter','Rate','Gauge','check','fail','group','sleep','randomSeed','WebSocket','Blob',
  'setTimeout','clearTimeout','setInterval','clearInterval','get','post','put','patch','del','head','options','request',
  'batch','asyncRequest','cookieJar','CookieJar','file','expectedStatuses','setResponseCallback','url','b64encode',
  'b64decode','hmac','sha256','sha1','md5','randomBytes','createHMAC','createHash','scenario','vu','instance','test'];
module.exports = { __esModule: true, default: noop };
for (const n of names) module.exports[n] = noop;
`;

const k6Stub: esbuild.Plugin = {
  name: 'k6-init-stub',
  setup(build) {
    build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'k6-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'k6-stub' }, () => ({ contents: STUB, loader: 'js' }));
  },
};

export async function readBundleOptions(entry: string, config: RunConfig, tmpRoot: string): Promise<K6OptionsLike> {
  const dir = ownedTempDir('aurora-load-options-', tmpRoot);
  const out = join(dir, 'options.mjs');
  const g = globalThis as Record<string, unknown>;
  const saved = { __ENV: g.__ENV, __VU: g.__VU, __ITER: g.__ITER };
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: out,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      plugins: [k6Stub],
      logLevel: 'silent',
    });
    g.__ENV = { [RUN_ENV.config]: JSON.stringify(config) };
    g.__VU = 0;
    g.__ITER = 0;
    const mod = (await import(pathToFileURL(out).href)) as { options?: K6OptionsLike };
    // Round-trip through JSON: what k6 receives is plain data.
    return JSON.parse(JSON.stringify(mod.options ?? {})) as K6OptionsLike;
  } finally {
    // esbuild keeps a service child process; end it so nothing outlives the CLI.
    await esbuild.stop();
    Object.assign(g, saved);
    rmSync(dir, { recursive: true, force: true });
  }
}
