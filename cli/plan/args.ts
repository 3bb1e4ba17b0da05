// Command-line flags of `npm run load`. Pure: argv and the process environment in, parsed flags or
// a usage error out. node:util parseArgs in strict mode, so an unknown flag is an error, not ignored.
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, type ProfileName } from '../../lib/core/run-config.ts';
import { SCENARIO_CHOICES, type ScenarioChoice } from './plan.ts';

export interface LoadArgs {
  env: string;
  scenario: ScenarioChoice;
  profile: ProfileName;
  scale: number;
  out?: string;
  baseline?: string;
  saveBaseline?: string;
  simFaults: string[];
  dryRun: boolean;
  yes: boolean;
  ci: boolean;
  help: boolean;
  /** --no-download: never download the pinned k6 (cli/k6/) */
  noDownload?: boolean;
  /** --skip-preflight: no scaling-readiness preflight before stress, spike, breakpoint, soak, nightly */
  skipPreflight?: boolean;
  /** --runners N: run on N k6-operator runners (1 = the local k6; overrides distributed.parallelism) */
  runners?: number;
}

export type ArgsResult = { ok: true; args: LoadArgs } | { ok: false; message: string };

const OPTIONS = {
  env: { type: 'string', default: 'local' },
  scenario: { type: 'string', default: 'mixed' },
  profile: { type: 'string', default: 'smoke' },
  scale: { type: 'string', default: '1' },
  out: { type: 'string' },
  baseline: { type: 'string' },
  'save-baseline': { type: 'string' },
  'sim-fault': { type: 'string', multiple: true, default: [] as string[] },
  'dry-run': { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  ci: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  'no-download': { type: 'boolean', default: false },
  'skip-preflight': { type: 'boolean', default: false },
  runners: { type: 'string' },
} as const;

const BASELINE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** CI mode: --ci, or CI=true/1 as GitHub Actions and most CI systems set. */
export function ciFromEnv(env: Record<string, string | undefined>): boolean {
  const v = env.CI?.toLowerCase();
  return v === 'true' || v === '1';
}

/** `--scale -1` -> `--scale=-1`: parseArgs calls a value starting with "-" ambiguous; the checks below explain it. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : '';
    const option = (OPTIONS as Record<string, { type: string }>)[name];
    if (option?.type === 'string' && /^-\d|^-\.\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

export function parseLoadArgs(argv: string[], env: Record<string, string | undefined> = {}): ArgsResult {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    return { ok: false, message: `${msg}\nRun \`npm run load -- --help\` for the flags.` };
  }
  const v = values as {
    env: string;
    scenario: string;
    profile: string;
    scale: string;
    out?: string;
    baseline?: string;
    'save-baseline'?: string;
    'sim-fault': string[];
    'dry-run': boolean;
    yes: boolean;
    ci: boolean;
    help: boolean;
    'no-download': boolean;
    'skip-preflight': boolean;
    runners?: string;
  };
  const problems: string[] = [];
  if (!(SCENARIO_CHOICES as readonly string[]).includes(v.scenario)) {
    problems.push(`--scenario ${v.scenario}: use one of ${SCENARIO_CHOICES.join(', ')}`);
  }
  if (!(PROFILE_NAMES as readonly string[]).includes(v.profile)) {
    problems.push(`--profile ${v.profile}: use one of ${PROFILE_NAMES.join(', ')}`);
  }
  const scale = Number(v.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    problems.push(
      `--scale ${v.scale}: must be a number above 0 and at most 1000 (1 = the env file's rates, 0.5 = half, 2 = double)`,
    );
  }
  if (v['save-baseline'] !== undefined && !BASELINE_NAME.test(v['save-baseline'])) {
    problems.push(
      `--save-baseline ${v['save-baseline']}: a name of letters, digits, ".", "_" and "-" (stored as baselines/<name>.json)`,
    );
  }
  const runners = v.runners === undefined ? undefined : Number(v.runners);
  if (runners !== undefined && !(Number.isInteger(runners) && runners >= 1 && runners <= 1000)) {
    problems.push(
      `--runners ${v.runners}: a whole number from 1 to 1000 (1 = the local k6; more = k6-operator runners, see distributed: in the env file)`,
    );
  }
  if (v.env === '') problems.push('--env needs a value: local, staging, production or a path to an env file');
  if (v.out === '') problems.push('--out needs a value: the run folder to write, e.g. --out reports/my-run');
  if (problems.length)
    return { ok: false, message: `${problems.join('\n')}\nRun \`npm run load -- --help\` for the flags.` };
  return {
    ok: true,
    args: {
      env: v.env,
      scenario: v.scenario as ScenarioChoice,
      profile: v.profile as ProfileName,
      scale,
      out: v.out,
      baseline: v.baseline,
      saveBaseline: v['save-baseline'],
      simFaults: v['sim-fault'],
      dryRun: v['dry-run'],
      yes: v.yes,
      ci: v.ci || ciFromEnv(env),
      help: v.help,
      noDownload: v['no-download'],
      skipPreflight: v['skip-preflight'],
      ...(runners === undefined ? {} : { runners }),
    },
  };
}
