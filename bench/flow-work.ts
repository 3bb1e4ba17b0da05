/**
 * Per-iteration work of the `rest` flow and the size of each scenario bundle, measured in Node: NOT
 * k6 figures (bench/k6-cost.ts has those, on a machine with k6). The flow (stage tag + one weighted
 * REST action, default weights, contract sample rate 0.1) is bundled with esbuild against a counting
 * stand-in for k6's modules (bench/targets/fake-k6.ts) that answers at once from canned Aurora-shaped
 * bodies, and run 20 000 times: JSON.parse calls, check() evaluations, VU tag writes and new request
 * params objects per iteration, and the time per iteration in Node (V8, not k6's Sobek).
 *
 * BENCH_FLOW_ROOT=<a checkout of another commit> measures that tree's lib/ instead (before/after).
 * Reports only; no target.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const FAKE = join(ROOT, 'bench/targets/fake-k6.ts');
const ITERATIONS = 20_000;

const entry = (lib: string): string => `
import * as fake from ${JSON.stringify(FAKE)};
import { restAction } from ${JSON.stringify(join(lib, 'k6/flows/rest.ts'))};
import { tagStage } from ${JSON.stringify(join(lib, 'k6/stage-tag.ts'))};
import { weightTable } from ${JSON.stringify(join(lib, 'core/rest-mix.ts'))};
import { DEFAULT_REST_WEIGHTS } from ${JSON.stringify(join(lib, 'core/aurora/routes.ts'))};
export function iterate(n) {
  const table = weightTable(DEFAULT_REST_WEIGHTS);
  const target = { apiUrl: 'http://127.0.0.1:5080', wsUrl: 'ws://127.0.0.1:5080', secret: 'bench-secret' };
  const users = [{ id: 'u1', orgId: 'o1' }, { id: 'u2', orgId: 'o2' }];
  const stages = [{ startSeconds: 0, durationSeconds: 3600 }];
  const parse = JSON.parse;
  let parses = 0;
  JSON.parse = (text, reviver) => { parses++; return parse(text, reviver); };
  const start = performance.now();
  try {
    for (let i = 0; i < n; i++) {
      tagStage(stages, 'load');
      restAction(target, users[i % 2], table, 0.1);
    }
  } finally {
    JSON.parse = parse;
  }
  return { ms: performance.now() - start, parses, ...fake.work };
}`;

/** k6/* imports resolve to the counting stand-in. */
const fakeK6: esbuild.Plugin = {
  name: 'fake-k6',
  setup(build) {
    build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'fake-k6' }));
    build.onLoad({ filter: /.*/, namespace: 'fake-k6' }, (args) => {
      const name = args.path;
      const body =
        name === 'k6/http'
          ? 'export default fake.http;'
          : name === 'k6'
            ? 'export const check = fake.check; export const sleep = fake.sleep;'
            : name === 'k6/metrics'
              ? 'export const { Counter, Rate, Trend } = fake;'
              : name === 'k6/execution'
                ? 'export default fake.execution;'
                : 'export {};';
      return { contents: `import * as fake from ${JSON.stringify(FAKE)};\n${body}`, loader: 'js', resolveDir: ROOT };
    });
  },
};

export async function run(): Promise<boolean> {
  const root = resolve(process.env.BENCH_FLOW_ROOT ?? ROOT);
  const dir = await mkdtemp(join(tmpdir(), 'aurora-bench-flow-'));
  const warn = console.warn;
  try {
    const out = join(dir, 'flow.mjs');
    await esbuild.build({
      stdin: { contents: entry(join(root, 'lib')), resolveDir: root, loader: 'ts', sourcefile: 'flow-entry.ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: out,
      plugins: [fakeK6],
      logLevel: 'silent',
    });
    const mod = (await import(pathToFileURL(out).href)) as {
      iterate: (n: number) => Record<string, number> & { ms: number };
    };
    console.warn = () => {}; // contract-violation warnings of the canned bodies are not the point here
    mod.iterate(2_000); // warm-up (JIT, params caches)
    const before = mod.iterate(0);
    const r = mod.iterate(ITERATIONS);
    console.warn = warn;
    const per = (k: string) => ((Number(r[k]) - Number(before[k] ?? 0)) / ITERATIONS).toFixed(3);
    console.log(
      `flow-work (Node + a counting k6 stand-in, NOT k6 figures${root === ROOT ? '' : `; lib/ of ${root}`}): rest iteration x ${ITERATIONS}: ` +
        `${((r.ms / ITERATIONS) * 1000).toFixed(1)} µs, JSON.parse ${(r.parses / ITERATIONS).toFixed(3)}, checks ${per('checks')}, ` +
        `VU tag writes ${per('tagWrites')}, new params objects ${per('newParams')}, requests ${per('requests')} per iteration`,
    );
    const { buildScenarios } = (await import(
      pathToFileURL(join(root, 'build.mjs')).href
    )) as typeof import('../build.mjs');
    const bundles = await buildScenarios({ outdir: join(dir, 'dist') });
    console.log(
      `flow-work: bundle sizes ${bundles.map((b) => `${b.name} ${(b.bytes / 1024).toFixed(1)} KB`).join(', ')}`,
    );
    return true;
  } finally {
    console.warn = warn;
    await rm(dir, { recursive: true, force: true });
  }
}
