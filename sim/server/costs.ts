/**
 * The cost model's shape and the costs that belong to no REST route. Each route's own cost is
 * declared beside it in route-table.ts, so a route without a cost does not compile.
 *
 * Each route has a service time (real ms, NOT time-scaled: latencies are what a client measures)
 * drawn from a lognormal around `medianMs`, and a CPU charge in real CPU-ms given to the pod via
 * `cluster.addCpu`. The HPA sees utilisation = CPU-ms per real second / request (200m = 200 CPU-ms/s).
 *
 * Calibration: a typical mix (lists, status polls, details, a few writes) costs about 20 CPU-ms per
 * request, so one pod serving ~7 req/s uses ~140 CPU-ms/s = 70% of its 200m request, i.e. the HPA
 * target. Two pods therefore hold ~14 req/s before the HPA scales up; the 8 slots per pod
 * (2 gunicorn workers x 4 threads) bound concurrency, so latency rises from queueing when
 * req/s x service time exceeds 8 per pod.
 */
export interface RouteCost {
  /** Median service time in real ms. */
  medianMs: number;
  /** Spread of the lognormal (sigma of ln). 0 = fixed. */
  sigma: number;
  /** CPU charged to the pod per request, real CPU-ms. */
  cpuMs: number;
  /** Whether the route holds a DB connection (subject to the `db-pool` fault). */
  usesDb: boolean;
}

export const cost = (medianMs: number, sigma: number, cpuMs: number, usesDb = true): RouteCost => ({
  medianMs,
  sigma,
  cpuMs,
  usesDb,
});

/** A request that reaches no handler (404, 405, a denied secret or identity): cheap, no DB. */
export const UNROUTED_COST: RouteCost = cost(2, 0.2, 1, false);

/** Chatbot pods: CPU per streamed turn (real CPU-ms) and the pause between chunks (real ms). */
export const CHATBOT_COST = { cpuMsPerTurn: 30, chunkGapMs: 15, firstTokenMs: 120 };

/**
 * Celery workers: CPU charged per worker slot per real second while a task runs. 4 busy slots on one
 * worker pod charge 4 x 20 = 80 CPU-ms/s = 80% of its 100m request, above the 70% target.
 */
export const CELERY_CPU_MS_PER_SLOT_SECOND = 20;
