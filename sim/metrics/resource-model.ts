/**
 * What the exporters of a real cluster would measure, from the simulator's own state:
 *   - CPU seconds per container (cAdvisor's counter), from the CPU the pods are charged;
 *   - memory working set per container: a base plus a share per unit of in-flight work
 *     (a busy request slot, a running Celery task, an open chatbot socket), plus a leak under `oom=`;
 *   - Postgres connections: each DB-using request in flight on aurora-server holds one (active); pools
 *     keep what they opened (idle), up to the pool size (the `db-pool` fault's n, else SQLAlchemy's
 *     2 x 15); Celery tasks' short DB sessions are not counted;
 *   - Redis memory: a base, queued Celery messages and chat sessions, plus growth under `redis-memory=`.
 * Periods are simulated time: `tick(nowSimMs)` is driven by the simulator's clock.
 */
import { MiB } from './quantity.ts';
import type { FaultConfig } from '../faults/config.ts';

/** The faults the model acts on (`oom=`, `redis-memory=`). */
export type ResourceFaults = Pick<FaultConfig, 'oom' | 'redisMiBPerMin'>;

export interface MemoryShape {
  /** Working set of an idle container, MiB. */
  baseMiB: number;
  /** Extra MiB per unit of in-flight work. */
  perUnitMiB: number;
}

/** Per Deployment (by its container's role); the limits come from the Deployment spec. */
export const MEMORY_SHAPES: Record<string, MemoryShape> = {
  'aurora-oss-server': { baseMiB: 380, perUnitMiB: 40 },
  'aurora-oss-celery-worker': { baseMiB: 700, perUnitMiB: 300 },
  'aurora-oss-chatbot': { baseMiB: 220, perUnitMiB: 3 },
};
const DEFAULT_SHAPE: MemoryShape = { baseMiB: 256, perUnitMiB: 10 };

export const POSTGRES = {
  datname: 'aurora',
  /** postgres' default max_connections. */
  maxConnections: 100,
  /** Per aurora-server pod: 2 gunicorn workers x (SQLAlchemy pool_size 5 + max_overflow 10). */
  serverPoolPerPod: 30,
} as const;

export const REDIS = {
  /** maxmemory of the chart's Redis. */
  maxBytes: 256 * MiB,
  baseBytes: 6 * MiB,
  /** A queued Celery message (the task payload with its alert body). */
  perQueuedTaskBytes: 48 * 1024,
  /** A chat session's cached state. */
  perSessionBytes: 4 * 1024,
} as const;

/** Under `oom=`, an idle container climbs from its base to its limit in this many simulated ms. */
export const OOM_CLIMB_SIM_MS = 60_000;

/** One pod as the model sees it at a tick. */
export interface PodProbe {
  name: string;
  deployment: string;
  ready: boolean;
  /** Units of in-flight work (busy slots, running tasks, open sockets). */
  work: number;
  /** DB connections its requests or tasks hold now. */
  dbInUse: number;
  /** Most held at once since the last tick (default dbInUse): what its pool has opened by now. */
  dbHighWater?: number;
  /** Most DB connections its pool may open; undefined = no DB. */
  dbPoolSize?: number;
}

export interface ModelInput {
  pods: PodProbe[];
  queueDepth: number;
  sessions: number;
}

interface PodState {
  cpuMs: number;
  leakBytes: number;
  dbOpen: number;
  /** The `oom=` leak has started in this container. */
  leaking?: boolean;
}

