// The k6 command lines the simulated operator runs, as grafana/k6-operator builds them: the
// initializer's checks of spec.script and the arguments, and each runner's
//   k6 run --execution-segment=<(i-1)/N:i/N> --execution-segment-sequence=0,1/N,...,1 --paused
//          --address=<host:port> <spec.args, or spec.arguments split on spaces> <script>
// Pure.
import { executionSegment, executionSegmentSequence } from './segments.ts';

export interface ScriptSpec {
  configMap?: { name?: string; file?: string };
  volumeClaim?: { name?: string; file?: string; readOnly?: boolean };
  localFile?: string;
}

export interface TestRunSpec {
  parallelism: number;
  script: ScriptSpec;
  args?: string[];
  arguments?: string;
  separate?: boolean;
  paused?: string | boolean;
  cleanup?: string;
  quiet?: string | boolean;
  runner?: Record<string, unknown>;
}

/** `spec.args` as written, else `spec.arguments` split on whitespace. */
export function userArgs(spec: Pick<TestRunSpec, 'args' | 'arguments'>): string[] {
  if (spec.args && spec.args.length > 0) return [...spec.args];
  return (spec.arguments ?? '').split(/\s+/).filter((a) => a !== '');
}

/** Where the script is mounted in a runner: /test/<file> in a cluster. */
export function scriptFile(script: ScriptSpec): string {
  return script.configMap?.file ?? script.volumeClaim?.file ?? script.localFile ?? 'test.js';
}

/** The initializer's verdict: undefined when the script and arguments would run, else why not. */
export function checkArgs(args: string[]): string | undefined {
  const banned = args.find(
    (a) => a === '--paused' || a === '-p' || a.startsWith('--address') || a.startsWith('--execution-segment'),
  );
  if (banned) return `spec.args must not set ${banned.split('=')[0]}: the operator sets it for every runner`;
  const positional = args.filter(
    (a, i) => !a.startsWith('-') && !(i > 0 && /^-[a-zA-Z]$|^--[a-z-]+$/.test(args[i - 1]!)),
  );
  if (positional.some((a) => /\.(js|ts|tar)$/.test(a)))
    return `spec.args must not name a script (${positional.find((a) => /\.(js|ts|tar)$/.test(a))}): the script comes from spec.script`;
  return undefined;
}

/** `k6 run ...` for runner i (1..n), without the binary. */
export function runnerArgs(
  spec: Pick<TestRunSpec, 'args' | 'arguments' | 'quiet'>,
  i: number,
  n: number,
  address: string,
  script: string,
  /** The TestRun's name: with it, the operator's `--tag instance_id=<i> --tag testrun_name=<name>`. */
  testRun?: string,
): string[] {
  const quiet = spec.quiet === true || spec.quiet === 'true';
  return [
    'run',
    `--execution-segment=${executionSegment(i, n)}`,
    `--execution-segment-sequence=${executionSegmentSequence(n)}`,
    ...(quiet ? ['--quiet'] : []),
    '--paused',
    `--address=${address}`,
    ...userArgs(spec),
    script,
    // as grafana/k6-operator tags every runner, so stored metrics of the runners stay apart
    ...(testRun ? ['--tag', `instance_id=${i}`, '--tag', `testrun_name=${testRun}`] : []),
  ];
}
