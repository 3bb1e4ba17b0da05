// The simulated Kubernetes side of Aurora: Deployments with pods, and HPAs that scale them.
//
// - Pods are created Pending and turn Ready after the start-up delay (simulated time).
// - Scale-down and crashes remove pods at once (no termination grace period is modelled).
// - Each HPA syncs every 15 simulated seconds with the real algorithm (hpa-controller.ts), from
//   CPU metered in real time (cpu-meter.ts).
// Events: 'pods' (deployment, readyPods) whenever a Deployment's pods change;
//         'deployment' (name) whenever its spec or status may have changed;
//         'hpa' (name) after every HPA sync; 'scaled' (ScaledEvent) when an HPA rescales.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { SimClock } from '../clock.ts';
import { CpuMeter } from './cpu-meter.ts';
import { DEFAULT_SYNC_PERIOD_MS, type PodMetricSample } from './hpa-algorithm.ts';
import { type HpaState, type HpaStatus, initialHpaState, reconcileHpa } from './hpa-controller.ts';
import { PodNamer } from './names.ts';
import type { DeploymentSpec, HpaSpec } from './types.ts';

export { helmDefaults, AURORA_DEPLOYMENTS } from './helm-defaults.ts';
export type { DeploymentSpec, HpaSpec } from './types.ts';

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
  /** Default 'aurora'. */
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

interface PodRecord extends PodView {
  cancelReady?: () => void;
}

interface DeploymentRuntime {
  spec: DeploymentSpec;
  replicas: number;
  generation: number;
  namer: PodNamer;
  pods: PodRecord[];
  startupMs: number;
}

interface HpaRuntime {
  spec: HpaSpec;
  state: HpaState;
}

const DEFAULT_POD_STARTUP_MS = 30_000;

export class Cluster extends EventEmitter {
  readonly clock: SimClock;
  readonly namespace: string;
  /** Wall-clock ms at simulated time 0; API timestamps are startEpochMs + simulated ms. */
  readonly startEpochMs: number;
  readonly hpaSyncMs: number;
  readonly meter: CpuMeter;
  private readonly deployments = new Map<string, DeploymentRuntime>();
  private readonly hpas = new Map<string, HpaRuntime>();
  private readonly podIndex = new Map<string, DeploymentRuntime>();
  private readonly metricsOverride?: (pod: Pod) => number | undefined;
  private readonly tolerance?: number;
  private frozen = false;
  private running = false;
  private cancelSync?: () => void;
  private readonly reported = new Set<string>();

  constructor(options: ClusterOptions) {
    super();
    this.clock = options.clock;
    this.namespace = options.namespace ?? 'aurora';
    this.startEpochMs = Date.now() - options.clock.now();
    this.hpaSyncMs = options.hpaSyncMs ?? DEFAULT_SYNC_PERIOD_MS;
    if (!(this.hpaSyncMs > 0)) throw new RangeError(`hpaSyncMs must be > 0, got ${this.hpaSyncMs}`);
    const syncReal = options.clock.toReal(this.hpaSyncMs);
    const windowMs = options.cpuWindowMs ?? Math.max(1000, syncReal);
    this.meter = new CpuMeter({ windowMs, warmupMs: syncReal });
    this.metricsOverride = options.metrics;
    this.tolerance = options.tolerance;
    const podStartupMs = options.podStartupMs ?? DEFAULT_POD_STARTUP_MS;

    for (const spec of options.deployments) {
      if (this.deployments.has(spec.name)) throw new Error(`duplicate Deployment ${spec.name}`);
      if (!Number.isInteger(spec.replicas) || spec.replicas < 0) {
        throw new RangeError(`Deployment ${spec.name}: replicas must be an integer >= 0, got ${spec.replicas}`);
      }
      if (!(spec.cpuRequestMillicores > 0)) {
        throw new RangeError(`Deployment ${spec.name}: cpuRequestMillicores must be > 0`);
      }
      const runtime: DeploymentRuntime = {
        spec,
        replicas: spec.replicas,
        generation: 1,
        namer: new PodNamer(spec.name, options.seed),
        pods: [],
        startupMs: spec.startupDelayMs ?? podStartupMs,
      };
      this.deployments.set(spec.name, runtime);
      // The cluster was already running: initial pods are Ready and have been for a while.
      for (let i = 0; i < spec.replicas; i++) {
        const pod: PodRecord = { name: runtime.namer.next(), deployment: spec.name, ready: true, createdAt: 0, readyAt: 0 };
        runtime.pods.push(pod);
        this.podIndex.set(pod.name, runtime);
        this.meter.track(pod.name, Number.NEGATIVE_INFINITY);
      }
    }
    for (const spec of options.hpas) {
      if (this.hpas.has(spec.name)) throw new Error(`duplicate HPA ${spec.name}`);
      if (!this.deployments.has(spec.targetDeployment)) {
        throw new Error(`HPA ${spec.name}: no Deployment named ${spec.targetDeployment}`);
      }
      if (!(spec.minReplicas >= 1 && spec.maxReplicas >= spec.minReplicas)) {
        throw new RangeError(`HPA ${spec.name}: need 1 <= minReplicas <= maxReplicas`);
      }
      if (!(spec.targetCpuUtilization > 0)) throw new RangeError(`HPA ${spec.name}: targetCpuUtilization must be > 0`);
      this.hpas.set(spec.name, { spec, state: initialHpaState() });
    }
  }

