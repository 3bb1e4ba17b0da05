#!/usr/bin/env node
// Bundles every scenarios/*.ts into dist/<name>.js: one ESM file per scenario that k6 runs as is.
//   node build.mjs [name...]      build all scenarios, or only the named ones
// Imported by tests (`buildScenarios`) to bundle into a temporary folder, or against the k6 test double.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The scenario entry points: scenarios/*.ts, by name. */
export function scenarioEntries(dir = join(ROOT, 'scenarios')) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => ({ name: basename(f, '.ts'), path: join(dir, f) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Refuses Node built-ins in bundle code: k6 runs on Sobek, not Node, so `node:fs` would
 * only fail at `k6 run` time. Fails the build here instead, naming the file and the import.
 */
const refuseNodeBuiltins = {
  name: 'refuse-node-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!NODE_BUILTINS.has(args.path)) return undefined;
      const file = args.importer ? relative(ROOT, args.importer) : '(entry)';
      return {
        errors: [
          {
            text: `${file} imports the Node built-in "${args.path}"; k6 bundles may import only k6 modules, lib/ and thresholds/`,
          },
        ],
      };
    });
  },
};

/** Maps `k6` and `k6/*` to files of a stand-in (the test double): k6/http -> <dir>/http.ts. */
function k6ModulesFrom(dir) {
  return {
    name: 'k6-modules-from',
    setup(build) {
      build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
        const sub = args.path === 'k6' ? 'k6' : args.path.slice('k6/'.length).replace(/\//g, '-');
        return { path: resolve(dir, `${sub}.ts`) };
      });
    },
  };
}

/**
 * Builds scenario bundles.
 * @param {object} [opts]
 * @param {string[]} [opts.names]        scenario names (default: all of scenarios/)
 * @param {string} [opts.scenariosDir]   where the entries are (tests point this at fixtures)
 * @param {string} [opts.outdir]         default dist/
 * @param {string} [opts.k6ModulesDir]   bundle k6 modules from this folder instead of leaving them external
 * @returns {Promise<{name: string, path: string, bytes: number}[]>}
 */
export async function buildScenarios(opts = {}) {
  const outdir = resolve(opts.outdir ?? join(ROOT, 'dist'));
  const all = scenarioEntries(opts.scenariosDir);
  const entries = opts.names?.length ? all.filter((e) => opts.names.includes(e.name)) : all;
  const unknown = (opts.names ?? []).filter((n) => !all.some((e) => e.name === n));
  if (unknown.length) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; scenarios are: ${all.map((e) => e.name).join(', ')}`);
  }
  await esbuild.build({
    entryPoints: Object.fromEntries(entries.map((e) => [e.name, e.path])),
    outdir,
    bundle: true,
    // ESM: k6 >= 1.4 finds extension imports (k6/x/*) only in ESM import statements.
    format: 'esm',
    // k6's runtime is neither Node nor a browser.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    // Sobek (k6's engine) runs ES2020 well; newer syntax is lowered.
    target: 'es2020',
    sourcemap: true,
    // k6 modules are provided by k6 at run time, never bundled (unless a stand-in is asked for).
    external: opts.k6ModulesDir ? [] : ['k6', 'k6/*'],
    plugins: [refuseNodeBuiltins, ...(opts.k6ModulesDir ? [k6ModulesFrom(opts.k6ModulesDir)] : [])],
    logLevel: 'silent',
    legalComments: 'none',
  });
  return entries.map((e) => {
    const path = join(outdir, `${e.name}.js`);
    return { name: e.name, path, bytes: statSync(path).size };
  });
}

function formatBuildError(err) {
  if (!err.errors?.length) return String(err.message ?? err);
  return err.errors
    .map((e) => {
      const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
      return `${where}${e.text}`;
    })
    .join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    const built = await buildScenarios({ names: process.argv.slice(2) });
    for (const b of built) {
      console.log(`  ${relative(process.cwd(), b.path).padEnd(24)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB`);
    }
    console.log(`built ${built.length} bundle(s) in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    console.error(`build failed:\n${formatBuildError(err)}`);
    process.exit(1);
  }
}
