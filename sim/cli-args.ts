/** `npm run sim` flags -> SimOptions. Pure: argv in, options or errors (naming the flag and the fix) out. */
import { parseFaults } from './faults/parse.ts';
import type { SimOptions } from './options.ts';
import { parseRateLimits } from './server/rate-limiter.ts';

/** `--print-env`: where to write an env file for this simulator ('-' = stdout), or undefined. */
export type CliParse =
  | { ok: true; help: boolean; printEnv?: string; options: SimOptions }
  | { ok: false; errors: string[] };

const VALUE_FLAGS = [
  '--port',
  '--k8s-port',
  '--metrics-port',
  '--time-scale',
  '--seed',
  '--fault',
  '--kubeconfig',
  '--rate-limit',
  '--k6-bin',
] as const;

export function parseCliArgs(argv: readonly string[]): CliParse {
  const options: SimOptions = {};
  const faults: string[] = [];
  const errors: string[] = [];
  let help = false;
  let printEnv: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    // --print-env [path]: the path is optional, so a following flag is not taken as one.
    if (arg === '--print-env' || arg.startsWith('--print-env=')) {
      const inline = arg.startsWith('--print-env=') ? arg.slice('--print-env='.length) : undefined;
      const next = argv[i + 1];
      printEnv = inline || (next !== undefined && !next.startsWith('-') ? argv[++i] : '-');
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      errors.push(`unknown argument "${arg}"; see --help`);
      continue;
    }
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      errors.push(
        `${flag} needs a value, e.g. ${flag} ${flag === '--fault' ? 'error-rate=0.05' : flag === '--kubeconfig' ? './kubeconfig' : flag === '--k6-bin' ? '$(command -v k6)' : '0'}`,
      );
      continue;
    }
    const num = Number(value);
    const int = (name: string, min: number, max: number): number | undefined => {
      if (value.trim() === '' || !Number.isInteger(num) || num < min || num > max) {
        errors.push(`${name} must be an integer ${min}..${max}, got "${value}"`);
        return undefined;
      }
      return num;
    };
    switch (flag) {
      case '--port':
        options.port = int('--port', 0, 65535);
        break;
      case '--k8s-port':
        options.k8sPort = int('--k8s-port', 0, 65535);
        break;
      case '--metrics-port':
        options.metricsPort = int('--metrics-port', 0, 65535);
        break;
      case '--seed':
        options.seed = int('--seed', -2147483648, 2147483647);
        break;
      case '--time-scale':
        if (!(Number.isFinite(num) && num > 0))
          errors.push(`--time-scale must be a number > 0 (e.g. 20 runs simulated periods 20x faster), got "${value}"`);
        else options.timeScale = num;
        break;
      case '--fault':
        faults.push(value);
        break;
      case '--rate-limit': {
        const limits = parseRateLimits(value);
        if ('error' in limits) errors.push(`--rate-limit: ${limits.error}`);
        else options.rateLimit = value;
        break;
      }
      case '--k6-bin':
        options.k6Binary = value;
        break;
      default:
        options.kubeconfigPath = value;
    }
  }
  if (faults.length > 0) {
    const checked = parseFaults(faults);
    if (!checked.ok) errors.push(...checked.errors.map((e) => `--fault: ${e}`));
    options.faults = faults;
  }
  if (errors.length > 0) return { ok: false, errors };
  return printEnv === undefined ? { ok: true, help, options } : { ok: true, help, printEnv, options };
}
