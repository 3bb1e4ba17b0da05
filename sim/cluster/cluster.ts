// The simulated Kubernetes side of Aurora: Deployments with pods, and HPAs that scale them.
//
// - Pods are created Pending and turn Ready after the start-up delay (simulated time).
// - Scale-down and crashes remove pods at once (no termination grace period is modelled).
// - Each HPA syncs every 15 simulated seconds with the real algorithm (hpa-controller.ts), from
//   CPU metered in real time (cpu-meter.ts).
// This class owns the clock's timers and the events; a Deployment's records and rules are in
// deployment.ts, the shapes in types.ts, the names in names.ts.
// Events: 'pods' (deployment, readyPods) whenever a Deployment's pods change;
//         'deployment' (name) whenever its spec or status may have changed;
//         'hpa' (name) after every HPA sync; 'scaled' (ScaledEvent) when an HPA rescales.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { SimClock } from '../clock.ts';
import { CpuMeter } from './cpu-meter.ts';
import {
  cpuUtilisation,
  type DeploymentRuntime,
  metricSamples,
  pendingPod,
  type PodRecord,
  runningDeployment,
  scaleDownVictims,
  toPod,
  toPodView,
} from './deployment.ts';
import { DEFAULT_SYNC_PERIOD_MS } from './hpa-algorithm.ts';
import { type HpaState, initialHpaState, reconcileHpa } from './hpa-controller.ts';
import { AURORA_NAMESPACE } from './names.ts';
import {
  type ClusterOptions,
  checkHpaSpec,
  type DeploymentView,
  type HpaSpec,
  type HpaView,
  type Pod,
  type PodView,
  type ScaledEvent,
} from './types.ts';

export { helmDefaults } from './helm-defaults.ts';
export { AURORA_DEPLOYMENTS } from './names.ts';
export type {
  ClusterOptions,
  DeploymentSpec,
  DeploymentView,
  HpaSpec,
  HpaView,
  Pod,
  PodView,
  ScaledEvent,
} from './types.ts';

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
    this.namespace = options.namespace ?? AURORA_NAMESPACE;
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
      const runtime = runningDeployment(spec, options.seed, podStartupMs);
      this.deployments.set(spec.name, runtime);
      for (const pod of runtime.pods) {
        this.podIndex.set(pod.name, runtime);
        this.meter.track(pod.name, Number.NEGATIVE_INFINITY);
      }
    }
    for (const spec of options.hpas) {
      if (this.hpas.has(spec.name)) throw new Error(`duplicate HPA ${spec.name}`);
      checkHpaSpec(spec, (name) => this.deployments.has(name));
      this.hpas.set(spec.name, { spec, state: initialHpaState() });
    }
  }

  // --- reading ---------------------------------------------------------------------------------

  readyPods(deployment: string): Pod[] {
    return this.runtime(deployment)
      .pods.filter((p) => p.ready)
      .map(toPod);
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
    return cpuUtilisation(this.runtime(deployment), (pod) => this.podMillicores(pod));
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
    pod.cancelReady?.();
    pod.cancelReady = undefined;
    pod.lastTerminated = { reason, exitCode, at: this.clock.now(), startedAt: pod.readyAt ?? pod.createdAt };
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
    if (!Number.isInteger(replicas) || replicas < 0)
      throw new RangeError(`replicas must be an integer >= 0, got ${replicas}`);
    const d = this.runtime(deployment);
    this.setReplicas(d, replicas);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.clock.now();
    for (const d of this.deployments.values()) {
      for (const pod of d.pods)
        if (!pod.ready && !pod.cancelReady) this.armReady(d, pod, pod.createdAt + d.startupMs - now);
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
      { specReplicas: from, pods: metricSamples(d, (pod) => this.podMillicores(pod)), frozen: this.frozen },
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
      const pod = pendingPod(d, this.clock.now());
      d.pods.push(pod);
      this.podIndex.set(pod.name, d);
      if (this.running) this.armReady(d, pod, d.startupMs);
    }
    for (const victim of scaleDownVictims(d.pods, d.pods.length - d.replicas)) this.removePod(d, victim.name);
  }

  private armReady(d: DeploymentRuntime, pod: PodRecord, delaySimMs: number): void {
    pod.cancelReady = this.clock.setTimeout(
      () => {
        pod.cancelReady = undefined;
        if (!d.pods.includes(pod)) return;
        pod.ready = true;
        pod.readyAt = this.clock.now();
        this.meter.track(pod.name, performance.now());
        this.changed(d);
      },
      Math.max(0, delaySimMs),
    );
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
