// k6 test double: the VU worker's script. The worker runtime is TypeScript; worker threads do not get
// tsx's loader on Node 20, so it is bundled once per process (cached on disk by the content hash of
// the double's sources, in node_modules/.cache as build tools keep theirs, not in the OS temp dir)
// into a plain .mjs file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const DOUBLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

let workerScript: Promise<string> | null = null;

export function workerScriptPath(): Promise<string> {
  workerScript ??= (async () => {
    const h = createHash('sha256');
    for (const f of tsSources(DOUBLE_DIR)) {
      h.update(f);
      h.update(readFileSync(join(DOUBLE_DIR, f)));
    }
    const dir = join(DOUBLE_DIR, '..', '..', 'node_modules', '.cache', 'aurora-load-k6-double');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `vu-worker-${h.digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(out) || statSync(out).size === 0) {
      const tmp = `${out}.${process.pid}.tmp`;
      await esbuild.build({
        entryPoints: [join(DOUBLE_DIR, 'vu-worker.ts')],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
      });
      renameSync(tmp, out);
    }
    return out;
  })();
  return workerScript;
}

/** Every .ts file under dir (relative paths, sorted; fixtures skipped): the cache key covers runtime/ too. */
function tsSources(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : tsSources(dir, path);
      return e.name.endsWith('.ts') ? [path] : [];
    })
    .sort();
}
