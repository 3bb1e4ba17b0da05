// Per-pod CPU use, measured in REAL time, the way metrics-server sees it.
//
// Callers report CPU work as real milliseconds of CPU time (addCpu). A pod's metric is the CPU
// rate over a sliding real-time window, in millicores:
//     millicores = 1000 × (CPU-ms added in the window) / (window real ms)
// The window is max(1 real second, one HPA sync period in real time): metrics-server reports the
// rate between two kubelet scrapes (15 s resolution by default), which is one sync period, and
// under a large time scale 1 s keeps the rate from being dominated by timer jitter.
// A pod that turned Ready less than one window ago is measured over its Ready time only, and
// has no metric at all (a "missing pod" for the HPA) until `warmupMs` after it turned Ready,
// like a pod that metrics-server has not scraped yet.
import { performance } from 'node:perf_hooks';

interface Bucket {
  at: number;
  cpuMs: number;
}

interface PodUsage {
  buckets: Bucket[];
  readySince: number;
}

export interface CpuMeterOptions {
  /** Real ms of the sliding window. */
  windowMs: number;
  /** Real ms a pod must have been Ready before it has a metric; at most windowMs. */
  warmupMs: number;
  /** Real-time source, ms; injectable for tests. */
  now?: () => number;
}

export class CpuMeter {
  readonly windowMs: number;
  readonly warmupMs: number;
  private readonly bucketMs: number;
  private readonly realNow: () => number;
  private readonly pods = new Map<string, PodUsage>();

  constructor(options: CpuMeterOptions) {
    if (!(options.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${options.windowMs}`);
    this.windowMs = options.windowMs;
    this.warmupMs = Math.min(Math.max(0, options.warmupMs), options.windowMs);
    // At most ~50 buckets per pod, whatever the load.
    this.bucketMs = Math.max(10, this.windowMs / 50);
    this.realNow = options.now ?? (() => performance.now());
  }

  /** Starts metering a pod. readySince: real ms it turned Ready (-Infinity: long ago). */
  track(pod: string, readySince = this.realNow()): void {
    this.pods.set(pod, { buckets: [], readySince });
  }

  forget(pod: string): void {
    this.pods.delete(pod);
  }

  has(pod: string): boolean {
    return this.pods.has(pod);
  }

  /** CPU work done by a tracked pod, in real ms of CPU time. Unknown pods are ignored. */
  add(pod: string, cpuMs: number): void {
    const usage = this.pods.get(pod);
    if (!usage || !(cpuMs > 0) || !Number.isFinite(cpuMs)) return;
    const now = this.realNow();
    const at = now - (now % this.bucketMs);
    const last = usage.buckets[usage.buckets.length - 1];
    if (last && last.at === at) last.cpuMs += cpuMs;
    else usage.buckets.push({ at, cpuMs });
    this.prune(usage, now);
  }

  /** Average millicores over the window, or undefined while the pod has no metric yet. */
  millicores(pod: string): number | undefined {
    const usage = this.pods.get(pod);
    if (!usage) return undefined;
    const now = this.realNow();
    const readyFor = now - usage.readySince;
    if (readyFor < this.warmupMs) return undefined;
    const span = Math.min(this.windowMs, readyFor);
    if (span <= 0) return undefined;
    this.prune(usage, now);
    const from = now - span;
    let cpuMs = 0;
    for (const b of usage.buckets) {
      if (b.at + this.bucketMs <= from) continue;
      // A bucket straddling the window start counts pro rata.
      const overlap = b.at >= from ? 1 : (b.at + this.bucketMs - from) / this.bucketMs;
      cpuMs += b.cpuMs * overlap;
    }
    return (1000 * cpuMs) / span;
  }

  private prune(usage: PodUsage, now: number): void {
    const cutoff = now - this.windowMs - this.bucketMs;
    let drop = 0;
    while (drop < usage.buckets.length && usage.buckets[drop]!.at < cutoff) drop++;
    if (drop > 0) usage.buckets.splice(0, drop);
  }
}
