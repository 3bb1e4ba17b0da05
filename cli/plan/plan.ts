// The resolved run plan: an env file plus the command-line flags, validated. Built by the env-file
// loader (pure), completed with the load shape (shape/), checked by safety.ts, printed
// by --dry-run, and handed (as RunConfig) to k6. Never holds a secret value: only the variable's name.
import type { ProfileName, RunConfig } from '../../lib/core/run-config.ts';
import type { HpaExpectation } from '../verdict/index.ts';
import type { ClusterGateSpec, PrometheusFile } from '../cluster/index.ts';
import type { TimedFault } from './fault-schedule.ts';
import type { DistributedPlan } from '../distributed/index.ts';
import type {
  BaselineTolerance,
  DriftTolerance,
  KubernetesAccess,
  PreflightSettings,
  SafetyLimits,
  SpendSettings,
} from './env-file/schema.ts';

export const SCENARIO_CHOICES = ['mixed', 'rest', 'chatbot', 'rca', 'smoke'] as const;
export type ScenarioChoice = (typeof SCENARIO_CHOICES)[number];

export type RunTarget = { kind: 'simulator' } | { kind: 'remote'; apiUrl: string; wsUrl: string };

export interface RunPlan {
  /** Env name, as in reports and the run folder name. */
  env: string;
  /** The env file it came from (as given or resolved). */
  envFile: string;
  description?: string;
  scenario: ScenarioChoice;
  profile: ProfileName;
  scale: number;
  target: RunTarget;
  /**
   * Set when the run targets the local simulator that the CLI starts: `faults` apply from its start,
   * `timedFaults` fire during the load (`<spec>@stage:<n>`, `<spec>@<duration>`).
   */
  sim?: { timeScale: number; seed: number; faults: string[]; timedFaults?: TimedFault[]; rateLimit?: string };
  secret: {
    /** Name of the variable that holds the internal API secret. */
    envVar: string;
    /** Whether it was set when the plan was made. */
    present: boolean;
  };
  /** Aurora's rate-limit bypass token, when the env file names its variable (never the value). */
  rateLimitBypass?: { envVar: string; present: boolean };
  /** Per-unit spend estimates and the spend gate's tolerance. */
  spend: SpendSettings;
  /** The config handed to k6 (apiUrl/wsUrl are empty until the simulator has started). */
  runConfig: RunConfig;
  hpaExpectations: HpaExpectation[];
  kubernetes?: KubernetesAccess;
  /** The profile's cluster gates (env file `cluster.gates`), seconds on the wall clock. */
  clusterGates?: ClusterGateSpec;
  /** rate() window for the cluster CPU panel (env file `cluster.rateWindowSeconds`). */
  clusterRateWindowSeconds?: number;
  /** The environment's Prometheus (env file `prometheus:`): secret variable NAMES only. */
  prometheus?: PrometheusFile;
  tolerance: BaselineTolerance;
  /** The drift gate's tolerance (hold stages, first part against last); absent in plans from before it. */
  drift?: DriftTolerance;
  safety: SafetyLimits;
  /** The scaling-readiness preflight's settings (cli/preflight/). */
  preflight: PreflightSettings;
  /** Set when the load runs on k6-operator runners (env file `distributed:`, --runners N > 1). */
  distributed?: DistributedPlan;
}

/** The secret the local simulator uses when INTERNAL_API_SECRET is unset (sim's default). */
export const SIM_DEFAULT_SECRET = 'aurora-sim-local-secret';

/** The config k6 gets, once the target URLs are known. */
export function withTarget(config: RunConfig, urls: { apiUrl: string; wsUrl: string }): RunConfig {
  return { ...config, apiUrl: urls.apiUrl.replace(/\/+$/, ''), wsUrl: urls.wsUrl.replace(/\/+$/, '') };
}