/** A stable share in [0, 1) per pod name (FNV-1a). */
function spread(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

export interface ResourceModelOptions {
  /** Memory limit of a Deployment's container, bytes (undefined = none). */
  memoryLimit: (deployment: string) => number | undefined;
  faults: () => ResourceFaults;
  /** The container hit its limit: the caller restarts it (OOMKilled). */
  onOom: (pod: string) => void;
}

export class ResourceModel {
  private readonly pods = new Map<string, PodState>();
  private lastTick: number | undefined;
  private redisGrowthBytes = 0;
  private input: ModelInput = { pods: [], queueDepth: 0, sessions: 0 };

  constructor(private readonly o: ResourceModelOptions) {}

  /** CPU charged to a pod, real CPU-ms (the same charge the HPA's meter gets). */
  addCpu(pod: string, cpuMs: number): void {
    if (!(cpuMs > 0) || !Number.isFinite(cpuMs)) return;
    this.state(pod).cpuMs += cpuMs;
  }

  /** cAdvisor's container_cpu_usage_seconds_total for the pod's current container. */
  cpuSeconds(pod: string): number {
    return (this.pods.get(pod)?.cpuMs ?? 0) / 1000;
  }

  memoryBytes(pod: PodProbe): number {
    const shape = MEMORY_SHAPES[pod.deployment] ?? DEFAULT_SHAPE;
    const bytes = (shape.baseMiB + shape.perUnitMiB * pod.work) * MiB + (this.pods.get(pod.name)?.leakBytes ?? 0);
    const limit = this.o.memoryLimit(pod.deployment);
    return Math.round(limit === undefined ? bytes : Math.min(bytes, limit));
  }

  /** Postgres connections by state, over every pod's pool. */
  dbConnections(): { active: number; idle: number } {
    let active = 0;
    let open = 0;
    for (const p of this.input.pods) {
      if (p.dbPoolSize === undefined) continue;
      active += p.dbInUse;
      open += Math.max(p.dbInUse, this.pods.get(p.name)?.dbOpen ?? 0);
    }
    return { active, idle: open - active };
  }

  redisUsedBytes(): number {
    const used =
      REDIS.baseBytes +
      this.input.queueDepth * REDIS.perQueuedTaskBytes +
      this.input.sessions * REDIS.perSessionBytes +
      this.redisGrowthBytes;
    return Math.round(Math.min(used, REDIS.maxBytes));
  }

  /** The pods of the last tick. */
  get probes(): readonly PodProbe[] {
    return this.input.pods;
  }

  /** Advances leaks and pools to simulated time `nowSimMs`; fires onOom for a container at its limit. */
  tick(nowSimMs: number, input: ModelInput): void {
    const dt = this.lastTick === undefined ? 0 : Math.max(0, nowSimMs - this.lastTick);
    this.lastTick = nowSimMs;
    this.input = input;
    const faults = this.o.faults();
    this.redisGrowthBytes += (faults.redisMiBPerMin * MiB * dt) / 60_000;
    const live = new Set(input.pods.map((p) => p.name));
    for (const name of this.pods.keys()) if (!live.has(name)) this.pods.delete(name);
    for (const p of input.pods) {
      const s = this.state(p.name);
      if (p.dbPoolSize !== undefined) s.dbOpen = Math.min(p.dbPoolSize, Math.max(s.dbOpen, p.dbHighWater ?? p.dbInUse));
      if (!p.ready) continue;
      const limit = this.o.memoryLimit(p.deployment);
      if (limit === undefined || !faults.oom.includes(p.deployment)) {
        s.leakBytes = 0;
        s.leaking = false;
        continue;
      }
      const base = (MEMORY_SHAPES[p.deployment] ?? DEFAULT_SHAPE).baseMiB * MiB;
      // Containers started together would die together; a per-pod head start spreads them out.
      if (!s.leaking) {
        s.leaking = true;
        s.leakBytes = (limit - base) * 0.5 * spread(p.name);
      }
      s.leakBytes += ((limit - base) * dt) / OOM_CLIMB_SIM_MS;
      if (this.memoryBytes(p) >= limit) {
        // A new container: cAdvisor's counters start again, the leak with it.
        this.pods.set(p.name, { cpuMs: 0, leakBytes: 0, dbOpen: 0, leaking: true });
        this.o.onOom(p.name);
      }
    }
  }

  private state(pod: string): PodState {
    let s = this.pods.get(pod);
    if (!s) {
      s = { cpuMs: 0, leakBytes: 0, dbOpen: 0 };
      this.pods.set(pod, s);
    }
    return s;
  }
}
