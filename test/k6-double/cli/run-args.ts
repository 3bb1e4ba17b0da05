// k6 test double: `k6 run` arguments: --out json=<path>, --out experimental-prometheus-rw,
// --tag NAME=VALUE, --summary-export, -e K=V, --quiet, --no-color (and --summary-mode, ignored),
// --paused/-p, --address host:port (the REST API), --execution-segment and
// --execution-segment-sequence (validated later, as k6 does: cli/segment-options.ts). A
// usage error exits 255 like k6's flag parser.

export interface CliArgs {
  script: string;
  outJson: string | null;
  /** `-o experimental-prometheus-rw`: remote write, configured by K6_PROMETHEUS_RW_* (outputs/prometheus-rw/). */
  outPrometheusRw?: boolean;
  /** `--tag NAME=VALUE`: test-wide tags; as in k6, they replace the script's `options.tags`. */
  tags?: Record<string, string>;
  summaryExport: string | null;
  env: Record<string, string>;
  quiet: boolean;
  noColor: boolean;
  /** the segment flags as given (validated later, as k6 does: cli/segment-options.ts) */
  executionSegment?: string;
  executionSegmentSequence?: string;
  /** --paused: initialise the VUs, then run nothing until resumed through the REST API. */
  paused: boolean;
  /** --address host:port: where the REST API listens; null = no REST API (see cli/rest-api.ts). */
  address: string | null;
}

function usage(msg: string): never {
  process.stderr.write(
    `${msg}\nusage: k6 run [--out json=<path>] [-o experimental-prometheus-rw] [--tag NAME=VALUE]... [--summary-export <path>] [-e K=V]... [--quiet] [--no-color] [--paused] [--address host:port] [--execution-segment <seg>] [--execution-segment-sequence <seq>] <script.js>\n`,
  );
  process.exit(255);
}

export function parseRunArgs(argv: string[]): CliArgs {
  const a: CliArgs = {
    script: '',
    outJson: null,
    summaryExport: null,
    env: {},
    quiet: false,
    noColor: false,
    paused: false,
    address: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const eq = arg.indexOf('=');
      if (arg.startsWith('--') && eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) usage(`flag needs an argument: ${arg}`);
      return v;
    };
    if (arg === '--out' || arg === '-o' || arg.startsWith('--out=')) {
      const v = value();
      if (v === 'experimental-prometheus-rw' || v.startsWith('experimental-prometheus-rw=')) a.outPrometheusRw = true;
      else if (v.startsWith('json=')) a.outJson = v.slice('json='.length);
      else usage(`the k6 test double only supports --out json=<path> and experimental-prometheus-rw, got "${v}"`);
    } else if (arg === '--tag' || arg.startsWith('--tag=')) {
      const v = value();
      const eq = v.indexOf('=');
      if (eq <= 0) usage(`invalid argument "${v}" for "--tag" flag: must be NAME=VALUE`);
      (a.tags ??= {})[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (arg === '--summary-export' || arg.startsWith('--summary-export=')) a.summaryExport = value();
    else if (arg === '-e' || arg === '--env' || arg.startsWith('--env=')) {
      const v = value();
      const eq = v.indexOf('=');
      if (eq <= 0) usage(`invalid environment variable "${v}", use -e KEY=VALUE`);
      a.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (arg === '-q' || arg === '--quiet') a.quiet = true;
    else if (arg === '--no-color') a.noColor = true;
    else if (arg === '--summary-mode' || arg.startsWith('--summary-mode=')) value();
    else if (arg === '-p' || arg === '--paused') a.paused = true;
    else if (arg === '--address' || arg === '-a' || arg.startsWith('--address=')) a.address = value();
    else if (arg === '--execution-segment' || arg.startsWith('--execution-segment=')) a.executionSegment = value();
    else if (arg === '--execution-segment-sequence' || arg.startsWith('--execution-segment-sequence='))
      a.executionSegmentSequence = value();
    else if (arg.startsWith('-')) usage(`unknown flag: ${arg}`);
    else if (!a.script) a.script = arg;
    else usage(`unexpected argument "${arg}"`);
  }
  if (!a.script) usage('k6 run needs a script');
  return a;
}
