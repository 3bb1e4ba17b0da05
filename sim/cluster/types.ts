// The simulated cluster's shapes: what it runs (Deployment and HPA specs, and the checks they must
// pass), what it is built from (ClusterOptions) and what it shows (views, events).
import type { SimClock } from '../clock.ts';
import type { HpaBehavior } from './hpa-algorithm.ts';
import type { HpaStatus } from './hpa-controller.ts';

export interface DeploymentSpec {
  /** Deployment name, e.g. 'aurora-oss-server'. */
  name: string;
  /** spec.replicas at start (the HPA's minReplicas when an HPA manages it). */
  replicas: number;
  /** Container CPU request in millicores; HPA utilisation is relative to it. */
  cpuRequestMillicores: number;
  memoryRequest?: string;
  cpuLimitMillicores?: number;
  memoryLimit?: string;
  /** Container name (the Helm chart's), e.g. 'aurora-server'. */
  container?: string;
  image?: string;
  /** Pod labels, also the Deployment's selector. */
  labels?: Record<string, string>;
  /** Simulated ms from pod creation to Ready; defaults to ClusterOptions.podStartupMs. */
  startupDelayMs?: number;
}

export interface HpaSpec {
  name: string;
  /** Name of the Deployment it scales (scaleTargetRef). */
  targetDeployment: string;
  minReplicas: number;
  maxReplicas: number;
  /** metrics: Resource cpu, target type Utilization, averageUtilization (percent). */
  targetCpuUtilization: number;
  behavior?: HpaBehavior;
}

/** Throws on a spec the API server would reject. */
export function checkDeploymentSpec(spec: DeploymentSpec): void {
  if (!Number.isInteger(spec.replicas) || spec.replicas < 0) {
    throw new RangeError(`Deployment ${spec.name}: replicas must be an integer >= 0, got ${spec.replicas}`);
  }
  if (!(spec.cpuRequestMillicores > 0))
    throw new RangeError(`Deployment ${spec.name}: cpuRequestMillicores must be > 0`);
}

/** Throws on a spec the API server would reject, or one whose target is not a known Deployment. */
export function checkHpaSpec(spec: HpaSpec, hasDeployment: (name: string) => boolean): void {
  if (!hasDeployment(spec.targetDeployment))
    throw new Error(`HPA ${spec.name}: no Deployment named ${spec.targetDeployment}`);
  if (!(spec.minReplicas >= 1 && spec.maxReplicas >= spec.minReplicas)) {
    throw new RangeError(`HPA ${spec.name}: need 1 <= minReplicas <= maxReplicas`);
  }
  if (!(spec.targetCpuUtilization > 0)) throw new RangeError(`HPA ${spec.name}: targetCpuUtilization must be > 0`);
}

export interface Pod {
  name: string;
  deployment: string;
  ready: boolean;
  /** Simulated ms since the cluster's clock started. */
  createdAt: number;
}

export interface PodView extends Pod {
  /** Simulated ms it turned Ready. */
  readyAt?: number;
  /** Container restarts (kubelet's restartCount); absent = 0. */
  restarts?: number;
  /** Why and when (simulated ms) the container last terminated, e.g. OOMKilled. */
  lastTerminated?: { reason: string; exitCode: number; at: number; startedAt: number };
}

export interface ClusterOptions {
  clock: SimClock;
  seed: number;
  /** Default AURORA_NAMESPACE ('aurora'). */
  namespace?: string;
  deployments: DeploymentSpec[];
  hpas: HpaSpec[];
  /** Simulated ms from pod creation to Ready, unless a DeploymentSpec sets its own. Default 30 s. */
  podStartupMs?: number;
  /** Simulated ms between HPA syncs. Default 15 s (kube-controller-manager's default). */
  hpaSyncMs?: number;
  /** Real ms of the CPU metrics window. Default max(1000, one sync period in real time). */
  cpuWindowMs?: number;
  /** Replaces the CPU meter: a pod's CPU use in millicores, or undefined for "no metric yet". For tests. */
  metrics?: (pod: Pod) => number | undefined;
  /** HPA tolerance, default 0.1. */
  tolerance?: number;
}

export interface ScaledEvent {
  hpa: string;
  deployment: string;
  from: number;
  to: number;
  reason: string;
  /** Simulated ms. */
  at: number;
}

export interface DeploymentView {
  spec: DeploymentSpec;
  /** spec.replicas now. */
  replicas: number;
  generation: number;
  templateHash: string;
  pods: PodView[];
}

export interface HpaView {
  spec: HpaSpec;
  status: HpaStatus;
  frozen: boolean;
}
