// One HPA sync (horizontal.go reconcileAutoscaler) as a pure function of
// (config, previous state, observed pods, now) -> (next state, rescale decision).
// The Cluster calls it every sync period and applies the decision to the Deployment.
import {
  type HpaBehavior,
  type PodMetricSample,
  type ScaleEvent,
  type TimestampedRecommendation,
  DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
  DEFAULT_TOLERANCE,
  calcResourceReplicas,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  longestPolicyPeriod,
  resolveBehavior,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
} from './hpa-algorithm.ts';

export interface HpaConfig {
  minReplicas: number;
  maxReplicas: number;
  /** Target average CPU utilisation, percent of the request. */
  targetCpuUtilization: number;
  /** spec.behavior; undefined takes the legacy path (max(2x, 4) up, 300 s down window). */
  behavior?: HpaBehavior;
  tolerance?: number;
  downscaleStabilizationSeconds?: number;
}

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface HpaCondition {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  /** Simulated ms of the last status flip. */
  lastTransitionTime: number;
}

export interface HpaCpuMetricStatus {
  /** Integer percent of the request, as the controller reports it. */
  averageUtilization: number;
  averageMillicores: number;
}

export interface HpaStatus {
  currentReplicas: number;
  desiredReplicas: number;
  /** Simulated ms. */
  lastScaleTime?: number;
  /** Empty when no metric could be read. */
  currentMetrics: HpaCpuMetricStatus[];
  conditions: HpaCondition[];
}

export interface HpaState {
  recommendations: TimestampedRecommendation[];
  scaleUpEvents: ScaleEvent[];
  scaleDownEvents: ScaleEvent[];
  status: HpaStatus;
}

export interface HpaObservation {
  /** scale.spec.replicas of the target Deployment. */
  specReplicas: number;
  /** Every pod of the target, with its CPU metric. */
  pods: readonly PodMetricSample[];
  /** Fault switch: reconcile and report, never rescale. */
  frozen?: boolean;
}

export interface HpaSyncResult {
  state: HpaState;
  rescale: boolean;
  desiredReplicas: number;
  /** Why the count changes (kube's SuccessfulRescale event reason), or why metrics failed. */
  reason: string;
}

export function initialHpaState(): HpaState {
  return {
    recommendations: [],
    scaleUpEvents: [],
    scaleDownEvents: [],
    status: { currentReplicas: 0, desiredReplicas: 0, currentMetrics: [], conditions: [] },
  };
}

/** setConditionInList: lastTransitionTime moves only when the status flips. */
export function setCondition(
  conditions: readonly HpaCondition[],
  type: ConditionType,
  status: HpaCondition['status'],
  reason: string,
  message: string,
  now: number,
): HpaCondition[] {
  const existing = conditions.find((c) => c.type === type);
  const next: HpaCondition = {
    type,
    status,
    reason,
    message,
    lastTransitionTime: existing && existing.status === status ? existing.lastTransitionTime : now,
  };
  return existing ? conditions.map((c) => (c.type === type ? next : c)) : [...conditions, next];
}

const METRIC_NAME = 'cpu resource utilization (percentage of request)';

