// The one schema of an environment file (envs/*.yaml). Every field says what it is and its default
// here, and only here: the README and the example files point at this schema, they do not restate it.
// Objects are strict, so a misspelt key is an error with its path, not a silently ignored setting.
//
// zod 4 note: `.default(x)` returns x without parsing it, so nested objects use `.prefault({})`
// (parse `{}` and let each field's own default fill it) rather than restating inner defaults.
import { z } from 'zod';
import { durationMs } from '../../k6/options-schema.ts';
import { PROFILE_NAMES, SCENARIO_NAMES, LOCAL_RUN_CONFIG } from '../../../lib/core/run-config.ts';
import { ClusterSchema, PrometheusSchema } from '../../cluster/index.ts';
import { REST_ACTIONS, REST_ROUTES, type RestAction } from '../../../lib/core/aurora/routes.ts';
import { ChatChoicesSchema, SpendSchema } from './spend-schema.ts';
import { DistributedSchema } from '../../distributed/index.ts';

const ENV_VAR = /^[A-Z_][A-Z0-9_]*$/;

const envVarName = z.string().regex(ENV_VAR, {
  message: 'must be the NAME of an environment variable (UPPER_SNAKE_CASE), never the secret itself',
});

const duration = z.string().refine((s) => durationMs(s) !== undefined, {
  message: 'must be a k6 duration such as "30s", "5m" or "1h30m"',
});

const profileName = z.enum(PROFILE_NAMES as [string, ...string[]]);
const scenarioName = z.enum(SCENARIO_NAMES as [string, ...string[]]);

/** Partial record keyed by profile name; unknown profile keys are errors. */
function perProfile<T extends z.ZodType>(value: T) {
  return z.partialRecord(profileName, value);
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws:// or wss:// URL' });

export const TargetSchema = z
  .strictObject({
    apiUrl: httpUrl.describe('aurora-server base URL through the ingress, e.g. https://api.staging.example.com'),
    wsUrl: wsUrl.describe('Chatbot WebSocket URL through the ingress, e.g. wss://ws.staging.example.com'),
    timeScale: z
      .number()
      .min(1)
      .max(1000)
      .default(1)
      .describe(
        "The target's clock speed: 1 for a real cluster; a simulator started by hand with `--time-scale 20` is 20 (profile durations, RCA waits and HPA budgets are divided by it)",
      ),
  })
  .describe('Where the load goes. Omit it when `sim` is set: the run then targets the local simulator.');

export const SecretEnvSchema = z
  .strictObject({
    internalApiSecret: envVarName
      .default('INTERNAL_API_SECRET')
      .describe(
        "Name of the environment variable holding Aurora's INTERNAL_API_SECRET (token minting). Never the value.",
      ),
    rateLimitBypassToken: envVarName
      .optional()
      .describe(
        "Name of the variable holding Aurora's RATE_LIMIT_BYPASS_TOKEN; when set, REST calls carry X-Rate-Limit-Bypass " +
          '(needed when the target runs Flask-Limiter, RATE_LIMITING_ENABLED). Never the value.',
      ),
  })
  .describe('Names of the environment variables that hold secrets. Secret values never go in an env file.');

const ExistingUserSchema = z.strictObject({
  id: z.string().min(1).describe('Aurora user id'),
  orgId: z.string().min(1).describe('Aurora org id of that user'),
});

export const UsersSchema = z
  .discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('provision'),
      count: z.int().min(1).max(10_000).default(4).describe('How many synthetic users the run mints tokens for'),
    }),
    z.strictObject({
      mode: z.literal('existing'),
      users: z.array(ExistingUserSchema).min(1).describe('Existing users the run acts as'),
    }),
  ])
  .describe('Who the virtual users act as: `mode: provision` (synthetic users) or `mode: existing` (a list).');

const ProfileShapeSchema = z
  .strictObject({
    level: z.number().positive().optional().describe('Multiplier of the base rates while holding (load = 1)'),
    hold: duration.optional().describe('Hold duration at `level`, or at the peak for stress/spike'),
    rampUp: duration.optional().describe('Ramp-up duration'),
    rampDown: duration.optional().describe('Ramp-down duration'),
    peak: z.number().positive().optional().describe('stress/breakpoint: multiplier of base rates at the top'),
    steps: z.int().min(1).optional().describe('stress: steps from level to peak'),
    stepHold: duration.optional().describe('stress: how long each step holds'),
  })
  .describe("Overrides of one profile's shape; unset fields keep the built-in profile's values.");

