// k6 test double: re-bundles a real k6 bundle (k6 modules external) against the double's
// stand-ins in ../modules/*.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const MODULES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'modules');

/** Re-bundles a real bundle (k6 modules external) so that `k6`/`k6/*` resolve to the double's modules. */
export async function rebundleForDouble(script: string, outfile: string): Promise<void> {
  await esbuild.build({
    entryPoints: [script],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    logLevel: 'silent',
    plugins: [
      {
        name: 'k6-double-modules',
        setup(build) {
          build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
            const sub = args.path === 'k6' ? 'k6' : args.path.slice('k6/'.length).replace(/\//g, '-');
            return { path: join(MODULES_DIR, `${sub}.ts`) };
          });
        },
      },
    ],
  });
}
