// Aurora's routes as the scenarios call them (docs/aurora-contract.md §1.3, §1.4): the stable `name` tag (a route
// template with `{id}`-style parameters, never an id) and the path. Pure.
//
// REST_ROUTES is the one declaration of the `rest` scenario's actions: the RestAction type, the
// default weights (LOCAL_RUN_CONFIG, the env file's `restWeights` schema), the weighted mix
// (rest-mix.ts), the scenario's route list for budgets (ROUTES_BY_SCENARIO) and the per-route
// budgets (thresholds/budgets.ts) all derive from it; lib/k6/flows/rest.ts holds each action's step
// in a table keyed by RestAction, so an action without a step, a budget or a weight fails tsc.
import type { ContractName } from './contracts.ts';

/** One action of the `rest` scenario: the route it is measured under and how it is called. */
export interface RestRouteDefinition {
  /** The `name` tag: method and route template, `{id}` for path parameters. */
  route: string;
  /** The request path, ids URL-encoded. */
  path: (...args: never[]) => string;
  /** The response guard (contracts.ts) sampled at `contractSampleRate`. */
  contract: ContractName;
  /** Relative weight in the mix when the env file sets none. */
  defaultWeight: number;
}

/** Aurora's other routes: setup, the RCA flow, the chatbot. */
export interface RouteDefinition {
  route: string;
  path?: (...args: never[]) => string;
}

const enc = encodeURIComponent;

/** The REST calls the UI makes, weighted in the `rest` scenario's mix. */
export const REST_ROUTES = {
  incidentList: {
    route: 'GET /api/incidents',
    path: (limit = 20, offset = 0) => `/api/incidents?limit=${limit}&offset=${offset}`,
    contract: 'incidentList',
    defaultWeight: 30,
  },
  incidentDetail: {
    route: 'GET /api/incidents/{id}',
    path: (id: string) => `/api/incidents/${enc(id)}`,
    contract: 'incidentDetail',
    defaultWeight: 20,
  },
  incidentAlerts: {
    route: 'GET /api/incidents/{id}/alerts',
    path: (id: string) => `/api/incidents/${enc(id)}/alerts`,
    contract: 'incidentAlerts',
    defaultWeight: 10,
  },
  sessionList: {
    route: 'GET /chat_api/sessions',
    path: (scope: 'user' | 'org' = 'user') => `/chat_api/sessions?scope=${scope}`,
    contract: 'sessionList',
    defaultWeight: 15,
  },
  sessionStatus: {
    route: 'GET /chat_api/sessions/{id}/status',
    path: (id: string) => `/chat_api/sessions/${enc(id)}/status`,
    contract: 'sessionStatus',
    defaultWeight: 15,
  },
  sessionCreate: {
    route: 'POST /chat_api/sessions',
    path: () => '/chat_api/sessions',
    contract: 'sessionCreate',
    defaultWeight: 5,
  },
  messagesRead: {
    route: 'GET /chat_api/sessions/{id}/messages',
    path: (id: string, after = 0) => `/chat_api/sessions/${enc(id)}/messages?after=${after}`,
    contract: 'messagesRead',
    defaultWeight: 10,
  },
  readiness: {
    route: 'GET /health/readiness',
    path: () => '/health/readiness',
    contract: 'readiness',
    defaultWeight: 5,
  },
} as const satisfies Record<string, RestRouteDefinition>;

const OTHER_ROUTES = {
  liveness: { route: 'GET /health/liveness', path: () => '/health/liveness' },
  register: { route: 'POST /api/auth/register', path: () => '/api/auth/register' },
  triggerRca: { route: 'POST /api/incidents/trigger-rca', path: () => '/api/incidents/trigger-rca' },
  grafanaWebhook: {
    route: 'POST /grafana/alerts/webhook/{user_id}',
    path: (userId: string) => `/grafana/alerts/webhook/${enc(userId)}`,
  },
  /** RCA follow-up polls: same routes, other names, so REST budgets never see them. */
  rcaPollList: { route: 'GET /api/incidents (rca poll)' },
  rcaPollDetail: { route: 'GET /api/incidents/{id} (rca poll)' },
  /** The chatbot WebSocket (any path is accepted, contract §2); the `?token=` query is no part of the route. */
  chatbotWs: { route: 'WS /' },
} as const satisfies Record<string, RouteDefinition>;

export type RestAction = keyof typeof REST_ROUTES;

/** The actions in declaration order (the mix's draw order). */
export const REST_ACTIONS = Object.keys(REST_ROUTES) as RestAction[];

/** Each action's default weight, from the table. */
export const DEFAULT_REST_WEIGHTS = Object.fromEntries(
  REST_ACTIONS.map((a) => [a, REST_ROUTES[a].defaultWeight]),
) as Record<RestAction, number>;

type AllRoutes = typeof REST_ROUTES & typeof OTHER_ROUTES;
type WithPath = { [K in keyof AllRoutes]: AllRoutes[K] extends { path: unknown } ? K : never }[keyof AllRoutes];

const ALL_ROUTES: AllRoutes = { ...REST_ROUTES, ...OTHER_ROUTES };

/** The `name` tag of every route, by id. */
export const ROUTE = Object.fromEntries(Object.entries(ALL_ROUTES).map(([id, d]) => [id, d.route])) as {
  readonly [K in keyof AllRoutes]: AllRoutes[K]['route'];
};

/** The path builder of every route that is called by path, by id. */
export const PATH = Object.fromEntries(
  Object.entries(ALL_ROUTES)
    .filter(([, d]) => 'path' in d)
    .map(([id, d]) => [id, (d as { path: unknown }).path]),
) as { readonly [K in WithPath]: AllRoutes[K] extends { path: infer P } ? P : never };

/** The routes each scenario sends to aurora-server (by id), for per-route budgets. */
export const ROUTE_IDS_BY_SCENARIO = {
  rest: REST_ACTIONS,
  chatbot: ['sessionCreate'],
  rca: ['grafanaWebhook', 'triggerRca'],
} as const satisfies Record<string, readonly (keyof AllRoutes)[]>;

/** A route some scenario loads: each needs a budget in thresholds/budgets.ts. */
export type BudgetedRoute = RestAction | (typeof ROUTE_IDS_BY_SCENARIO)[keyof typeof ROUTE_IDS_BY_SCENARIO][number];

/** The `name`s each scenario sends to aurora-server, for per-route budgets. */
export const ROUTES_BY_SCENARIO = {
  rest: ROUTE_IDS_BY_SCENARIO.rest.map((id) => ROUTE[id]),
  chatbot: ROUTE_IDS_BY_SCENARIO.chatbot.map((id) => ROUTE[id]),
  rca: ROUTE_IDS_BY_SCENARIO.rca.map((id) => ROUTE[id]),
} as const;