export function reconcileHpa(config: HpaConfig, prev: HpaState, observed: HpaObservation, now: number): HpaSyncResult {
  let conditions = prev.status.conditions;
  const cond = (type: ConditionType, status: HpaCondition['status'], reason: string, message: string): void => {
    conditions = setCondition(conditions, type, status, reason, message, now);
  };
  const currentReplicas = observed.specReplicas;
  const minReplicas = config.minReplicas;
  const frozen = observed.frozen === true;
  // A frozen HPA behaves like one whose policies are all `selectPolicy: Disabled`.
  const behavior = config.behavior
    ? resolveBehavior(
        frozen
          ? {
              scaleUp: { ...config.behavior.scaleUp, selectPolicy: 'Disabled' },
              scaleDown: { ...config.behavior.scaleDown, selectPolicy: 'Disabled' },
            }
          : config.behavior,
        config.downscaleStabilizationSeconds,
      )
    : undefined;

  cond('AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale");
  // recordInitialRecommendation
  let recommendations =
    prev.recommendations.length > 0 ? prev.recommendations : [{ recommendation: currentReplicas, at: now }];
  let currentMetrics: HpaCpuMetricStatus[] = [];
  let desiredReplicas = 0;
  let reason = '';
  let rescale = true;

  if (currentReplicas === 0 && minReplicas !== 0) {
    desiredReplicas = 0;
    rescale = false;
    cond(
      'ScalingActive',
      'False',
      'ScalingDisabled',
      'scaling is disabled since the replica count of the target is zero',
    );
  } else if (currentReplicas > config.maxReplicas) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = config.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const calc = calcResourceReplicas({
      currentReplicas,
      targetUtilization: config.targetCpuUtilization,
      tolerance: config.tolerance ?? DEFAULT_TOLERANCE,
      pods: observed.pods,
    });
    if (!calc.ok) {
      // The controller keeps the old desired count and reports why it could not compute a new one.
      cond(
        'ScalingActive',
        'False',
        'FailedGetResourceMetric',
        `the HPA was unable to compute the replica count: failed to get cpu utilization: ${calc.error}`,
      );
      const status: HpaStatus = { ...prev.status, currentReplicas, currentMetrics: [], conditions };
      return {
        state: { ...prev, recommendations, status },
        rescale: false,
        desiredReplicas: prev.status.desiredReplicas,
        reason: calc.error,
      };
    }
    cond(
      'ScalingActive',
      'True',
      'ValidMetricFound',
      `the HPA was able to successfully calculate a replica count from ${METRIC_NAME}`,
    );
    currentMetrics = [{ averageUtilization: calc.utilization, averageMillicores: calc.rawAverageMillicores }];
    desiredReplicas = calc.replicas;
    if (desiredReplicas > currentReplicas) reason = `${METRIC_NAME} above target`;
    if (desiredReplicas < currentReplicas) reason = 'All metrics below target';

    const pre = desiredReplicas;
    if (behavior) {
      const stabilized = stabilizeRecommendationWithBehaviors({
        recommendations,
        now,
        currentReplicas,
        desiredReplicas: pre,
        behavior,
      });
      recommendations = stabilized.recommendations;
      if (stabilized.replicas !== pre) cond('AbleToScale', 'True', stabilized.reason, stabilized.message);
      else cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      const limited = convertDesiredReplicasWithBehaviorRate({
        currentReplicas,
        desiredReplicas: stabilized.replicas,
        minReplicas,
        maxReplicas: config.maxReplicas,
        behavior,
        upEvents: prev.scaleUpEvents,
        downEvents: prev.scaleDownEvents,
        now,
      });
      cond(
        'ScalingLimited',
        limited.replicas === stabilized.replicas ? 'False' : 'True',
        limited.reason,
        limited.message,
      );
      desiredReplicas = limited.replicas;
    } else {
      const stabilized = stabilizeRecommendation({
        recommendations,
        now,
        desiredReplicas: pre,
        downscaleStabilizationSeconds: config.downscaleStabilizationSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
      });
      recommendations = stabilized.recommendations;
      if (stabilized.replicas !== pre) {
        cond(
          'AbleToScale',
          'True',
          'ScaleDownStabilized',
          'recent recommendations were higher than current one, applying the highest recent recommendation',
        );
      } else {
        cond('AbleToScale', 'True', 'ReadyForNewScale', 'recommended size matches current size');
      }
      const limited = convertDesiredReplicasWithRules(
        currentReplicas,
        stabilized.replicas,
        minReplicas,
        config.maxReplicas,
      );
      cond(
        'ScalingLimited',
        limited.replicas === stabilized.replicas ? 'False' : 'True',
        limited.reason,
        limited.message,
      );
      desiredReplicas = limited.replicas;
    }
    rescale = desiredReplicas !== currentReplicas;
  }
  if (frozen) rescale = false;

  let { scaleUpEvents, scaleDownEvents } = prev;
  let lastScaleTime = prev.status.lastScaleTime;
  if (rescale) {
    cond(
      'AbleToScale',
      'True',
      'SucceededRescale',
      `the HPA controller was able to update the target scale to ${desiredReplicas}`,
    );
    if (behavior) {
      if (desiredReplicas > currentReplicas) {
        scaleUpEvents = storeScaleEvent(
          scaleUpEvents,
          desiredReplicas - currentReplicas,
          now,
          longestPolicyPeriod(behavior.scaleUp),
        );
      } else {
        scaleDownEvents = storeScaleEvent(
          scaleDownEvents,
          currentReplicas - desiredReplicas,
          now,
          longestPolicyPeriod(behavior.scaleDown),
        );
      }
    }
    lastScaleTime = now;
  } else {
    desiredReplicas = currentReplicas;
  }

  const status: HpaStatus = { currentReplicas, desiredReplicas, currentMetrics, conditions };
  if (lastScaleTime !== undefined) status.lastScaleTime = lastScaleTime;
  return {
    state: { recommendations, scaleUpEvents, scaleDownEvents, status },
    rescale,
    desiredReplicas,
    reason,
  };
}
