// Stabilization windows and scaling-policy rate limits (horizontal.go), when spec.behavior is set.
// Pure; part of the HPA algorithm (hpa-algorithm.ts). Times are simulated ms.
import type { ResolvedBehavior, ResolvedScalingRules } from './hpa-behavior.ts';

export interface TimestampedRecommendation {
  recommendation: number;
  /** Simulated ms. */
  at: number;
}

export interface ScaleEvent {
  /** Always positive: pods added (in scaleUpEvents) or removed (in scaleDownEvents). */
  replicaChange: number;
  at: number;
  outdated?: boolean;
}

export interface Limited {
  replicas: number;
  reason: string;
  message: string;
}

/**
 * stabilizeRecommendationWithBehaviors: the result is the current count pulled up to the lowest
 * recommendation of the scale-up window and down to the highest of the scale-down window.
 * Returns the new recommendation history (the unstabilized desired count is recorded).
 */
export function stabilizeRecommendationWithBehaviors(args: {
  recommendations: readonly TimestampedRecommendation[];
  now: number;
  currentReplicas: number;
  desiredReplicas: number;
  behavior: ResolvedBehavior;
}): Limited & { recommendations: TimestampedRecommendation[] } {
  const { now, currentReplicas, desiredReplicas, behavior } = args;
  const upCutoff = now - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = now - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let upRecommendation = desiredReplicas;
  let downRecommendation = desiredReplicas;
  let oldSampleIndex = -1;
  args.recommendations.forEach((rec, i) => {
    if (rec.at > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.at > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.at < upCutoff && rec.at < downCutoff) oldSampleIndex = i;
  });

  let recommendation = currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;

  const recommendations = [...args.recommendations];
  const sample = { recommendation: desiredReplicas, at: now };
  if (oldSampleIndex >= 0) recommendations[oldSampleIndex] = sample;
  else recommendations.push(sample);

  return desiredReplicas >= currentReplicas
    ? {
        replicas: recommendation,
        recommendations,
        reason: 'ScaleUpStabilized',
        message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        replicas: recommendation,
        recommendations,
        reason: 'ScaleDownStabilized',
        message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** getReplicasChangePerPeriod: the sum of changes strictly inside the last periodSeconds. */
export function replicasChangePerPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let replicas = 0;
  for (const e of events) if (e.at > cutoff) replicas += e.replicaChange;
  return replicas;
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow right now. */
export function scaleUpLimit(
  currentReplicas: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: ResolvedScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const pickMin = rules.selectPolicy === 'Min';
  let result = pickMin ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const added = replicasChangePerPeriod(policy.periodSeconds, upEvents, now);
    const deleted = replicasChangePerPeriod(policy.periodSeconds, downEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    const proposed =
      policy.type === 'Pods'
        ? periodStartReplicas + policy.value
        : // Rounded up, or a small Percent policy could never add a pod.
          Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow right now. */
export function scaleDownLimit(
  currentReplicas: number,
  upEvents: readonly ScaleEvent[],
  downEvents: readonly ScaleEvent[],
  rules: ResolvedScalingRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  // For scaling down, the smallest change ('Min') is the highest replica count.
  const pickMax = rules.selectPolicy === 'Min';
  let result = pickMax ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  for (const policy of rules.policies) {
    const added = replicasChangePerPeriod(policy.periodSeconds, upEvents, now);
    const deleted = replicasChangePerPeriod(policy.periodSeconds, downEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    const proposed =
      policy.type === 'Pods'
        ? periodStartReplicas - policy.value
        : Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: min/max clamp plus the policy rate limits. */
export function convertDesiredReplicasWithBehaviorRate(args: {
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  behavior: ResolvedBehavior;
  upEvents: readonly ScaleEvent[];
  downEvents: readonly ScaleEvent[];
  now: number;
}): Limited {
  const { currentReplicas, desiredReplicas, minReplicas, maxReplicas, behavior, upEvents, downEvents, now } = args;
  if (desiredReplicas > currentReplicas) {
    // We shouldn't scale up further until the scale-up events age out.
    const limit = Math.max(currentReplicas, scaleUpLimit(currentReplicas, upEvents, downEvents, behavior.scaleUp, now));
    const limited =
      maxReplicas > limit
        ? {
            replicas: limit,
            reason: 'ScaleUpLimit',
            message: 'the desired replica count is increasing faster than the maximum scale rate',
          }
        : {
            replicas: maxReplicas,
            reason: 'TooManyReplicas',
            message: 'the desired replica count is more than the maximum replica count',
          };
    if (desiredReplicas > limited.replicas) return limited;
  } else if (desiredReplicas < currentReplicas) {
    const limit = Math.min(
      currentReplicas,
      scaleDownLimit(currentReplicas, upEvents, downEvents, behavior.scaleDown, now),
    );
    const limited =
      minReplicas < limit
        ? {
            replicas: limit,
            reason: 'ScaleDownLimit',
            message: 'the desired replica count is decreasing faster than the maximum scale rate',
          }
        : {
            replicas: minReplicas,
            reason: 'TooFewReplicas',
            message: 'the desired replica count is less than the minimum replica count',
          };
    if (desiredReplicas < limited.replicas) return limited;
  }
  return {
    replicas: desiredReplicas,
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}

/** storeScaleEvent: appends an event, reusing the slot of one older than the longest policy period. */
export function storeScaleEvent(
  events: readonly ScaleEvent[],
  replicaChange: number,
  now: number,
  longestPolicyPeriodSeconds: number,
): ScaleEvent[] {
  const cutoff = now - longestPolicyPeriodSeconds * 1000;
  const next = events.map((e) => (e.at < cutoff ? { ...e, outdated: true } : e));
  let oldIndex = -1;
  next.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  const event = { replicaChange, at: now };
  if (oldIndex >= 0) next[oldIndex] = event;
  else next.push(event);
  return next;
}

export function longestPolicyPeriod(rules: ResolvedScalingRules): number {
  return rules.policies.reduce((longest, p) => Math.max(longest, p.periodSeconds), 0);
}
