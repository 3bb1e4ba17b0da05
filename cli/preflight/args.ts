// Command-line flags of `npm run preflight`. Pure: argv in, parsed flags or a usage error out.
import { parseArgs } from 'node:util';
import { PROFILE_NAMES, type ProfileName } from '../../lib/core/run-config.ts';

export interface PreflightArgs {
  env: string;
  /** The plan whose peak the capacity item checks (default: stress). */
  profile: ProfileName;
  scale: number;
  simFaults: string[];
  /** Another kubeconfig context than the env file's (e.g. a read-only user). */
  context?: string;
  json: boolean;
  help: boolean;
}

export const PREFLIGHT_USAGE = `Usage: npm run preflight -- [--env local|staging|production|<path>] [--profile <name>] [--scale <f>]
  [--sim-fault <spec>]... [--context <kube context>] [--json] [--help]

Checks Aurora's scaling checklist against the cluster before load: one line per item (pass, warn,
fail, unknown), the evidence (object, field, value) and the fix. Exit 0 when no must-have fails,
6 otherwise, 2 on bad flags or an unreadable env file. --json prints the same as data.
`;

export function parsePreflightArgs(argv: string[]): { ok: true; args: PreflightArgs } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        env: { type: 'string', default: 'local' },
        profile: { type: 'string', default: 'stress' },
        scale: { type: 'string', default: '1' },
        'sim-fault': { type: 'string', multiple: true, default: [] },
        context: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: `${(err as Error).message}\n${PREFLIGHT_USAGE}` };
  }
  const v = values as {
    env: string;
    profile: string;
    scale: string;
    'sim-fault': string[];
    context?: string;
    json: boolean;
    help: boolean;
  };
  if (!(PROFILE_NAMES as readonly string[]).includes(v.profile))
    return { ok: false, message: `--profile ${v.profile}: use one of ${PROFILE_NAMES.join(', ')}` };
  const scale = Number(v.scale);
  if (!Number.isFinite(scale) || scale <= 0)
    return { ok: false, message: `--scale ${v.scale}: must be a number above 0` };
  return {
    ok: true,
    args: {
      env: v.env,
      profile: v.profile as ProfileName,
      scale,
      simFaults: v['sim-fault'],
      ...(v.context ? { context: v.context } : {}),
      json: v.json,
      help: v.help,
    },
  };
}
