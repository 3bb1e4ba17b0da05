// npm run compare -- <run-a> <run-b> [--out file.md] [--relative 0.2] [--absolute-ms 25] [--error-rate 0.01] [--min-samples 20]
// Compares two runs' routes (A is the baseline) with the same tolerance logic as the baseline gate,
// prints the table and writes it as Markdown, with a warning when the runs differ in env, profile or
// scenario. Exit 0: no regression; 5: B regressed; 2: bad input.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { EXIT } from './verdict/index.ts';
import { compareRoutes, loadBaseline, type RegressionTolerance } from './gates/index.ts';
import { BaselineSchema, toGateTolerance } from './plan/index.ts';
import { renderComparisonMarkdown, writeFileAtomic } from './report/index.ts';

/**
 * Defaults for ad-hoc comparisons: the env file's defaults (baseline.tolerance), so a route the
 * baseline gate would not evaluate (fewer than `minCount` requests) is not marked "ok" here either.
 */
export const DEFAULT_TOLERANCE: RegressionTolerance = toGateTolerance(BaselineSchema.parse({}).tolerance).tolerance;

/** The fields two runs must share for their numbers to compare; a warning names each that differs. */
const SAME_RUN_KIND = ['env', 'profile', 'scenario'] as const;

export function runsMismatch(a: Partial<Record<(typeof SAME_RUN_KIND)[number], string>>, b: typeof a): string | null {
  const diffs = SAME_RUN_KIND.filter((f) => a[f] !== undefined && b[f] !== undefined && a[f] !== b[f]).map(
    (f) => `${f} (A ${a[f]}, B ${b[f]})`,
  );
  return diffs.length
    ? `warning: the runs differ in ${diffs.join(', ')}: their latencies and error rates are rarely comparable`
    : null;
}

const USAGE = `usage: npm run compare -- <run-a> <run-b> [--out file.md] [--relative 0.2] [--absolute-ms 25] [--error-rate 0.01] [--min-samples 20]
  <run-a>, <run-b>  run folders (reports/<run>) or their verdict.json; A is the baseline
  --out             also write the table as Markdown to this file
  --relative        a latency regresses when it grew by more than this share ...      (default ${DEFAULT_TOLERANCE.relative})
  --absolute-ms     ... and by more than this many ms                                 (default ${DEFAULT_TOLERANCE.absoluteMs})
  --error-rate      the error rate regresses when it grew by more than this (0..1)    (default ${DEFAULT_TOLERANCE.errorRateAbsolute})
  --min-samples     routes with fewer requests (either run) are listed, not compared  (default ${DEFAULT_TOLERANCE.minSamples}, as the baseline gate)
percentiles are k6's own (interpolated between ranks, exact over every request), as verdict.json records them
exit codes: 0 no regression, ${EXIT.baselineRegressed} B regressed, ${EXIT.invalidConfig} invalid input`;

export interface CompareIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

function number(flag: string, raw: string | undefined, fallback: number, max = Infinity): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > max)
    throw new Error(`--${flag} must be a number between 0 and ${max} (got "${raw}")`);
  return n;
}

function parseCompareArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      relative: { type: 'string' },
      'absolute-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'min-samples': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

export async function runCompare(
  argv: string[],
  io: CompareIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  let parsed: ReturnType<typeof parseCompareArgs>;
  try {
    parsed = parseCompareArgs(argv);
  } catch (err) {
    io.err(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\n${USAGE}\n`);
    return EXIT.invalidConfig;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    io.err(`expected two runs, got ${positionals.length}\n${USAGE}\n`);
    return EXIT.invalidConfig;
  }
  try {
    const tolerance: RegressionTolerance = {
      relative: number('relative', values.relative, DEFAULT_TOLERANCE.relative),
      absoluteMs: number('absolute-ms', values['absolute-ms'], DEFAULT_TOLERANCE.absoluteMs),
      errorRateAbsolute: number('error-rate', values['error-rate'], DEFAULT_TOLERANCE.errorRateAbsolute, 1),
      minSamples: number('min-samples', values['min-samples'], DEFAULT_TOLERANCE.minSamples ?? 0),
    };
    const [a, b] = await Promise.all(
      positionals.map((p, i) => loadBaseline(p, i === 0 ? 'run A (the baseline)' : 'run B')),
    );
    if (!a || !b) throw new Error('two runs are needed');
    const mismatch = runsMismatch(a, b);
    if (mismatch) io.err(`${mismatch}\n`);
    const rows = compareRoutes(b.routes, a.routes, tolerance);
    const md = renderComparisonMarkdown(rows, { label: 'A', ...a }, { label: 'B', ...b }, tolerance);
    io.out(md);
    if (values.out) {
      try {
        await writeFileAtomic(values.out, md);
      } catch (err) {
        throw new Error(
          `--out ${values.out}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pick a writable file`,
        );
      }
      io.err(`wrote ${values.out}\n`);
    }
    return rows.some((r) => r.regressed) ? EXIT.baselineRegressed : EXIT.ok;
  } catch (err) {
    io.err(`compare: ${(err as Error).message}\n`);
    return EXIT.invalidConfig;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCompare(process.argv.slice(2));
}
