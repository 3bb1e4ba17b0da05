/**
 * A Celery-like queue and worker pool. One FIFO queue (Aurora has no task_routes: everything goes
 * to `celery`), prefetch 1, CELERY_CONCURRENCY slots per ready celery-worker pod. Durations are
 * simulated ms on the SimClock. Workers charge CPU while slots are busy. A crashed worker's tasks
 * go back to the queue (acks_late + reject_on_worker_lost).
 */
import type { SimClock } from '../clock.ts';

export const CELERY_CONCURRENCY = 4;

export interface Task {
  name: string;
  /** Simulated ms the task runs for, drawn when it starts. */
  durationSimMs: () => number;
  onStart?: () => void;
  onFinish: () => void;
}

interface Running {
  task: Task;
  cancel: () => void;
}
interface Worker {
  name: string;
  running: Set<Running>;
}

export interface QueueDeps {
  clock: SimClock;
  /** Called for CPU use: pod name, real CPU-ms. */
  addCpu: (pod: string, cpuMs: number) => void;
  stalled: () => boolean;
  cpuMsPerSlotSecond: number;
  /** Where unexpected task errors go; a task must never take the process down. */
  onError: (kind: string, err: unknown) => void;
}

export class CeleryQueue {
  private readonly queue: Task[] = [];
  private readonly workers = new Map<string, Worker>();
  private readonly cpuTimer: NodeJS.Timeout;
  completed = 0;

  constructor(private readonly deps: QueueDeps) {
    // CPU is charged in real time (utilisation is per real second), in 250 ms steps.
    const step = 250;
    this.cpuTimer = setInterval(() => {
      for (const w of this.workers.values()) {
        if (w.running.size > 0) deps.addCpu(w.name, w.running.size * deps.cpuMsPerSlotSecond * (step / 1000));
      }
    }, step);
    this.cpuTimer.unref();
  }

  get depth(): number {
    return this.queue.length;
  }
  /** Worker pods consuming the queue. */
  get workerCount(): number {
    return this.workers.size;
  }
  get active(): number {
    let n = 0;
    for (const w of this.workers.values()) n += w.running.size;
    return n;
  }
  workerStats(): Record<string, { running: number }> {
    const out: Record<string, { running: number }> = {};
    for (const w of this.workers.values()) out[w.name] = { running: w.running.size };
    return out;
  }

  enqueue(task: Task): void {
    this.queue.push(task);
    this.dispatch();
  }

  /** The set of ready worker pods changed. */
  setWorkers(podNames: readonly string[]): void {
    const keep = new Set(podNames);
    for (const [name, w] of this.workers) {
      if (keep.has(name)) continue;
      this.workers.delete(name);
      // Lost with its pod: back to the head of the queue, in order.
      const lost = [...w.running];
      for (const r of lost) r.cancel();
      this.queue.unshift(...lost.map((r) => r.task));
    }
    for (const name of podNames) if (!this.workers.has(name)) this.workers.set(name, { name, running: new Set() });
    this.dispatch();
  }

  /** Re-check after a fault change (workers-stalled switched off). */
  dispatch(): void {
    if (this.deps.stalled()) return;
    while (this.queue.length > 0) {
      const worker = this.leastBusy();
      if (!worker) return;
      this.start(worker, this.queue.shift() as Task);
    }
  }

  stop(): void {
    clearInterval(this.cpuTimer);
    for (const w of this.workers.values()) for (const r of w.running) r.cancel();
    this.workers.clear();
    this.queue.length = 0;
  }

  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.workers.values()) {
      if (w.running.size < CELERY_CONCURRENCY && (!best || w.running.size < best.running.size)) best = w;
    }
    return best;
  }

  private start(worker: Worker, task: Task): void {
    const running: Running = { task, cancel: () => {} };
    worker.running.add(running);
    this.guard(task.name, () => task.onStart?.());
    running.cancel = this.deps.clock.setTimeout(
      () => {
        worker.running.delete(running);
        this.completed += 1;
        this.guard(task.name, () => task.onFinish());
        this.dispatch();
      },
      Math.max(0, task.durationSimMs()),
    );
  }

  private guard(kind: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.onError(`celery task ${kind}`, err);
    }
  }
}
