/** `npm run bench`: runs every bench/*.ts that exports run(): Promise<boolean>; exit 1 if one misses its target. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = join(process.cwd(), 'bench');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'run.ts')
  .sort();
let ok = true;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { run?: () => Promise<boolean> };
  if (typeof mod.run !== 'function') continue;
  console.log(`bench: ${file}`);
  ok = (await mod.run()) && ok;
}
process.exitCode = ok ? 0 : 1;
