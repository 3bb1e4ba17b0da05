// The run configuration that the CLI hands to every k6 bundle, and its local defaults.
//
// The CLI validates an env file (envs/*.yaml, zod, at the edge) and resolves it into a RunConfig,
// passed to k6 as JSON in __ENV.AURORA_LOAD_CONFIG. Secrets never travel inside it: the internal
// API secret arrives in __ENV.AURORA_INTERNAL_API_SECRET. Without AURORA_LOAD_CONFIG, a bundle run
// by hand (`k6 run dist/rest.js`) targets the local simulator with LOCAL_RUN_CONFIG.
//
// lib/core: imported by k6 bundles and by Node code alike (no k6, no Node imports).
import { DEFAULT_REST_WEIGHTS, type RestAction } from './aurora/routes.ts';

export type ScenarioName = 'rest' | 'chatbot' | 'rca';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['rest', 'chatbot', 'rca'];

export type ProfileName = 'smoke' | 'load' | 'stress' | 'spike' | 'soak' | 'breakpoint' | 'nightly';
export const PROFILE_NAMES: readonly ProfileName[] = [
  'smoke',
  'load',
  'stress',
  'spike',
  'soak',
  'breakpoint',
  'nightly',
];

/** Iterations per second of each scenario at average load (the `load` profile), before `scale`. */
export interface ScenarioRates {
  rest: number;
  chatbot: number;
  rca: number;
}

/** How a profile shapes load over time. Durations are k6 duration strings ('30s', '5m'). */
export interface ProfileShape {
  /** Multiplier of the base rates while holding (load = 1). */
  level: number;
  /** Hold duration at `level` (load, soak, smoke), or at the peak (stress, spike). */
  hold: string;
  rampUp?: string;
  rampDown?: string;
  /** stress, breakpoint: multiplier of base rates at the top of the ramp. */
  peak?: number;
  /** stress: number of steps from level to peak, each held `stepHold`. */
  steps?: number;
  stepHold?: string;
}

/** A budget override from the env file: a threshold key and its expressions, e.g. {"http_req_duration{service:aurora-server}": ["p(95)<800"]}. */
export type ThresholdOverrides = Record<string, string[]>;

export interface ExistingUser {
  id: string;
  orgId: string;
}

export interface RunConfig {
  /** Env name ('local', 'staging', ...), for tags and reports. */
  env: string;
  /** aurora-server base URL (through the ingress), no trailing slash. */
  apiUrl: string;
  /** Chatbot WebSocket URL through the ingress (ws:// or wss://). */
  wsUrl: string;
  profile: ProfileName;
  /** Multiplies every rate (and VU pool) of the profile. */
  scale: number;
  /** Divides every duration of the profile: the local simulator's time compression (1 elsewhere). */
  timeScale: number;
  /** Scenarios that `mixed` runs. */
  scenarios: ScenarioName[];
  rates: ScenarioRates;
  profiles: Partial<Record<ProfileName, ProfileShape>>;
  users: { mode: 'provision'; count: number } | { mode: 'existing'; users: ExistingUser[] };
  restWeights: Record<RestAction, number>;
  /** Share of responses whose full contract is validated (0..1). */
  contractSampleRate: number;
  rca: {
    maxWaitSeconds: number;
    pollInitialSeconds: number;
    pollMaxSeconds: number;
    /** Share of RCA submissions sent through the Grafana webhook, the rest through trigger-rca (default 0.5). */
    webhookShare?: number;
  };
  chatbot: {
    turnTimeoutSeconds: number;
    /** Connect to START before a connection is given up (default 10, at most the turn timeout). */
    startTimeoutSeconds?: number;
    /** The chat turn's `model` (Aurora's default model when unset). */
    model?: string;
    /** The chat turn's `mode`: `ask` (read-only, fewer tool calls) or `agent`. Default ask. */
    mode?: 'ask' | 'agent';
    /** The chat turn's `provider_preference` (Aurora's own order when unset). */
    providerPreference?: string[];
  };
  /** The LLM spend (USD) at which k6 stops the run (abortOnFail on aurora_llm_spend_usd); unset = no cap. */
  spendCapUsd?: number;
  thresholdOverrides: ThresholdOverrides;
  /** Run id the CLI chose (report folder name); names provisioned users. Default: made up in setup(). */
  runId?: string;
  /** Hard bounds the CLI already enforced; bundles re-check them to stop a hand-edited config. */
  limits: { maxArrivalRate: number; maxVUs: number; maxDuration: string };
}

export const LOCAL_RUN_CONFIG: RunConfig = {
  env: 'local',
  apiUrl: 'http://127.0.0.1:5080',
  wsUrl: 'ws://127.0.0.1:5080',
  profile: 'smoke',
  scale: 1,
  timeScale: 1,
  scenarios: ['rest', 'chatbot', 'rca'],
  rates: { rest: 5, chatbot: 0.2, rca: 0.1 },
  profiles: {},
  users: { mode: 'provision', count: 4 },
  restWeights: { ...DEFAULT_REST_WEIGHTS },
  contractSampleRate: 0.1,
  rca: { maxWaitSeconds: 600, pollInitialSeconds: 1, pollMaxSeconds: 15 },
  chatbot: { turnTimeoutSeconds: 60 },
  thresholdOverrides: {},
  limits: { maxArrivalRate: 200, maxVUs: 200, maxDuration: '30m' },
};

/** Environment variable names shared by the CLI and the bundles. */
export const RUN_ENV = {
  config: 'AURORA_LOAD_CONFIG',
  secret: 'AURORA_INTERNAL_API_SECRET',
  summaryPath: 'AURORA_SUMMARY_PATH',
  /** Aurora's RATE_LIMIT_BYPASS_TOKEN, sent as X-Rate-Limit-Bypass on REST calls when set. A secret. */
  rateLimitBypass: 'AURORA_RATE_LIMIT_BYPASS',
} as const;

/**
 * Reads the run config from an env map (k6's __ENV). A malformed value is a hard error that names
 * the variable: the CLI validated it already, so this only catches hand-made runs.
 */
export function readRunConfig(env: Record<string, string | undefined>): RunConfig {
  const raw = env[RUN_ENV.config];
  if (!raw) return LOCAL_RUN_CONFIG;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new Error(
      `${RUN_ENV.config} is not valid JSON (${String(err)}); let \`npm run load\` set it, or unset it to target the local simulator`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as RunConfig).apiUrl !== 'string') {
    throw new Error(
      `${RUN_ENV.config} has no apiUrl; let \`npm run load\` set it, or unset it to target the local simulator`,
    );
  }
  return { ...LOCAL_RUN_CONFIG, ...(parsed as Partial<RunConfig>) };
}
