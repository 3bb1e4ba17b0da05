// The build: one ESM bundle per scenario, k6 left external, Node built-ins refused with file and import named.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenarios, scenarioEntries } from '../../build.mjs';

describe('build.mjs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aurora-build-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one bundle per scenario with a source map, k6 imports kept external', async () => {
    const built = await buildScenarios({ outdir: join(dir, 'dist') });
    assert.deepEqual(
      built.map((b) => b.name),
      scenarioEntries().map((e) => e.name),
    );
    for (const bundle of built) {
      const code = readFileSync(bundle.path, 'utf8');
      assert.ok(bundle.bytes > 0);
      assert.match(code, /from "k6(\/[a-z/]+)?"/, `${bundle.name} imports k6 modules`);
      const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      assert.deepEqual(
        imports.filter((s) => !/^k6(\/|$)/.test(s)),
        [],
        `${bundle.name} imports only k6 modules`,
      );
      assert.ok(readFileSync(`${bundle.path}.map`, 'utf8').length > 0);
    }
  });

  it('fails on a Node built-in, naming the file and the import', async () => {
    const scenarios = join(dir, 'bad-scenarios');
    mkdirSync(scenarios);
    writeFileSync(
      join(scenarios, 'reads-disk.ts'),
      "import { readFileSync } from 'node:fs';\nexport default function () { readFileSync('/etc/hostname'); }\n",
    );
    await assert.rejects(
      buildScenarios({ scenariosDir: scenarios, outdir: join(dir, 'bad-dist') }),
      (err: { errors?: { text: string }[] }) => {
        const text = (err.errors ?? []).map((e) => e.text).join('\n');
        assert.match(text, /reads-disk\.ts imports the Node built-in "node:fs"/);
        return true;
      },
    );
  });

  it('fails on an import it cannot resolve, naming it', async () => {
    const scenarios = join(dir, 'unresolved');
    mkdirSync(scenarios);
    writeFileSync(
      join(scenarios, 'typo.ts'),
      "import { thing } from './no-such-file';\nexport default function () { thing(); }\n",
    );
    await assert.rejects(
      buildScenarios({ scenariosDir: scenarios, outdir: join(dir, 'unresolved-dist') }),
      (err: { errors?: { text: string }[] }) => {
        assert.match(err.errors?.[0]?.text ?? '', /Could not resolve "\.\/no-such-file"/);
        return true;
      },
    );
  });

  it('refuses an unknown scenario name', async () => {
    await assert.rejects(
      buildScenarios({ names: ['nope'], outdir: join(dir, 'x') }),
      /unknown scenario nope; scenarios are:/,
    );
  });
});
