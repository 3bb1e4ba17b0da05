// The bundle code's layers: lib/core (pure: Node and k6 bundles both import it), thresholds/ (budgets
// and builders on top of lib/core), lib/k6 (imports k6) and scenarios/ (the k6 entries). tsc refuses a
// k6 import in lib/core, and the imports between the four folders only point down, never in a cycle.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const FIXTURE = join(ROOT, 'test', 'foundation', 'fixtures', 'core-imports-k6.ts');

/** Type-checks `files` under tsconfig.core.json's options; tsc's exit code and output. */
function typecheckAsCore(files: string[]): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-core-tsc-'));
  try {
    const config = join(dir, 'tsconfig.json');
    writeFileSync(config, JSON.stringify({ extends: join(ROOT, 'tsconfig.core.json'), include: [], files }));
    const r = spawnSync(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lib/core is pure: tsc refuses a k6 import there', () => {
  it('a core file without k6 type-checks under the core config', () => {
    const r = typecheckAsCore([join(ROOT, 'lib', 'core', 'aurora', 'routes.ts')]);
    assert.equal(r.status, 0, r.output);
  });

  it('a core file importing k6/http fails, naming the rule', () => {
    const r = typecheckAsCore([FIXTURE]);
    assert.notEqual(r.status, 0, 'tsc accepted a k6 import under tsconfig.core.json');
    assert.match(r.output, /lib\/core and thresholds\/ may not import k6: move the file to lib\/k6/);
    assert.match(r.output, /core-imports-k6\.ts/, r.output);
  });
});

type Layer = 'lib/core' | 'thresholds' | 'lib/k6' | 'scenarios';
const LAYERS: Layer[] = ['lib/core', 'thresholds', 'lib/k6', 'scenarios'];

/** What each layer may import besides itself: `k6` stands for k6's own modules. */
const MAY_IMPORT: Record<Layer, readonly (Layer | 'k6')[]> = {
  'lib/core': [],
  thresholds: ['lib/core'],
  'lib/k6': ['lib/core', 'thresholds', 'k6'],
  scenarios: ['lib/core', 'thresholds', 'lib/k6', 'k6'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? tsFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

const layerOf = (file: string): Layer | undefined => {
  const rel = relative(ROOT, file).split('\\').join('/');
  return LAYERS.find((l) => rel.startsWith(`${l}/`));
};

/** Every import and re-export specifier of a source file (static, dynamic, side-effect). */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  found.push(...[...source.matchAll(/(?:^|[\s;])import\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]));
  return found;
}

interface Edge {
  from: string;
  to: string;
  fromLayer: Layer;
  toLayer: Layer | 'k6' | 'other';
}

function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const layer of LAYERS) {
    for (const file of tsFiles(join(ROOT, layer))) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const to = spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
        const toLayer = spec.startsWith('.') ? (layerOf(to) ?? 'other') : /^k6(\/|$)/.test(spec) ? 'k6' : 'other';
        edges.push({
          from: relative(ROOT, file),
          to: spec.startsWith('.') ? relative(ROOT, to) : spec,
          fromLayer: layer,
          toLayer,
        });
      }
    }
  }
  return edges;
}

describe('imports between lib/core, thresholds, lib/k6 and scenarios', () => {
  const edges = importEdges();

  it('reads the imports (the graph under test is not empty)', () => {
    assert.ok(edges.some((e) => e.fromLayer === 'scenarios' && e.toLayer === 'lib/k6'));
    assert.ok(edges.some((e) => e.fromLayer === 'thresholds' && e.toLayer === 'lib/core'));
    assert.ok(edges.some((e) => e.fromLayer === 'lib/k6' && e.toLayer === 'k6'));
  });

  it('each layer imports only itself and the layers below it', () => {
    const wrong = edges.filter(
      (e) => e.toLayer !== e.fromLayer && !(MAY_IMPORT[e.fromLayer] as string[]).includes(e.toLayer),
    );
    assert.deepEqual(
      wrong.map((e) => `${e.from} -> ${e.to}`),
      [],
    );
  });

  it('no cycle between the folders', () => {
    const next = new Map<string, Set<string>>();
    for (const e of edges)
      if (e.toLayer !== e.fromLayer) next.set(e.fromLayer, (next.get(e.fromLayer) ?? new Set()).add(e.toLayer));
    const cycle = (start: string, at: string, seen: Set<string>): boolean =>
      [...(next.get(at) ?? [])].some((n) => n === start || (!seen.has(n) && cycle(start, n, seen.add(n))));
    for (const layer of LAYERS)
      assert.ok(!cycle(layer, layer, new Set()), `${layer} reaches itself through other folders`);
  });

  it('lib/core/k6-refused.ts (where the core config resolves k6) is never imported', () => {
    assert.deepEqual(
      edges.filter((e) => e.to.endsWith('k6-refused.ts')).map((e) => e.from),
      [],
    );
  });
});
