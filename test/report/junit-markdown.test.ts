import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendStepSummary, renderJunit, renderSummaryMarkdown, safePlanEntries } from '../../cli/report/index.ts';
import { VERDICT } from './verdict-fixture.ts';

test('junit.xml: one testcase per gate, failures carry measured and limit, everything escaped', () => {
  const xml = renderJunit(VERDICT);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites [^>]*tests="4" failures="2"/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, VERDICT.gates.length);
  assert.equal((xml.match(/<failure /g) ?? []).length, 2);
  assert.match(xml, /<failure message="measured p\(95\) = 912 ms, limit p\(95\) &lt; 800 ms" type="threshold">/);
  assert.match(xml, /name="baseline aurora-server GET \/api\/incidents\?x=&lt;1&gt;&amp;y=&quot;2&quot;\|z"/);
  assert.ok(!xml.includes('\u0007'), 'control characters are not XML');
  // Well-formed enough for CI parsers: balanced elements, no raw < or & in attribute values.
  for (const el of ['testsuites', 'testsuite', 'testcase', 'failure']) {
    assert.equal(
      (xml.match(new RegExp(`<${el}[ >]`, 'g')) ?? []).length,
      (xml.match(new RegExp(`</${el}>`, 'g')) ?? []).length,
      el,
    );
  }
  for (const [, value] of xml.matchAll(/="([^"]*)"/g))
    assert.ok(!/[<&](?!amp;|lt;|gt;|quot;|apos;)/.test(value as string), value);
});

test('summary.md: verdict headline, failed gates first, route table; pipes escaped', () => {
  const md = renderSummaryMarkdown(VERDICT);
  assert.match(md, /^## aurora-load: mixed · nightly on staging: ❌ failed \(2 of 4 gates\)/);
  const rows = md.split('\n').filter((l) => /^\| (✅|❌) \|/.test(l));
  assert.equal(rows.length, 4);
  assert.ok(rows[0]?.startsWith('| ❌ | threshold |'));
  assert.ok(rows[1]?.startsWith('| ❌ | baseline |'));
  assert.match(md, /GET \/api\/incidents\?x=<1>&y="2"\\\|z/);
  assert.match(md, /\| aurora-server \| GET \/api\/incidents \| 1200 \| 40.5 ms \| 420 ms \| 610 ms \| 0.1% \|/);
});

test('the step summary is appended only when GITHUB_STEP_SUMMARY names a file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'step-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'step-summary.md');
  await writeFile(file, 'before\n');
  assert.equal(await appendStepSummary(VERDICT, file), true);
  assert.match(await readFile(file, 'utf8'), /^before\n## aurora-load/);
  assert.equal(await appendStepSummary(VERDICT, ''), false);
  assert.deepEqual(await readdir(dir), ['step-summary.md']);
});

test('run metadata drops credential-like keys and URL user-info', () => {
  const entries = safePlanEntries({
    env: 'staging',
    target: 'https://bot:hunter2@aurora.example.com',
    apiSecretEnv: 'AURORA_INTERNAL_API_SECRET',
    token: 'x',
    password: 'y',
    scale: 2,
    nested: { a: 1 },
  });
  assert.deepEqual(entries, [
    ['env', 'staging'],
    ['target', 'https://aurora.example.com'],
    ['scale', '2'],
  ]);
});
