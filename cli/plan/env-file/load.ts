// Loads an env file into a run plan. Pure: (file text, its path, the process environment, the flags)
// -> { plan, warnings, errors }. Every problem is listed (not just the first), each naming the file
// and the dot-path with a hint. Only the CLI prints them and picks the exit code.
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { clusterGatesFor } from '../../cluster/index.ts';
import { resolveDistributed } from '../../distributed/index.ts';
import { LOCAL_RUN_CONFIG, type ProfileName, type RunConfig, type ScenarioName } from '../../../lib/core/run-config.ts';
import { splitFaultSpecs } from '../fault-schedule.ts';
import type { RunPlan, ScenarioChoice } from '../plan.ts';
import { EnvFileSchema, type EnvFile } from './schema.ts';
import { checkRules } from './rules.ts';
import { formatProblem, fromZod, type Problem } from './issues.ts';

export interface LoadFlags {
  scenario: ScenarioChoice;
  profile: ProfileName;
  scale: number;
  simFaults: string[];
  /** A dry run only prints the plan, so a missing secret is a warning, not an error. */
  dryRun: boolean;
  /** --runners N: the k6-operator runners (overrides distributed.parallelism; 1 = local k6). */
  runners?: number;
}

export interface LoadResult {
  plan: RunPlan | undefined;
  /** Formatted lines: "<file>: <path>: <message> (hint: ...)". */
  warnings: string[];
  errors: string[];
}

/** "envs/staging.example.yaml" -> "staging". */
export function envNameFromPath(path: string): string {
  return basename(path)
    .replace(/\.ya?ml$/, '')
    .replace(/\.example$/, '');
}

function parseYaml(text: string, path: string): { value?: unknown; errors: string[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
      }),
    };
  }
  return { value: doc.toJS() ?? {}, errors: [] };
}

function thresholdOverrides(file: EnvFile, profile: ProfileName): Record<string, string[]> {
  return { ...file.thresholds.all, ...(file.thresholds.perProfile[profile] ?? {}) };
}

function toRunConfig(file: EnvFile, env: string, flags: LoadFlags, timeScale: number): RunConfig {
  const scenarios: ScenarioName[] =
    flags.scenario === 'mixed'
      ? (file.load.scenarios as ScenarioName[])
      : flags.scenario === 'smoke'
        ? []
        : [flags.scenario];
  return {
    env,
    apiUrl: file.sim ? '' : (file.target?.apiUrl.replace(/\/+$/, '') ?? ''),
    wsUrl: file.sim ? '' : (file.target?.wsUrl.replace(/\/+$/, '') ?? ''),
    profile: flags.profile,
    scale: flags.scale,
    timeScale,
    scenarios,
    rates: file.load.rates,
    profiles: file.load.profiles as RunConfig['profiles'],
    users: file.users,
    restWeights: file.load.restWeights,
    contractSampleRate: file.load.contractSampleRate,
    rca: { ...LOCAL_RUN_CONFIG.rca, maxWaitSeconds: file.load.rcaMaxWaitSeconds },
    chatbot: {
      turnTimeoutSeconds: file.load.chatTurnTimeoutSeconds,
      mode: file.load.chat.mode,
      ...(file.load.chat.model ? { model: file.load.chat.model } : {}),
      ...(file.load.chat.providerPreference ? { providerPreference: file.load.chat.providerPreference } : {}),
    },
    ...(file.safety.maxLlmSpendUsd === undefined ? {} : { spendCapUsd: file.safety.maxLlmSpendUsd }),
    thresholdOverrides: thresholdOverrides(file, flags.profile),
    limits: {
      maxArrivalRate: file.safety.maxArrivalRate,
      maxVUs: file.safety.maxVUs,
      maxDuration: file.safety.maxDuration,
    },
  };
}

