// What the simulated cluster runs: Deployments and the HPAs that scale them.
import type { HpaBehavior } from './hpa-algorithm.ts';

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
