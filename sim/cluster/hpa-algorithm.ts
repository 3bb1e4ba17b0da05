// The HorizontalPodAutoscaler algorithm, as pure functions.
//
// A TypeScript reading of kube-controller-manager's pkg/controller/podautoscaler
// (horizontal.go and replica_calculator.go, Kubernetes 1.27+ where the rate limits count both
// scale-up and scale-down events, and stabilization keeps both an upper and a lower bound).
// Function names follow the Go ones so a reader can put them side by side. Times are simulated
// milliseconds; windows and periods stay in seconds as in the API.
//
// Left out on purpose (the simulator never needs them): object/pods/external metrics,
// configurable per-direction tolerances (alpha in 1.33), container resource metrics,
// and the cpuInitializationPeriod rule that ignores a just-started pod's first samples
// (the simulator's pods have no metric until one scrape after they turn Ready, see cpu-meter.ts).

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

// ---------------------------------------------------------------------------------------------
// Replica calculation for a Resource metric with an averageUtilization target
// (replica_calculator.go GetResourceReplicas, groupPods; metrics/utilization.go).

export interface PodMetricSample {
  name: string;
  /** Pending = created, not yet Ready (the simulator's start-up delay). */
  phase: 'Pending' | 'Running' | 'Failed';
  ready: boolean;
  /** Average CPU use over the metrics window; undefined = no metric yet ("missing pod"). */
  millicores?: number;
  /** The pod's CPU request; utilisation is relative to it. */
  requestMillicores: number;
}

export interface ResourceReplicasInput {
  /** scale.spec.replicas of the target. */
  currentReplicas: number;
  /** spec.metrics[].resource.target.averageUtilization, in percent. */
  targetUtilization: number;
  tolerance?: number;
  pods: readonly PodMetricSample[];
}

export type ResourceReplicasResult =
  | { ok: true; replicas: number; utilization: number; rawAverageMillicores: number }
  | { ok: false; error: string };

interface UtilizationRatio {
  ratio: number;
  utilization: number;
  rawAverageMillicores: number;
}

/**
 * GetResourceUtilizationRatio: utilisation is an integer percent (Go int32 truncation), and the
 * ratio is computed from that integer, exactly as the controller does.
 */
export function resourceUtilizationRatio(
  metrics: ReadonlyMap<string, number>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): UtilizationRatio {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [pod, value] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue; // a pod without a request is skipped, as in the Go code
    metricsTotal += value;
    requestsTotal += request;
    entries++;
  }
  if (requestsTotal === 0) return { ratio: 0, utilization: 0, rawAverageMillicores: 0 };
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    ratio: utilization / targetUtilization,
    utilization,
    rawAverageMillicores: Math.trunc(metricsTotal / entries),
  };
}

/**
 * desiredReplicas = ceil(readyPods × currentUtilization / target), no change within the tolerance.
 * Pods still starting (unready) count as 0% on a scale-up; pods without a metric count as 0% on a
 * scale-up and 100% on a scale-down; if those assumptions flip the direction, nothing changes.
 */
export function calcResourceReplicas(input: ResourceReplicasInput): ResourceReplicasResult {
  const { currentReplicas, targetUtilization, pods } = input;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };

  const metrics = new Map<string, number>();
  const requests = new Map<string, number>();
  const unready: string[] = [];
  const missing: string[] = [];
  let readyPodCount = 0;
  for (const pod of pods) {
    requests.set(pod.name, pod.requestMillicores);
    if (pod.phase === 'Failed') continue; // ignored
    if (pod.phase === 'Pending' || !pod.ready) {
      unready.push(pod.name);
      continue;
    }
    if (pod.millicores === undefined) {
      missing.push(pod.name);
      continue;
    }
    metrics.set(pod.name, pod.millicores);
    readyPodCount++;
  }
  if (metrics.size === 0) {
    return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };
  }

  const first = resourceUtilizationRatio(metrics, requests, targetUtilization);
  const result = (replicas: number): ResourceReplicasResult => ({
    ok: true,
    replicas,
    utilization: first.utilization,
    rawAverageMillicores: first.rawAverageMillicores,
  });
  const within = (ratio: number): boolean => Math.abs(1 - ratio) <= tolerance;

  const scaleUpWithUnready = unready.length > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (within(first.ratio)) return result(currentReplicas);
    return result(Math.ceil(first.ratio * readyPodCount));
  }

  if (missing.length > 0) {
    if (first.ratio < 1) {
      // On a scale-down, a missing pod is assumed to use its whole request (or the target, if > 100%).
      const fallback = Math.max(100, targetUtilization);
      for (const name of missing) metrics.set(name, ((requests.get(name) ?? 0) * fallback) / 100);
    } else if (first.ratio > 1) {
      for (const name of missing) metrics.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);

  const second = resourceUtilizationRatio(metrics, requests, targetUtilization);
  if (within(second.ratio) || (first.ratio < 1 && second.ratio > 1) || (first.ratio > 1 && second.ratio < 1)) {
    return result(currentReplicas);
  }
  const newReplicas = Math.ceil(second.ratio * metrics.size);
  if ((second.ratio < 1 && newReplicas > currentReplicas) || (second.ratio > 1 && newReplicas < currentReplicas)) {
    return result(currentReplicas);
  }
  return result(newReplicas);
}

// ---------------------------------------------------------------------------------------------
// Stabilization and rate limits (horizontal.go).

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
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
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

// ---------------------------------------------------------------------------------------------
// The legacy path, used when spec.behavior is unset (normalizeDesiredReplicas).

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
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}