/** One weight per REST action of lib's route table, defaulting to the table's weight. */
function restWeightFields() {
  return Object.fromEntries(
    REST_ACTIONS.map((a) => [
      a,
      z.number().nonnegative().default(REST_ROUTES[a].defaultWeight).describe(`Weight of ${REST_ROUTES[a].route}`),
    ]),
  ) as Record<RestAction, z.ZodDefault<z.ZodNumber>>;
}

export const LoadSchema = z
  .strictObject({
    scenarios: z
      .array(scenarioName)
      .min(1)
      .default([...LOCAL_RUN_CONFIG.scenarios])
      .describe('Scenarios that `--scenario mixed` runs together'),
    rates: z
      .strictObject({
        rest: z
          .number()
          .nonnegative()
          .default(LOCAL_RUN_CONFIG.rates.rest)
          .describe('REST iterations/s at average load'),
        chatbot: z
          .number()
          .nonnegative()
          .default(LOCAL_RUN_CONFIG.rates.chatbot)
          .describe('Chat sessions started/s at average load'),
        rca: z.number().nonnegative().default(LOCAL_RUN_CONFIG.rates.rca).describe('RCA webhooks/s at average load'),
      })
      .prefault({})
      .describe('Base arrival rates (the `load` profile, before --scale)'),
    restWeights: z
      .strictObject(restWeightFields())
      .prefault({})
      .describe('Relative weights of the REST calls in the `rest` scenario'),
    profiles: perProfile(ProfileShapeSchema)
      .default({})
      .describe('Per-profile shape overrides, e.g. `stress: { peak: 4 }`'),
    contractSampleRate: z
      .number()
      .min(0)
      .max(1)
      .default(LOCAL_RUN_CONFIG.contractSampleRate)
      .describe('Share of responses whose full contract is validated'),
    rcaMaxWaitSeconds: z
      .number()
      .positive()
      .default(LOCAL_RUN_CONFIG.rca.maxWaitSeconds)
      .describe('How long an RCA may take before the iteration gives up'),
    chatTurnTimeoutSeconds: z
      .number()
      .positive()
      .default(LOCAL_RUN_CONFIG.chatbot.turnTimeoutSeconds)
      .describe('How long a chat turn may take before it counts as failed'),
    chat: ChatChoicesSchema.prefault({}),
  })
  .describe('Scenario mix, rates and profile shapes.');

const thresholdMap = z.record(z.string().min(1), z.array(z.string().min(1)).min(1));

export const ThresholdsSchema = z
  .strictObject({
    all: thresholdMap.default({}).describe('Threshold overrides for every profile: {"<metric{tags}>": ["p(95)<800"]}'),
    perProfile: perProfile(thresholdMap)
      .default({})
      .describe('Threshold overrides for one profile, applied after `all`'),
  })
  .describe('Overrides of the built-in SLO budgets (thresholds/).');

export const HpaExpectationSchema = z.strictObject({
  hpa: z.string().min(1).describe('HPA name, e.g. aurora-oss-server'),
  triggerStage: z.int().min(0).describe('Index of the load stage whose start should trigger the scale-up'),
  scaleUpWithinSeconds: z
    .number()
    .positive()
    .describe('Desired replicas must rise within this many seconds of that stage'),
  minReadyAtPeak: z.int().min(1).describe('Ready replicas must reach at least this many at the peak'),
  scaleDownWithinSeconds: z
    .number()
    .positive()
    .optional()
    .describe('Optional: desired replicas must come back down within this many seconds after load stops'),
});

export const HpaSchema = z
  .strictObject({
    expectations: perProfile(z.array(HpaExpectationSchema))
      .default({})
      .describe(
        "HPA expectations per profile; seconds on the target's clock (for the simulator, the CLI divides them by its time scale)",
      ),
  })
  .describe('What autoscaling must do under each profile.');

export const SafetySchema = z
  .strictObject({
    maxArrivalRate: z
      .number()
      .positive()
      .default(LOCAL_RUN_CONFIG.limits.maxArrivalRate)
      .describe('Refuse a plan whose total peak arrival rate (iterations/s) is above this'),
    maxVUs: z
      .int()
      .positive()
      .default(LOCAL_RUN_CONFIG.limits.maxVUs)
      .describe('Refuse a plan needing more VUs than this'),
    maxDuration: duration
      .default(LOCAL_RUN_CONFIG.limits.maxDuration)
      .describe('Refuse a plan longer than this; the CLI also kills k6 past it (plus a margin)'),
    allowStress: z.boolean().default(false).describe('Allow the stress, spike and breakpoint profiles'),
    requireConfirmation: z
      .boolean()
      .default(false)
      .describe('Demand --yes (and, in a terminal, the env name typed back). Always on for an env named production.'),
    maxLlmSpendUsd: z
      .number()
      .positive()
      .optional()
      .describe(
        "LLM budget in USD: a plan whose estimated spend is above it is refused, and k6 stops the run when Aurora's " +
          'reported spend reaches it. Unset: no budget',
      ),
  })
  .describe('Hard limits of what a run may do to this environment.');

