// Aurora's routes as the scenarios call them (docs/aurora-contract.md §1.3, §1.4): the stable `name` tag (a route
// template, never an id) and the path. Runtime-neutral.

export const ROUTE = {
  liveness: 'GET /health/liveness',
  readiness: 'GET /health/readiness',
  register: 'POST /api/auth/register',
  incidentList: 'GET /api/incidents',
  incidentDetail: 'GET /api/incidents/{id}',
  triggerRca: 'POST /api/incidents/trigger-rca',
  sessionList: 'GET /chat_api/sessions',
  sessionCreate: 'POST /chat_api/sessions',
  sessionStatus: 'GET /chat_api/sessions/{id}/status',
  messagesRead: 'GET /chat_api/sessions/{id}/messages',
  grafanaWebhook: 'POST /grafana/alerts/webhook/{user_id}',
  /** RCA follow-up polls: same routes, other names, so REST budgets never see them. */
  rcaPollList: 'GET /api/incidents (rca poll)',
  rcaPollDetail: 'GET /api/incidents/{id} (rca poll)',
  /** The chatbot WebSocket (any path is accepted, docs/aurora-contract.md §2); the `?token=` query is no part of the route. */
  chatbotWs: 'WS /',
} as const;

/** The `name`s each scenario sends to aurora-server, for per-route budgets. */
export const ROUTES_BY_SCENARIO = {
  rest: [ROUTE.incidentList, ROUTE.incidentDetail, ROUTE.sessionList, ROUTE.sessionCreate, ROUTE.sessionStatus, ROUTE.messagesRead, ROUTE.readiness],
  chatbot: [ROUTE.sessionCreate],
  rca: [ROUTE.grafanaWebhook, ROUTE.triggerRca],
} as const;

const enc = encodeURIComponent;

export const PATH = {
  liveness: () => '/health/liveness',
  readiness: () => '/health/readiness',
  register: () => '/api/auth/register',
  incidentList: (limit = 20, offset = 0) => `/api/incidents?limit=${limit}&offset=${offset}`,
  incidentDetail: (id: string) => `/api/incidents/${enc(id)}`,
  triggerRca: () => '/api/incidents/trigger-rca',
  sessionList: (scope: 'user' | 'org' = 'user') => `/chat_api/sessions?scope=${scope}`,
  sessionCreate: () => '/chat_api/sessions',
  sessionStatus: (id: string) => `/chat_api/sessions/${enc(id)}/status`,
  messagesRead: (id: string, after = 0) => `/chat_api/sessions/${enc(id)}/messages?after=${after}`,
  grafanaWebhook: (userId: string) => `/grafana/alerts/webhook/${enc(userId)}`,
} as const;
