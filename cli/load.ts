// `npm run load`: parses the flags and runs (cli/run/run-load.ts). Only this file exits the process.
import { fileURLToPath } from 'node:url';
import { parseLoadArgs } from './plan/index.ts';
import { killAllNow } from './processes/index.ts';
import { EXIT } from './verdict/index.ts';
import { helpText } from './help.ts';
import { runLoad } from './run/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// Last resort: whatever way the process ends, no simulator or k6 outlives it.
process.on('exit', killAllNow);

const parsed = parseLoadArgs(process.argv.slice(2), process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.message}\n`);
  process.exitCode = EXIT.invalidConfig;
} else if (parsed.args.help) {
  process.stdout.write(helpText());
} else {
  process.exitCode = await runLoad(parsed.args, {
    root,
    env: process.env,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
