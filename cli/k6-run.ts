// `npm run k6 -- <args>`: runs the k6 that `npm run load` would use (K6_BIN, PATH, or the pinned
// release from the per-user cache, downloaded on first use), so `npm run k6 -- version` or
// `npm run k6 -- run dist/rest.js` use the same binary as the suite. Exits with k6's exit code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { downloadAllowed, provideK6 } from './k6/index.ts';
import { ciFromEnv } from './plan/index.ts';
import { EXIT } from './verdict/index.ts';

const args = process.argv.slice(2);
const k6 = await provideK6({
  env: process.env,
  download: downloadAllowed(process.env),
  tty: !ciFromEnv(process.env) && process.stderr.isTTY === true,
  say: (line) => process.stderr.write(`${line}\n`),
  write: (text) => process.stderr.write(text),
});
if (!k6.ok) {
  process.stderr.write(`${k6.message}\n`);
  process.exit(EXIT.invalidConfig);
}
const child = spawn(k6.path, args, { stdio: 'inherit' });
// k6 handles Ctrl-C itself (graceful stop); the terminal sends it to both processes.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  process.stderr.write(`${k6.path}: ${err.message}\n`);
  process.exit(EXIT.invalidConfig);
});
child.on('close', (code, signal) => process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