export function loadEnvFile(
  fileText: string,
  path: string,
  env: Record<string, string | undefined>,
  flags: LoadFlags,
): LoadResult {
  const yaml = parseYaml(fileText, path);
  if (yaml.errors.length) return { plan: undefined, warnings: [], errors: yaml.errors };

  // reportInput: issues carry the value found, so a wrong type is told apart from a missing key.
  const parsed = EnvFileSchema.safeParse(yaml.value, { reportInput: true });
  if (!parsed.success) {
    return { plan: undefined, warnings: [], errors: fromZod(parsed.error).map((p) => formatProblem(path, p)) };
  }
  const file = parsed.data;
  const rules = checkRules(file);
  const errors: Problem[] = [...rules.errors];
  const warnings: Problem[] = [...rules.warnings];
  const name = file.name ?? envNameFromPath(path);

  // Secrets: the file names the variable; the value is read only to say whether it is there.
  const envVar = file.secretEnv.internalApiSecret;
  const present = Boolean(env[envVar]);
  if (!present && !file.sim) {
    (flags.dryRun ? warnings : errors).push({
      path: 'secretEnv.internalApiSecret',
      message: `the environment variable ${envVar} is not set`,
      hint: `export ${envVar}=<Aurora's INTERNAL_API_SECRET> (in CI: a repository secret mapped to ${envVar})`,
    });
  }

  const bypassVar = file.secretEnv.rateLimitBypassToken;
  const bypassPresent = bypassVar !== undefined && Boolean(env[bypassVar]);
  if (bypassVar !== undefined && !bypassPresent) {
    (flags.dryRun ? warnings : errors).push({
      path: 'secretEnv.rateLimitBypassToken',
      message: `the environment variable ${bypassVar} is not set`,
      hint: `export ${bypassVar}=<Aurora's RATE_LIMIT_BYPASS_TOKEN>, or remove secretEnv.rateLimitBypassToken`,
    });
  }

  let timeScale = 1;
  // Faults with "@stage:<n>" or "@<duration>" fire during the load (cli/run/fault-timeline.ts).
  const faults = splitFaultSpecs([...(file.sim?.faults ?? []), ...flags.simFaults]);
  if (file.sim) {
    timeScale = file.sim.timeScale[flags.profile] ?? 1;
    for (const e of faults.errors)
      errors.push({ path: flags.simFaults.length ? '--sim-fault' : 'sim.faults', message: e });
  } else {
    // A remote target runs on its own clock: 1 for a cluster, more for a simulator started by hand.
    timeScale = file.target?.timeScale ?? 1;
  }
  if (!file.sim && flags.simFaults.length) {
    errors.push({
      path: '--sim-fault',
      message: `only applies to an env that runs the simulator (this one targets ${file.target?.apiUrl ?? 'no target'})`,
      hint: 'use --env local to reproduce a regression against the simulator',
    });
  }

  const distributed = resolveDistributed({
    section: file.distributed,
    runnersFlag: flags.runners,
    simulator: Boolean(file.sim),
    kubernetes: file.kubernetes,
    prometheus: file.prometheus,
  });
  errors.push(...distributed.errors);
  const userCount = file.users.mode === 'provision' ? file.users.count : file.users.users.length;
  if (distributed.plan && userCount < distributed.plan.runners)
    errors.push({
      path: file.users.mode === 'provision' ? 'users.count' : 'users.users',
      message: `${userCount} user(s) for ${distributed.plan.runners} runners: each runner acts as its own users, so every runner needs at least one`,
      hint: `raise users.count to ${distributed.plan.runners} or more, or run fewer runners`,
    });
  if (distributed.plan && faults.timed.length)
    errors.push({
      path: flags.simFaults.length ? '--sim-fault' : 'sim.faults',
      message:
        'a fault timed in the load (@stage, @<duration>) needs the local k6 output, which a distributed run does not have',
      hint: 'inject the fault from the start (no @...), or drop --runners',
    });

  const format = (list: Problem[]) => list.map((p) => formatProblem(path, p));
  if (errors.length) return { plan: undefined, warnings: format(warnings), errors: format(errors) };

  const plan: RunPlan = {
    env: name,
    envFile: path,
    description: file.description,
    scenario: flags.scenario,
    profile: flags.profile,
    scale: flags.scale,
    target:
      file.sim || !file.target
        ? { kind: 'simulator' }
        : { kind: 'remote', apiUrl: file.target.apiUrl, wsUrl: file.target.wsUrl },
    sim: file.sim
      ? {
          timeScale,
          seed: file.sim.seed,
          faults: faults.start,
          timedFaults: faults.timed,
          ...(file.sim.rateLimit ? { rateLimit: file.sim.rateLimit } : {}),
        }
      : undefined,
    secret: { envVar, present },
    ...(bypassVar === undefined ? {} : { rateLimitBypass: { envVar: bypassVar, present: bypassPresent } }),
    spend: file.spend,
    runConfig: toRunConfig(file, name, flags, timeScale),
    // Expectations are in the target's clock; the simulator's runs timeScale times faster than the wall clock.
    hpaExpectations: (file.hpa.expectations[flags.profile] ?? []).map((e) => ({
      ...e,
      scaleUpWithinSeconds: e.scaleUpWithinSeconds / timeScale,
      ...(e.scaleDownWithinSeconds === undefined
        ? {}
        : { scaleDownWithinSeconds: e.scaleDownWithinSeconds / timeScale }),
    })),
    kubernetes:
      file.kubernetes ??
      (file.sim
        ? {
            namespace: 'aurora',
            hpas: ['aurora-oss-server', 'aurora-oss-celery-worker'],
            deployments: ['aurora-oss-server', 'aurora-oss-celery-worker', 'aurora-oss-chatbot'],
          }
        : undefined),
    clusterGates: clusterGatesFor(file.cluster, flags.profile, timeScale),
    ...(file.cluster?.rateWindowSeconds === undefined
      ? {}
      : { clusterRateWindowSeconds: file.cluster.rateWindowSeconds }),
    ...(file.prometheus ? { prometheus: file.prometheus } : {}),
    tolerance: file.baseline.tolerance,
    drift: file.drift,
    safety: {
      ...file.safety,
      requireConfirmation: file.safety.requireConfirmation || name === 'production',
    },
    preflight: file.preflight,
    ...(distributed.plan ? { distributed: distributed.plan } : {}),
  };
  return { plan, warnings: format(warnings), errors: [] };
}
