// Specification of cli/'s shape: entry files at the root, one folder per concern with an index, no
// folder root over ten source files, and imports between folders that only run one way (no cycle),
// so each folder can be read, tested and changed from the ones below it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../cli/', import.meta.url));
const ENTRY_FILES = ['compare.ts', 'help.ts', 'k6-run.ts', 'load.ts', 'preflight.ts'];
const MAX_FILES_PER_FOLDER = 10;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The concern a cli/ file belongs to: its first folder under cli/, or "(entry)" for the root files. */
function concernOf(file: string): string {
  const parts = relative(CLI, file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : '(entry)';
}

/** Relative imports of a file (static, type-only and dynamic), resolved to paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (m) => m[1] as string,
  );
  return specs.map((s) => normalize(join(dirname(file), s)));
}

/** Folder -> the folders it imports from (inside cli/ only, self excluded). */
function folderGraph(files: string[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const from = concernOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const target of importsOf(file)) {
      if (relative(CLI, target).startsWith('..')) continue;
      const to = concernOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A cycle in the graph as a path ["a", "b", "a"], or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

test('the cycle finder finds a cycle between folders and none in a one-way graph', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
  assert.deepEqual(findCycle(g({ run: ['k6', 'report'], k6: ['run'], report: [] })), ['k6', 'run', 'k6']);
  assert.deepEqual(findCycle(g({ report: ['gates'], gates: ['analysis'], analysis: ['gates'] })), [
    'analysis',
    'gates',
    'analysis',
  ]);
  assert.equal(findCycle(g({ run: ['k6', 'report'], report: ['gates'], gates: ['verdict'], k6: ['processes'] })), null);
});

test('imports between cli/ folders run one way: no cycle', () => {
  const graph = folderGraph(sourceFiles(CLI));
  const cycle = findCycle(graph);
  assert.equal(cycle, null, `cli/ folders import each other in a cycle: ${cycle?.join(' -> ')}`);
  // Nothing imports the entry files; the verdict (model, gate kinds, exit codes) imports no other folder.
  for (const [from, to] of graph) assert.ok(!to.has('(entry)'), `${from} imports an entry file`);
  assert.deepEqual([...(graph.get('verdict') ?? [])], []);
});

test('cli/ holds only its entry files at the root and one folder per concern, each with an index', () => {
  const entries = readdirSync(CLI, { withFileTypes: true });
  assert.deepEqual(
    entries
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort(),
    ENTRY_FILES,
  );
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  for (const folder of folders) {
    const names = readdirSync(join(CLI, folder));
    assert.ok(names.includes('index.ts'), `cli/${folder}/ has an index.ts`);
  }
});

test(`no folder root under cli/ holds more than ${MAX_FILES_PER_FOLDER} source files besides its index`, () => {
  const check = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts');
    assert.ok(files.length <= MAX_FILES_PER_FOLDER, `${relative(CLI, dir) || 'cli'}/ holds ${files.length} files`);
    for (const e of entries) if (e.isDirectory() && e.name !== 'assets') check(join(dir, e.name));
  };
  check(CLI);
});