export const KubernetesSchema = z
  .strictObject({
    kubeconfig: z.string().min(1).optional().describe('Path to a kubeconfig; default: $KUBECONFIG or ~/.kube/config'),
    context: z.string().min(1).optional().describe('kubeconfig context; default: its current-context'),
    namespace: z.string().min(1).default('aurora').describe('Namespace of the Aurora release'),
    hpas: z
      .array(z.string().min(1))
      .default(['aurora-oss-server', 'aurora-oss-celery-worker'])
      .describe('HPAs the watcher follows'),
    deployments: z
      .array(z.string().min(1))
      .default(['aurora-oss-server', 'aurora-oss-celery-worker', 'aurora-oss-chatbot'])
      .describe('Deployments the watcher follows'),
  })
  .describe('Read-only Kubernetes access for the HPA/Deployment watcher. Omit to run without a timeline.');

const latencyTolerance = z.strictObject({
  relative: z.number().nonnegative().default(0.2).describe('Allowed rise as a share of the baseline (0.2 = +20%)'),
  absoluteMs: z.number().nonnegative().default(25).describe('Allowed rise in ms; a regression must exceed both'),
});

export const BaselineSchema = z
  .strictObject({
    tolerance: z
      .strictObject({
        p50: latencyTolerance.prefault({}).describe("Tolerance of each route's median"),
        p95: latencyTolerance.prefault({}).describe("Tolerance of each route's p95"),
        p99: latencyTolerance.prefault({}).describe("Tolerance of each route's p99"),
        errorRate: z
          .strictObject({
            absolute: z
              .number()
              .min(0)
              .max(1)
              .default(0.01)
              .describe('Allowed rise in error rate (0.01 = one percentage point)'),
          })
          .prefault({}),
        minCount: z
          .int()
          .min(0)
          .default(20)
          .describe('Routes with fewer requests (either run) are noted, not compared'),
      })
      .prefault({}),
  })
  .describe('How far a run may drift from its baseline before the baseline gate fails.');

export const DriftSchema = z
  .strictObject({
    share: z
      .number()
      .gt(0)
      .max(0.5)
      .default(0.25)
      .describe('Part of each hold stage compared: its first and its last `share` (0.25 = first and last quarter)'),
    p50: z
      .strictObject({
        relative: z.number().nonnegative().default(0.2).describe('Allowed rise of p50 as a share of the first part'),
        absoluteMs: z.number().nonnegative().default(5).describe('Allowed rise of p50 in ms; drift must exceed both'),
      })
      .prefault({})
      .describe('The median: a leak shifts the whole distribution, and the median shows it with the least noise'),
    p95: z
      .strictObject({
        relative: z.number().nonnegative().default(0.3).describe('Allowed rise of p95 as a share of the first part'),
        absoluteMs: z.number().nonnegative().default(20).describe('Allowed rise of p95 in ms; drift must exceed both'),
      })
      .prefault({})
      .describe('The tail: a growing queue or a slow replica; judged only when each part has 400 requests or more'),
    errorRate: z
      .strictObject({
        absolute: z.number().min(0).max(1).default(0.01).describe('Allowed rise in error rate (0.01 = one point)'),
      })
      .prefault({}),
    minCount: z
      .int()
      .min(1)
      .default(100)
      .describe(
        'Requests each part needs (a median of fewer is noise); a hold with fewer is not judged (under soak that fails the run)',
      ),
  })
  .describe(
    "How far aurora-server's p50, p95 and error rate may drift from the first part of a hold stage to its last.",
  );

