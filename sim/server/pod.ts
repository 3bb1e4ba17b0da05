/**
 * One aurora-server pod: 8 request slots (gunicorn 2 workers x 4 threads) and a backlog queue.
 * A request waits in the backlog until a slot frees, holds the slot for its service time, then
 * charges its CPU to the pod. Faults that act inside a pod (latency, leak, error-rate, db-pool)
 * are applied here.
 */
import type { FaultConfig } from '../faults/config.ts';
import type { Rng } from '../rng.ts';
import type { RouteCost } from './costs.ts';

export const SERVER_SLOTS = 8;
/** gunicorn's default listen backlog; beyond it the connection would be refused (we answer 503). */
export const SERVER_BACKLOG = 2048;

export type InjectedFailure = null | 'error-rate' | 'db-pool';

export interface ServerJob {
  template: string;
  cost: RouteCost;
  /** Called when the slot's service time is over: write the response (or the injected failure). */
  complete(failure: InjectedFailure): void;
  /** The pod died (crash) before the job finished. */
  abort(): void;
}

export interface ServerPodDeps {
  rng: Rng;
  faults: () => FaultConfig;
  addCpu: (pod: string, cpuMs: number) => void;
}

export class ServerPod {
  inFlight = 0;
  served = 0;
  private dbInUse = 0;
  private dbHigh = 0;
  private readonly backlog: (ServerJob | undefined)[] = [];
  private head = 0;
  private draining = false;
  private dead = false;
  private readonly timers = new Map<ServerJob, NodeJS.Timeout>();

  constructor(
    readonly name: string,
    private readonly deps: ServerPodDeps,
  ) {}

  get backlogLength(): number {
    return this.backlog.length - this.head;
  }

  /** DB connections this pod's requests hold right now (postgres sees them as active). */
  get dbConnectionsInUse(): number {
    return this.dbInUse;
  }

  /** Most DB connections held at once since the last call (the pool keeps that many open). */
  takeDbHighWater(): number {
    const high = Math.max(this.dbHigh, this.dbInUse);
    this.dbHigh = this.dbInUse;
    return high;
  }

  /** False if the backlog is full (the caller answers 503). */
  submit(job: ServerJob): boolean {
    if (this.dead) {
      job.abort();
      return true;
    }
    if (this.inFlight < SERVER_SLOTS && this.backlogLength === 0) {
      this.start(job);
      return true;
    }
    if (this.backlogLength >= SERVER_BACKLOG) return false;
    this.backlog.push(job);
    return true;
  }

  /** Crash: every in-flight and waiting request is lost. */
  kill(): void {
    this.dead = true;
    for (const [job, timer] of this.timers) {
      clearTimeout(timer);
      job.abort();
    }
    this.timers.clear();
    for (let i = this.head; i < this.backlog.length; i++) this.backlog[i]?.abort();
    this.backlog.length = 0;
    this.head = 0;
    this.inFlight = 0;
  }

  private start(job: ServerJob): void {
    this.inFlight += 1;
    const f = this.deps.faults();
    const { cost } = job;
    let ms = cost.medianMs > 0 ? this.deps.rng.lognormal(cost.medianMs, cost.sigma) : 0;
    const extra = f.latency[job.template];
    if (extra !== undefined) ms += extra;
    if (f.leakMsPer1000 > 0) ms += (f.leakMsPer1000 * this.served) / 1000;
    let failure: InjectedFailure = null;
    let holdsDb = false;
    if (cost.usesDb) {
      if (f.dbPool !== null && this.dbInUse >= f.dbPool) {
        // psycopg2 raises PoolError at once; the request fails fast.
        failure = 'db-pool';
        ms = Math.min(ms, 2);
      } else {
        holdsDb = true;
        this.dbInUse += 1;
        if (this.dbInUse > this.dbHigh) this.dbHigh = this.dbInUse;
      }
    }
    if (failure === null && f.errorRate > 0 && this.deps.rng.next() < f.errorRate) failure = 'error-rate';
    if (ms <= 0) this.finish(job, holdsDb, failure);
    else this.timers.set(job, setTimeout(this.finishLater, ms, job, holdsDb, failure));
  }

  private readonly finishLater = (job: ServerJob, holdsDb: boolean, failure: InjectedFailure): void => {
    this.timers.delete(job);
    this.finish(job, holdsDb, failure);
  };

  private finish(job: ServerJob, holdsDb: boolean, failure: InjectedFailure): void {
    if (holdsDb) this.dbInUse -= 1;
    this.inFlight -= 1;
    this.served += 1;
    this.deps.addCpu(this.name, job.cost.cpuMs);
    job.complete(failure);
    this.drain();
  }

  private drain(): void {
    // A loop, not recursion: zero-latency jobs complete synchronously inside start().
    if (this.draining || this.dead) return;
    this.draining = true;
    try {
      while (this.inFlight < SERVER_SLOTS && this.head < this.backlog.length) {
        const job = this.backlog[this.head] as ServerJob;
        this.backlog[this.head++] = undefined;
        if (this.head > 1024 && this.head * 2 > this.backlog.length) {
          this.backlog.splice(0, this.head);
          this.head = 0;
        }
        this.start(job);
      }
    } finally {
      this.draining = false;
    }
  }
}