  // --- reading ---------------------------------------------------------------------------------

  readyPods(deployment: string): Pod[] {
    return this.runtime(deployment).pods.filter((p) => p.ready).map(toPod);
  }

  /** Every pod of a Deployment, Ready or starting. */
  pods(deployment: string): PodView[] {
    return this.runtime(deployment).pods.map(toPodView);
  }

  deploymentNames(): string[] {
    return [...this.deployments.keys()];
  }

  hpaNames(): string[] {
    return [...this.hpas.keys()];
  }

  deployment(name: string): DeploymentView {
    const d = this.runtime(name);
    return {
      spec: d.spec,
      replicas: d.replicas,
      generation: d.generation,
      templateHash: d.namer.templateHash,
      pods: d.pods.map(toPodView),
    };
  }

  hpa(name: string): HpaView {
    const h = this.hpas.get(name);
    if (!h) throw new Error(`no HPA named ${name} (known: ${this.hpaNames().join(', ')})`);
    return { spec: h.spec, status: h.state.status, frozen: this.frozen };
  }

  get hpaFrozen(): boolean {
    return this.frozen;
  }

  /** Current CPU utilisation of a Deployment's Ready pods with a metric, percent of request (diagnostics). */
  cpuUtilisation(deployment: string): number | undefined {
    const d = this.runtime(deployment);
    let used = 0;
    let requested = 0;
    for (const pod of d.pods) {
      const m = pod.ready ? this.podMillicores(pod) : undefined;
      if (m === undefined) continue;
      used += m;
      requested += d.spec.cpuRequestMillicores;
    }
    return requested > 0 ? (100 * used) / requested : undefined;
  }

  // --- acting ----------------------------------------------------------------------------------

  /** CPU work done by a pod, in REAL ms of CPU time. Unknown or starting pods are ignored. */
  addCpu(podName: string, cpuMs: number): void {
    this.meter.add(podName, cpuMs);
  }

  /** The pod disappears at once; the Deployment creates a replacement, Ready after the start-up delay. */
  crashPod(podName: string): boolean {
    const d = this.podIndex.get(podName);
    if (!d) return false;
    this.removePod(d, podName);
    this.reconcilePods(d);
    this.changed(d);
    return true;
  }

  /**
   * The container of a pod terminates (e.g. OOMKilled) and the kubelet restarts it in the same pod:
   * restartCount + 1, not Ready until the start-up delay passed, lastState.terminated kept.
   */
  restartContainer(podName: string, reason: string, exitCode = 137): boolean {
    const d = this.podIndex.get(podName);
    const pod = d?.pods.find((p) => p.name === podName);
    if (!d || !pod) return false;
    const now = this.clock.now();
    pod.cancelReady?.();
    pod.cancelReady = undefined;
    pod.lastTerminated = { reason, exitCode, at: now, startedAt: pod.readyAt ?? pod.createdAt };
    pod.restarts = (pod.restarts ?? 0) + 1;
    pod.ready = false;
    this.meter.forget(pod.name);
    this.changed(d);
    if (this.running) this.armReady(d, pod, d.startupMs);
    return true;
  }

  /** Fault switch: the HPA keeps measuring and reporting, but never changes the replica count. */
  setHpaFrozen(frozen: boolean): void {
    this.frozen = frozen;
  }

