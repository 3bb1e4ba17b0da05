/**
 * The active fault state the simulator's parts read (ingress, pods, HPAs, Celery), and the one
 * action a spec can ask for. Pure data; the registry (registry.ts) says which spec sets what.
 */
export interface FaultConfig {
  /** HPA controllers stop acting (replicas stay where they are). */
  hpaFrozen: boolean;
  /** Ingress ignores the affinity cookie, round-robins and issues a new cookie every time. */
  stickyOff: boolean;
  /** Celery workers pull no tasks; the queue only grows. */
  workersStalled: boolean;
  /** Extra real ms per route template, e.g. { 'GET /api/incidents': 300 }. */
  latency: Record<string, number>;
  /** Share of aurora-server requests answered 500. */
  errorRate: number;
  /** Extra real ms per 1000 requests a pod has served (latency grows with use). */
  leakMsPer1000: number;
  /** Share of chatbot turns whose socket is closed mid-turn with 1011. */
  chatbotDrop: number;
  /** Max concurrent DB-using requests per pod before pool exhaustion 500s; null = unlimited. */
  dbPool: number | null;
  /** Deployments whose containers leak memory up to their limit and get OOMKilled (sim/metrics). */
  oom: string[];
  /** Extra Redis memory per simulated minute, MiB (sim/metrics). */
  redisMiBPerMin: number;
  /** Misconfiguration: spec.replicas of the celery-beat Deployment (Aurora's chart: 1). */
  beatReplicas: number;
  /** Misconfiguration: the chatbot Ingress has no cookie-affinity annotations. */
  noAffinity: boolean;
  /** Misconfiguration: these Deployments' containers have no resource requests (nor limits). */
  noRequests: string[];
  /** Misconfiguration: no PodDisruptionBudgets. */
  noPdb: boolean;
  /** Misconfiguration: postgres' max_connections; null = Aurora's chart (postgres' default, 100). */
  dbMaxConnections: number | null;
  /** Multiplies the LLM tokens (and so the cost) of every chat turn and RCA: a prompt regression. 1 = off. */
  costSpike: number;
}

/** `crash=` is an action, not a state: it happens once when applied. */
export interface CrashAction {
  kind: 'crash';
  target: string;
}

export function emptyFaults(): FaultConfig {
  return {
    hpaFrozen: false,
    stickyOff: false,
    workersStalled: false,
    latency: {},
    errorRate: 0,
    leakMsPer1000: 0,
    chatbotDrop: 0,
    dbPool: null,
    oom: [],
    redisMiBPerMin: 0,
    beatReplicas: 1,
    noAffinity: false,
    noRequests: [],
    noPdb: false,
    dbMaxConnections: null,
    costSpike: 1,
  };
}
