import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCompare } from '../../cli/compare.ts';
import { VERDICT } from './verdict-fixture.ts';

const dir = await mkdtemp(join(tmpdir(), 'compare-'));
after(() => rm(dir, { recursive: true, force: true }));
async function run(name: string, p95: number): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  const routes = VERDICT.routes.map((r) => (r.name === 'GET /api/incidents' ? { ...r, p95 } : r));
  await writeFile(join(path, 'verdict.json'), JSON.stringify({ ...VERDICT, runId: name, routes }));
  return path;
}
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

test('compare: a regression is marked, named, written as Markdown, and exits 5', async () => {
  const a = await run('a', 120);
  const b = await run('b', 420);
  const c = capture();
  const md = join(dir, 'cmp.md');
  assert.equal(await runCompare([a, join(b, 'verdict.json'), '--out', md], c.io), 5);
  const text = c.out.join('');
  assert.match(text, /1 route\(s\) regressed/);
  assert.match(
    text,
    /\| ❌ regressed \| aurora-server \| GET \/api\/incidents \| 1200 → 1200 \|.*\*\*120 ms → 420 ms \(\+250%\)\*\*/,
  );
  assert.match(text, /\| ok \| chatbot \| WS \/chat \|/);
  assert.equal(await readFile(md, 'utf8'), text);
});

test('compare: noise within tolerance exits 0; tolerance flags apply', async () => {
  const a = await run('c', 120);
  const b = await run('d', 140);
  assert.equal(await runCompare([a, b], capture().io), 0);
  assert.equal(await runCompare([a, b, '--relative', '0.1', '--absolute-ms', '5'], capture().io), 5);
});

test('compare: missing or invalid inputs exit 2 naming the file', async () => {
  const c = capture();
  assert.equal(await runCompare([join(dir, 'nope'), join(dir, 'a')], c.io), 2);
  assert.match(c.err.join(''), /run A \(the baseline\) .*nope does not exist/);
  const missingB = capture();
  assert.equal(await runCompare([join(dir, 'a'), join(dir, 'gone')], missingB.io), 2);
  assert.match(
    missingB.err.join(''),
    /^compare: run B .*gone does not exist: pass a run folder/,
    'B is not called the baseline',
  );
  await writeFile(join(dir, 'bad.json'), '{"version":2}');
  const d = capture();
  assert.equal(await runCompare([join(dir, 'bad.json'), await run('e', 1)], d.io), 2);
  assert.match(d.err.join(''), /bad\.json is not an aurora-load verdict/);
  const e = capture();
  assert.equal(await runCompare(['only-one'], e.io), 2);
  assert.match(e.err.join(''), /expected two runs/);
  const f = capture();
  assert.equal(await runCompare([join(dir, 'a'), join(dir, 'b'), '--relative', 'lots'], f.io), 2);
  assert.match(f.err.join(''), /--relative must be a number/);
});

test('compare: an unwritable --out exits 2 naming the flag and the file', async () => {
  await writeFile(join(dir, 'a-file'), 'x');
  const c = capture();
  assert.equal(
    await runCompare([await run('f', 120), await run('g', 120), '--out', join(dir, 'a-file', 'cmp.md')], c.io),
    2,
  );
  assert.match(c.err.join(''), /^compare: --out .*a-file\/cmp\.md: cannot write it \(ENOTDIR\); pick a writable file/);
});

test("compare: by default a route under the baseline gate's minimum (20) is not compared, not marked ok", async () => {
  const thin = async (name: string, p95: number): Promise<string> => {
    const path = join(dir, name);
    await mkdir(path, { recursive: true });
    const routes = [{ ...(VERDICT.routes[0] as (typeof VERDICT.routes)[0]), count: 4, p95 }];
    await writeFile(join(path, 'verdict.json'), JSON.stringify({ ...VERDICT, runId: name, routes }));
    return path;
  };
  const c = capture();
  assert.equal(await runCompare([await thin('thin-a', 120), await thin('thin-b', 420)], c.io), 0);
  const text = c.out.join('');
  assert.match(text, /\| not compared: too few requests \| aurora-server \| GET \/api\/incidents \| 4 → 4 \|/);
  assert.doesNotMatch(text, /\| ok \|/);
  assert.equal(await runCompare([join(dir, 'thin-a'), join(dir, 'thin-b'), '--min-samples', '0'], capture().io), 5);
});

test('compare: runs of different env, profile or scenario are compared with a warning naming each field', async () => {
  const other = join(dir, 'other');
  await mkdir(other, { recursive: true });
  await writeFile(
    join(other, 'verdict.json'),
    JSON.stringify({ ...VERDICT, runId: 'other', env: 'local', profile: 'stress', scenario: 'mixed' }),
  );
  const c = capture();
  await runCompare([await run('h', 120), other], c.io);
  assert.match(
    c.err.join(''),
    /^warning: the runs differ in env \(A staging, B local\), profile \(A nightly, B stress\): /,
  );
  const same = capture();
  await runCompare([await run('i', 120), await run('j', 120)], same.io);
  assert.doesNotMatch(same.err.join(''), /warning/);
});
