// The legacy path, used when spec.behavior is unset (normalizeDesiredReplicas): the downscale
// stabilization window and the fixed max(2x, 4) scale-up limit. Pure; part of the HPA algorithm
// (hpa-algorithm.ts).
import type { Limited, TimestampedRecommendation } from './hpa-rate-limits.ts';

const SCALE_UP_LIMIT_FACTOR = 2;
const SCALE_UP_LIMIT_MINIMUM = 4;

/** stabilizeRecommendation: the highest recommendation of the downscale window. */
export function stabilizeRecommendation(args: {
  recommendations: readonly TimestampedRecommendation[];
  now: number;
  desiredReplicas: number;
  downscaleStabilizationSeconds: number;
}): { replicas: number; recommendations: TimestampedRecommendation[] } {
  const cutoff = args.now - args.downscaleStabilizationSeconds * 1000;
  let max = args.desiredReplicas;
  let oldIndex = -1;
  args.recommendations.forEach((rec, i) => {
    if (rec.at < cutoff) oldIndex = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  });
  const recommendations = [...args.recommendations];
  const sample = { recommendation: args.desiredReplicas, at: args.now };
  if (oldIndex >= 0) recommendations[oldIndex] = sample;
  else recommendations.push(sample);
  return { replicas: max, recommendations };
}

/** convertDesiredReplicasWithRules: min/max plus the fixed max(2x, 4) scale-up limit. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
): Limited {
  const scaleUpLimit = Math.trunc(Math.max(SCALE_UP_LIMIT_FACTOR * currentReplicas, SCALE_UP_LIMIT_MINIMUM));
  const upper =
    maxReplicas > scaleUpLimit
      ? {
          replicas: scaleUpLimit,
          reason: 'ScaleUpLimit',
          message: 'the desired replica count is increasing faster than the maximum scale rate',
        }
      : {
          replicas: maxReplicas,
          reason: 'TooManyReplicas',
          message: 'the desired replica count is more than the maximum replica count',
        };
  if (desiredReplicas < minReplicas) {
    return {
      replicas: minReplicas,
      reason: 'TooFewReplicas',
      message: 'the desired replica count is less than the minimum replica count',
    };
  }
  if (desiredReplicas > upper.replicas) return upper;
  return {
    replicas: desiredReplicas,
    reason: 'DesiredWithinRange',
    message: 'the desired count is within the acceptable range',
  };
}
