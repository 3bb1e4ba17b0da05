// One Deployment inside the simulated cluster, as the ReplicaSet controller keeps it: its pods
// (Pending until Ready), their names, which pods go first on a scale-down, what the HPA sees of them. The Cluster
// (cluster.ts) owns the timers and the events; this file holds the records and the pure rules.
import type { PodMetricSample } from './hpa-algorithm.ts';
import { PodNamer } from './pod-names.ts';
import { checkDeploymentSpec, type DeploymentSpec, type Pod, type PodView } from './types.ts';

export interface PodRecord extends PodView {
  cancelReady?: () => void;
}

export interface DeploymentRuntime {
  spec: DeploymentSpec;
  replicas: number;
  generation: number;
  namer: PodNamer;
  pods: PodRecord[];
  startupMs: number;
}

/**
 * A Deployment as the cluster finds it at start: it was already running, so its initial pods are
 * Ready and have been for a while (created and Ready at simulated time 0).
 */
export function runningDeployment(spec: DeploymentSpec, seed: number, podStartupMs: number): DeploymentRuntime {
  checkDeploymentSpec(spec);
  const d: DeploymentRuntime = {
    spec,
    replicas: spec.replicas,
    generation: 1,
    namer: new PodNamer(spec.name, seed),
    pods: [],
    startupMs: spec.startupDelayMs ?? podStartupMs,
  };
  for (let i = 0; i < spec.replicas; i++) {
    d.pods.push({ name: d.namer.next(), deployment: spec.name, ready: true, createdAt: 0, readyAt: 0 });
  }
  return d;
}

/** A new pod, Pending until the cluster arms its start-up delay. */
export function pendingPod(d: DeploymentRuntime, now: number): PodRecord {
  return { name: d.namer.next(), deployment: d.spec.name, ready: false, createdAt: now };
}

/**
 * The pods a scale-down removes, in the deletion order of the ReplicaSet controller
 * (controller.ActivePods): not-ready pods first, then the pods Ready for the shortest time, then the newest.
 */
export function scaleDownVictims(pods: readonly PodRecord[], count: number): PodRecord[] {
  return [...pods]
    .sort((a, b) => {
      if (a.ready !== b.ready) return a.ready ? 1 : -1;
      const readyOrder = (b.readyAt ?? 0) - (a.readyAt ?? 0);
      return readyOrder !== 0 ? readyOrder : b.createdAt - a.createdAt;
    })
    .slice(0, Math.max(0, count));
}

/** What the HPA sees of the Deployment's pods: a Ready pod's CPU (rounded up, as Quantity.MilliValue()), none for the others. */
export function metricSamples(
  d: DeploymentRuntime,
  millicores: (pod: PodRecord) => number | undefined,
): PodMetricSample[] {
  return d.pods.map((pod) => {
    const m = pod.ready ? millicores(pod) : undefined;
    return {
      name: pod.name,
      phase: pod.ready ? 'Running' : 'Pending',
      ready: pod.ready,
      millicores: m === undefined ? undefined : Math.ceil(m),
      requestMillicores: d.spec.cpuRequestMillicores,
    };
  });
}

/** CPU use of the Ready pods with a metric, percent of their requests; undefined when none has one. */
export function cpuUtilisation(
  d: DeploymentRuntime,
  millicores: (pod: PodRecord) => number | undefined,
): number | undefined {
  let used = 0;
  let requested = 0;
  for (const pod of d.pods) {
    const m = pod.ready ? millicores(pod) : undefined;
    if (m === undefined) continue;
    used += m;
    requested += d.spec.cpuRequestMillicores;
  }
  return requested > 0 ? (100 * used) / requested : undefined;
}

export function toPod(p: PodRecord): Pod {
  return { name: p.name, deployment: p.deployment, ready: p.ready, createdAt: p.createdAt };
}

export function toPodView(p: PodRecord): PodView {
  const view: PodView = toPod(p);
  if (p.readyAt !== undefined) view.readyAt = p.readyAt;
  if (p.restarts) view.restarts = p.restarts;
  if (p.lastTerminated) view.lastTerminated = { ...p.lastTerminated };
  return view;
}
