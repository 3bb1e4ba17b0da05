// autoscaling/v1 HorizontalPodAutoscalers: the same HPAs seen through the older API version, as
// kube-apiserver still serves it. kubectl before 1.23 (Debian's kubernetes-client is 1.20) reads
// HPAs for `describe` through v1 when autoscaling/v2beta2 is gone. v1 carries only the CPU
// utilization target and current value; the columns are the same as v2's.
import type { KubeObject } from '../objects.ts';
import { HPAS } from './hpas.ts';
import type { ResourceDef } from './types.ts';

interface V2Hpa {
  spec: {
    scaleTargetRef: unknown;
    minReplicas?: number;
    maxReplicas: number;
    metrics?: { type: string; resource?: { name: string; target: { averageUtilization?: number } } }[];
  };
  status: {
    lastScaleTime?: string;
    currentReplicas?: number;
    desiredReplicas: number;
    currentMetrics?: { type: string; resource?: { name: string; current: { averageUtilization?: number } } }[];
  };
}

/** The autoscaling/v1 form of a stored autoscaling/v2 HPA. */
export function hpaV1(object: KubeObject): KubeObject {
  const { spec, status } = object as unknown as V2Hpa;
  const cpu = spec.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const current = status.currentMetrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  const v1Status: Record<string, unknown> = {};
  if (status.lastScaleTime) v1Status.lastScaleTime = status.lastScaleTime;
  if (status.currentReplicas) v1Status.currentReplicas = status.currentReplicas;
  v1Status.desiredReplicas = status.desiredReplicas;
  const utilization = current?.resource?.current.averageUtilization;
  if (utilization !== undefined) v1Status.currentCPUUtilizationPercentage = utilization;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: object.metadata,
    spec: {
      scaleTargetRef: spec.scaleTargetRef,
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(cpu?.resource?.target.averageUtilization !== undefined
        ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization }
        : {}),
    },
    status: v1Status,
  };
}

export const HPAS_V1: ResourceDef = { ...HPAS, version: 'v1', fromStored: hpaV1 };
