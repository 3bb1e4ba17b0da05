/**
 * The aurora-server cost model, in one place.
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

const c = (medianMs: number, sigma: number, cpuMs: number, usesDb = true): RouteCost => ({ medianMs, sigma, cpuMs, usesDb });

/** Keyed by route template (see routes.ts). */
export const ROUTE_COSTS: Record<string, RouteCost> = {
  // Liveness answers from memory: no service time, tiny CPU, no DB. It still waits for a free slot,
  // which is how saturated threads made it time out in production (docs/aurora-contract.md §4, branch 9aaa395c).
  'GET /health/liveness': c(0, 0, 0.5, false),
  'GET /health/readiness': c(3, 0.3, 1),
  // /health/ runs a Celery inspect broadcast plus TCP/HTTP probes: deliberately slow.
  'GET /health/': c(350, 0.25, 15),
  'GET /api/routes': c(5, 0.3, 3, false),
  'POST /api/auth/register': c(180, 0.2, 120),
  // bcrypt: CPU-heavy.
  'POST /api/auth/login': c(150, 0.2, 100),
  'GET /api/auth/me': c(8, 0.4, 6),
  'GET /api/incidents': c(28, 0.35, 20),
  'GET /api/incidents/<id>': c(70, 0.4, 40),
  'POST /api/incidents/trigger-rca': c(45, 0.3, 30),
  'POST /api/incidents/<id>/chat': c(35, 0.3, 20),
  'GET /chat_api/sessions': c(25, 0.35, 18),
  'POST /chat_api/sessions': c(20, 0.3, 15),
  'GET /chat_api/sessions/<id>': c(30, 0.35, 22),
  'GET /chat_api/sessions/<id>/status': c(6, 0.3, 5),
  'GET /chat_api/sessions/<id>/messages': c(20, 0.35, 15),
  'POST /chat_api/sessions/<id>/messages': c(30, 0.3, 20),
  'POST /grafana/alerts/webhook/<user_id>': c(25, 0.3, 18),
};

/** Fallback for anything unlisted (404s, 405s): cheap. */
export const DEFAULT_COST: RouteCost = c(2, 0.2, 1, false);

/** Chatbot pods: CPU per streamed turn (real CPU-ms) and the pause between chunks (real ms). */
export const CHATBOT_COST = { cpuMsPerTurn: 30, chunkGapMs: 15, firstTokenMs: 120 };

/**
 * Celery workers: CPU charged per worker slot per real second while a task runs. 4 busy slots on one
 * worker pod charge 4 x 20 = 80 CPU-ms/s = 80% of its 100m request, above the 70% target.
 */
export const CELERY_CPU_MS_PER_SLOT_SECOND = 20;
