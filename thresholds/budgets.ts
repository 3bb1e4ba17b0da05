// SLO budgets as data: per profile, per service and per route `name`. Latencies in ms as a client
// measures them (never time-scaled); RCA durations in ms of Aurora's clock (divided by timeScale when
// the run targets the simulator). An env file overrides any built key (RunConfig.thresholdOverrides).
//
// The numbers are starting points read from the contract (gunicorn 2x4 threads per pod, heavy
// incident detail, cheap status polls, RCAs of minutes); tune them per environment in the env file.
import type { ProfileName } from '../lib/core/run-config.ts';
import { ROUTE, type BudgetedRoute } from '../lib/core/aurora/routes.ts';

export interface LatencyBudget {
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface RouteBudget extends LatencyBudget {
  /** Max share of failed requests (http_req_failed) on this route. */
  errorRate?: number;
}

export interface ServiceBudget extends LatencyBudget {
  /** Max share of failed requests of the whole service. */
  errorRate?: number;
  /** Per route `name` tag. */
  routes?: Record<string, RouteBudget>;
}

export interface Budget {
  /** aurora-server HTTP (RCA polls excluded); chatbot: the WebSocket handshake (ws_connecting). */
  services: { 'aurora-server': ServiceBudget; chatbot: ServiceBudget };
  /** checks must pass at more than this rate, overall and per service (checks{service:<name>}). */
  checkRate: number;
  /** Chat turns dropped mid-turn (aurora_ws_turn_dropped), less than this rate. */
  chatbotDropRate: number;
  /** Reconnects that stayed on the same replica, more than this rate. */
  stickyRate: number;
  chatbotTtfmP95: number;
  chatbotTurnP95: number;
  /** Aurora-clock ms. */
  rcaTimeToCompleteP95: number;
  rcaFailedRate: number;
  contractViolationRate: number;
  /** A failure rate this high aborts the run (after `delaySeconds`, Aurora clock). */
  abort: { errorRate: number; delaySeconds: number; p95Ms?: number };
}

/**
 * Routes of aurora-server at average load, by route id: every route a scenario loads
 * (ROUTE_IDS_BY_SCENARIO in lib/core/aurora/routes.ts) must have one, or tsc fails here.
 */
const ROUTE_BUDGETS_AT_LOAD = {
  incidentList: { p95: 300, p99: 800 },
  incidentDetail: { p95: 600, p99: 1500 },
  incidentAlerts: { p95: 300, p99: 800 },
  sessionList: { p95: 300, p99: 800 },
  sessionCreate: { p95: 300, p99: 800 },
  sessionStatus: { p95: 150, p99: 400 },
  messagesRead: { p95: 300, p99: 800 },
  readiness: { p95: 100, p99: 300 },
  grafanaWebhook: { p95: 300, p99: 800 },
  triggerRca: { p95: 500, p99: 1200 },
} satisfies Record<BudgetedRoute, RouteBudget>;

/** The same budgets keyed by route `name`, as thresholds select them. */
const ROUTES_AT_LOAD: Record<string, RouteBudget> = Object.fromEntries(
  (Object.keys(ROUTE_BUDGETS_AT_LOAD) as BudgetedRoute[]).map((id) => [ROUTE[id], ROUTE_BUDGETS_AT_LOAD[id]]),
);

function scaleRoutes(routes: Record<string, RouteBudget>, factor: number): Record<string, RouteBudget> {
  const out: Record<string, RouteBudget> = {};
  for (const [name, b] of Object.entries(routes)) {
    out[name] = {
      ...b,
      p50: b.p50 === undefined ? undefined : b.p50 * factor,
      p95: b.p95 === undefined ? undefined : b.p95 * factor,
      p99: b.p99 === undefined ? undefined : b.p99 * factor,
    };
  }
  return out;
}

const LOAD: Budget = {
  services: {
    'aurora-server': { p50: 150, p95: 500, p99: 1200, errorRate: 0.01, routes: ROUTES_AT_LOAD },
    chatbot: { p95: 1000, p99: 2000 },
  },
  checkRate: 0.99,
  chatbotDropRate: 0.01,
  stickyRate: 0.99,
  chatbotTtfmP95: 5000,
  chatbotTurnP95: 60_000,
  rcaTimeToCompleteP95: 15 * 60_000,
  rcaFailedRate: 0.05,
  contractViolationRate: 0.01,
  abort: { errorRate: 0.5, delaySeconds: 60 },
};

/** Under stress, latency may double and errors reach 5% before the gate fails. */
const STRESS: Budget = {
  ...LOAD,
  services: {
    'aurora-server': { p50: 300, p95: 1000, p99: 2500, errorRate: 0.05, routes: scaleRoutes(ROUTES_AT_LOAD, 2) },
    chatbot: { p95: 2000, p99: 4000 },
  },
  checkRate: 0.95,
  chatbotDropRate: 0.05,
  stickyRate: 0.95,
  chatbotTtfmP95: 10_000,
  rcaTimeToCompleteP95: 25 * 60_000,
  rcaFailedRate: 0.1,
};

export const BUDGETS: Record<ProfileName, Budget> = {
  smoke: LOAD,
  load: LOAD,
  soak: LOAD,
  // nightly: the load budgets, held on its load phase only (see buildThresholds' gateStages).
  nightly: LOAD,
  stress: STRESS,
  spike: {
    ...STRESS,
    services: {
      'aurora-server': { p50: 500, p95: 2000, p99: 5000, errorRate: 0.1, routes: scaleRoutes(ROUTES_AT_LOAD, 4) },
      chatbot: { p95: 3000, p99: 6000 },
    },
    checkRate: 0.9,
    chatbotDropRate: 0.1,
    stickyRate: 0.9,
  },
  // breakpoint looks for the rate where things break: it aborts on the first budget breach.
  breakpoint: {
    ...STRESS,
    services: { 'aurora-server': { p95: 2000, errorRate: 0.1 }, chatbot: { p95: 3000 } },
    checkRate: 0.9,
    abort: { errorRate: 0.1, delaySeconds: 30, p95Ms: 2000 },
  },
};