export const SimSchema = z
  .strictObject({
    timeScale: perProfile(z.number().min(1).max(1000))
      .default({ smoke: 1, load: 5, stress: 20, spike: 20, soak: 20, breakpoint: 20, nightly: 20 })
      .describe(
        'Simulator time compression per profile (HPA timings run this many times faster; profile durations shrink by it)',
      ),
    seed: z.int().default(1).describe('Simulator random seed'),
    faults: z.array(z.string().min(1)).default([]).describe('Faults always injected (added to --sim-fault)'),
    rateLimit: z
      .string()
      .regex(/^\d+\/(second|minute|hour|day)(;\d+\/(second|minute|hour|day))*$/, {
        message: 'must be <n>/<second|minute|hour|day>, e.g. 500/hour',
      })
      .optional()
      .describe("Turn on the simulator's Flask-Limiter, e.g. 500/hour (simulated time); unset: off, as in Aurora"),
  })
  .describe('The run targets a local simulator that the CLI starts (only for local envs).');

/** The preflight checklist's item ids (cli/preflight/items.ts declares each one). */
export const PREFLIGHT_ITEMS = [
  'celery-beat-single',
  'hpa-present',
  'requests-limits',
  'ws-affinity',
  'db-connection-budget',
  'redis-maxmemory',
  'pdb',
  'spread',
  'capacity',
  'monitoring',
] as const;

export const PreflightSchema = z
  .strictObject({
    skip: z
      .array(z.enum(PREFLIGHT_ITEMS))
      .default([])
      .describe('Checklist items not to check, by id (they print as skipped)'),
    statelessDeployments: z
      .array(z.string().min(1))
      .default(['aurora-oss-server', 'aurora-oss-celery-worker'])
      .describe('hpa-present, pdb, spread: the stateless Deployments an HPA must scale'),
    serverDeployment: z
      .string()
      .min(1)
      .default('aurora-oss-server')
      .describe('db-connection-budget, capacity: the aurora-server Deployment'),
    celeryWorkerDeployment: z
      .string()
      .min(1)
      .default('aurora-oss-celery-worker')
      .describe('db-connection-budget: the celery-worker Deployment'),
    chatbotDeployment: z
      .string()
      .min(1)
      .default('aurora-oss-chatbot')
      .describe('ws-affinity: the chatbot Deployment its Ingress routes to'),
    celeryBeat: z
      .string()
      .min(1)
      .default('aurora-oss-celery-beat')
      .describe('celery-beat-single: the celery-beat Deployment or StatefulSet'),
    gunicornWorkers: z.int().min(1).default(2).describe("aurora-server's GUNICORN_WORKERS (Aurora's default: 2)"),
    gunicornThreads: z.int().min(1).default(4).describe("aurora-server's GUNICORN_THREADS (Aurora's default: 4)"),
    celeryConcurrency: z.int().min(1).default(4).describe("celery-worker's --concurrency (Aurora's default: 4)"),
    postgresMaxConnections: z
      .int()
      .min(1)
      .optional()
      .describe(
        "db-connection-budget: postgres' max_connections when neither Prometheus nor the postgres StatefulSet says",
      ),
    podCapacityRps: z
      .number()
      .positive()
      .optional()
      .describe('capacity: requests/s one aurora-server pod serves before it saturates'),
    prometheusUrl: httpUrl
      .optional()
      .describe('Prometheus base URL: pg_settings_max_connections, redis_config_maxmemory, and the monitoring item'),
  })
  .describe('The scaling-readiness preflight (npm run preflight; before stress, spike, breakpoint, soak, nightly).');

export const EnvFileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/)
      .optional()
      .describe('Env name in reports; default: the file name'),
    description: z.string().optional().describe('One line shown in --dry-run'),
    target: TargetSchema.optional(),
    sim: SimSchema.optional(),
    secretEnv: SecretEnvSchema.prefault({}),
    users: UsersSchema.prefault({ mode: 'provision' }),
    load: LoadSchema.prefault({}),
    thresholds: ThresholdsSchema.prefault({}),
    hpa: HpaSchema.prefault({}),
    safety: SafetySchema.prefault({}),
    kubernetes: KubernetesSchema.optional(),
    cluster: ClusterSchema.optional(),
    prometheus: PrometheusSchema.optional(),
    distributed: DistributedSchema.optional(),
    baseline: BaselineSchema.prefault({}),
    preflight: PreflightSchema.prefault({}),
    drift: DriftSchema.prefault({}),
    spend: SpendSchema.prefault({}),
  })
  .describe('An aurora-load environment file (envs/<name>.yaml).');

export type EnvFile = z.infer<typeof EnvFileSchema>;
export type BaselineTolerance = EnvFile['baseline']['tolerance'];
export type DriftTolerance = EnvFile['drift'];
export type SafetyLimits = EnvFile['safety'];
export type KubernetesAccess = z.infer<typeof KubernetesSchema>;
export type PreflightSettings = EnvFile['preflight'];
export type SpendSettings = EnvFile['spend'];