  /** Sets spec.replicas, as `kubectl scale` would (an HPA on the Deployment may change it back). */
  scale(deployment: string, replicas: number): void {
    if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be an integer >= 0, got ${replicas}`);
    const d = this.runtime(deployment);
    this.setReplicas(d, replicas);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    for (const d of this.deployments.values()) {
      for (const pod of d.pods) if (!pod.ready && !pod.cancelReady) this.armReady(d, pod, pod.createdAt + d.startupMs - now);
    }
    // The controller syncs an HPA as soon as it sees it, then every period.
    this.syncHpas();
    this.cancelSync = this.clock.setInterval(() => this.syncHpas(), this.hpaSyncMs);
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelSync?.();
    this.cancelSync = undefined;
    for (const d of this.deployments.values()) {
      for (const pod of d.pods) {
        pod.cancelReady?.();
        pod.cancelReady = undefined;
      }
    }
  }

  /** Wall-clock ms for a simulated time (API timestamps). */
  epochMs(simMs: number): number {
    return this.startEpochMs + simMs;
  }

  // --- internals -------------------------------------------------------------------------------

  private runtime(name: string): DeploymentRuntime {
    const d = this.deployments.get(name);
    if (!d) throw new Error(`no Deployment named ${name} (known: ${this.deploymentNames().join(', ')})`);
    return d;
  }

  private podMillicores(pod: PodRecord): number | undefined {
    return this.metricsOverride ? this.metricsOverride(toPod(pod)) : this.meter.millicores(pod.name);
  }

  private samples(d: DeploymentRuntime): PodMetricSample[] {
    return d.pods.map((pod) => ({
      name: pod.name,
      phase: pod.ready ? 'Running' : 'Pending',
      ready: pod.ready,
      millicores: pod.ready ? ceilOrUndefined(this.podMillicores(pod)) : undefined,
      requestMillicores: d.spec.cpuRequestMillicores,
    }));
  }

  private syncHpas(): void {
    for (const h of this.hpas.values()) {
      this.guard('hpa sync', () => this.syncHpa(h));
    }
  }

  private syncHpa(h: HpaRuntime): void {
    const d = this.runtime(h.spec.targetDeployment);
    const now = this.clock.now();
    const from = d.replicas;
    const result = reconcileHpa(
      { ...h.spec, tolerance: this.tolerance },
      h.state,
      { specReplicas: from, pods: this.samples(d), frozen: this.frozen },
      now,
    );
    h.state = result.state;
    if (result.rescale) {
      this.setReplicas(d, result.desiredReplicas);
      const event: ScaledEvent = {
        hpa: h.spec.name,
        deployment: d.spec.name,
        from,
        to: result.desiredReplicas,
        reason: result.reason,
        at: now,
      };
      this.emit('scaled', event);
    }
    this.emit('hpa', h.spec.name);
  }

  private setReplicas(d: DeploymentRuntime, replicas: number): void {
    if (d.replicas === replicas) return;
    d.replicas = replicas;
    d.generation++;
    this.reconcilePods(d);
    this.changed(d);
  }

  /** The ReplicaSet controller: create or delete pods until the count matches spec.replicas. */
  private reconcilePods(d: DeploymentRuntime): void {
    while (d.pods.length < d.replicas) {
      const now = this.clock.now();
      const pod: PodRecord = { name: d.namer.next(), deployment: d.spec.name, ready: false, createdAt: now };
      d.pods.push(pod);
      this.podIndex.set(pod.name, d);
      if (this.running) this.armReady(d, pod, d.startupMs);
    }
    if (d.pods.length > d.replicas) {
      // Deletion order of the ReplicaSet controller (controller.ActivePods): not-ready pods first,
      // then the pods Ready for the shortest time, then the newest.
      const victims = [...d.pods]
        .sort((a, b) => {
          if (a.ready !== b.ready) return a.ready ? 1 : -1;
          const readyOrder = (b.readyAt ?? 0) - (a.readyAt ?? 0);
          return readyOrder !== 0 ? readyOrder : b.createdAt - a.createdAt;
        })
        .slice(0, d.pods.length - d.replicas);
      for (const victim of victims) this.removePod(d, victim.name);
    }
  }

  private armReady(d: DeploymentRuntime, pod: PodRecord, delaySimMs: number): void {
    pod.cancelReady = this.clock.setTimeout(() => {
      pod.cancelReady = undefined;
      if (!d.pods.includes(pod)) return;
      pod.ready = true;
      pod.readyAt = this.clock.now();
      this.meter.track(pod.name, performance.now());
      this.changed(d);
    }, Math.max(0, delaySimMs));
  }

  private removePod(d: DeploymentRuntime, podName: string): void {
    const index = d.pods.findIndex((p) => p.name === podName);
    if (index < 0) return;
    const [pod] = d.pods.splice(index, 1);
    pod?.cancelReady?.();
    this.podIndex.delete(podName);
    this.meter.forget(podName);
  }

  private changed(d: DeploymentRuntime): void {
    const name = d.spec.name;
    this.guard('pods listener', () => this.emit('pods', name, d.pods.filter((p) => p.ready).map(toPod)));
    this.guard('deployment listener', () => this.emit('deployment', name));
  }

  /** A listener or sync that throws must not take the simulator down; say so once per kind. */
  private guard(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (this.reported.has(kind)) return;
      this.reported.add(kind);
      console.error(`aurora-sim cluster: ${kind} failed (further failures of this kind are not logged):`, err);
    }
  }
}

function toPod(p: PodRecord): Pod {
  return { name: p.name, deployment: p.deployment, ready: p.ready, createdAt: p.createdAt };
}

function toPodView(p: PodRecord): PodView {
  const view: PodView = toPod(p);
  if (p.readyAt !== undefined) view.readyAt = p.readyAt;
  if (p.restarts) view.restarts = p.restarts;
  if (p.lastTerminated) view.lastTerminated = { ...p.lastTerminated };
  return view;
}

/** Quantity.MilliValue() rounds up. */
function ceilOrUndefined(m: number | undefined): number | undefined {
  return m === undefined ? undefined : Math.ceil(m);
}
