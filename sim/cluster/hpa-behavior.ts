// The HPA's scaling behavior (autoscaling/v2 spec.behavior) and the controller's defaults, with
// the API server's defaulting of unset fields. Part of the HPA algorithm (hpa-algorithm.ts).

export type ScalingPolicyType = 'Pods' | 'Percent';
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface HpaScalingPolicy {
  type: ScalingPolicyType;
  value: number;
  periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules; unset fields take the API server's defaults. */
export interface HpaScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: SelectPolicy;
  policies?: HpaScalingPolicy[];
}

export interface HpaBehavior {
  scaleUp?: HpaScalingRules;
  scaleDown?: HpaScalingRules;
}

export type ResolvedScalingRules = Required<HpaScalingRules>;

export interface ResolvedBehavior {
  scaleUp: ResolvedScalingRules;
  scaleDown: ResolvedScalingRules;
}

/** The controller's --horizontal-pod-autoscaler-tolerance default. */
export const DEFAULT_TOLERANCE = 0.1;
/** The controller's --horizontal-pod-autoscaler-downscale-stabilization default, in seconds. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;
/** The controller's --horizontal-pod-autoscaler-sync-period default, in ms. */
export const DEFAULT_SYNC_PERIOD_MS = 15_000;

// pkg/apis/autoscaling/v2/defaults.go: GenerateHPAScaleUpRules / GenerateHPAScaleDownRules.
const DEFAULT_SCALE_UP_POLICIES: HpaScalingPolicy[] = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const DEFAULT_SCALE_DOWN_POLICIES: HpaScalingPolicy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

/** Fills the unset fields of a behavior the way the API server (and maybeInitScaleDownStabilizationWindow) does. */
export function resolveBehavior(
  behavior: HpaBehavior,
  downscaleStabilizationSeconds = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
): ResolvedBehavior {
  const up = behavior.scaleUp ?? {};
  const down = behavior.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? DEFAULT_SCALE_UP_POLICIES,
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? downscaleStabilizationSeconds,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? DEFAULT_SCALE_DOWN_POLICIES,
    },
  };
}
