/**
 * aurora-server's route table (docs/aurora-contract.md §1.3) and a matcher. Pure.
 * Templates use Flask's `<param>` style; they are also the keys of the cost table, the
 * `latency=` fault and the stable `name` tag the scenarios use.
 */
export type AuthKind =
  /** no secret, no identity (health, login, register, webhooks: Aurora's _OPEN_PATHS/_OPEN_PREFIXES) */
  | 'open'
  /** @require_permission: secret + X-User-ID + an org context */
  | 'permission'
  /** @require_auth_only: secret + X-User-ID */
  | 'auth-only'
  /** /api/routes: secret + the mere presence of X-User-ID */
  | 'user-header';

export interface RouteDef { template: string; auth: AuthKind }

export const ROUTES: readonly RouteDef[] = [
  { template: 'GET /health/liveness', auth: 'open' },
  { template: 'GET /health/readiness', auth: 'open' },
  { template: 'GET /health/', auth: 'open' },
  { template: 'GET /api/routes', auth: 'user-header' },
  { template: 'POST /api/auth/register', auth: 'open' },
  { template: 'POST /api/auth/login', auth: 'open' },
  { template: 'GET /api/auth/me', auth: 'auth-only' },
  { template: 'GET /api/incidents', auth: 'permission' },
  { template: 'POST /api/incidents/trigger-rca', auth: 'permission' },
  { template: 'GET /api/incidents/<id>', auth: 'permission' },
  { template: 'POST /api/incidents/<id>/chat', auth: 'permission' },
  { template: 'GET /chat_api/sessions', auth: 'permission' },
  { template: 'POST /chat_api/sessions', auth: 'permission' },
  { template: 'GET /chat_api/sessions/<id>', auth: 'permission' },
  { template: 'GET /chat_api/sessions/<id>/status', auth: 'permission' },
  { template: 'GET /chat_api/sessions/<id>/messages', auth: 'permission' },
  { template: 'POST /chat_api/sessions/<id>/messages', auth: 'permission' },
  { template: 'POST /grafana/alerts/webhook/<user_id>', auth: 'open' },
];

export const ROUTE_TEMPLATES: readonly string[] = ROUTES.map((r) => r.template);

const BY_TEMPLATE = new Map(ROUTES.map((r) => [r.template, r]));

export type RouteMatch =
  | { kind: 'route'; route: RouteDef; param: string }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

const NOT_FOUND: RouteMatch = { kind: 'not-found' };
const NOT_ALLOWED: RouteMatch = { kind: 'method-not-allowed' };

function hit(method: string, shape: string, param = ''): RouteMatch {
  const route = BY_TEMPLATE.get(`${method} ${shape}`);
  if (route) return { kind: 'route', route, param };
  // HEAD is served like GET by Flask.
  if (method === 'HEAD') return hit('GET', shape, param);
  for (const m of ['GET', 'POST']) if (BY_TEMPLATE.has(`${m} ${shape}`)) return NOT_ALLOWED;
  return NOT_FOUND;
}

/** Pre-built results for the hottest paths, so they allocate nothing. */
const LIVENESS = hit('GET', '/health/liveness');

/** Match a method and a path (no query string). */
export function matchRoute(method: string, path: string): RouteMatch {
  if (path === '/health/liveness' && method === 'GET') return LIVENESS;
  const parts = path.split('/');
  // parts[0] is '' for an absolute path.
  const [, a, b, c, d, e] = parts;
  const n = parts.length;
  if (a === 'health') {
    if (n === 3) return hit(method, b === '' ? '/health/' : `/health/${b}`);
    return NOT_FOUND;
  }
  if (a === 'api') {
    if (b === 'routes' && n === 3) return hit(method, '/api/routes');
    if (b === 'auth' && n === 4) return hit(method, `/api/auth/${c}`);
    if (b === 'incidents') {
      if (n === 3) return hit(method, '/api/incidents');
      if (n === 4 && c === 'trigger-rca') return hit(method, '/api/incidents/trigger-rca');
      if (n === 4 && c) return hit(method, '/api/incidents/<id>', c);
      if (n === 5 && c && d === 'chat') return hit(method, '/api/incidents/<id>/chat', c);
    }
    return NOT_FOUND;
  }
  if (a === 'chat_api' && b === 'sessions') {
    if (n === 3) return hit(method, '/chat_api/sessions');
    if (n === 4 && c) return hit(method, '/chat_api/sessions/<id>', c);
    if (n === 5 && c && (d === 'status' || d === 'messages')) return hit(method, `/chat_api/sessions/<id>/${d}`, c);
    return NOT_FOUND;
  }
  if (a === 'grafana' && b === 'alerts' && c === 'webhook' && n === 5 && d) {
    return hit(method, '/grafana/alerts/webhook/<user_id>', d);
  }
  void e;
  return NOT_FOUND;
}

/**
 * Paths that skip the X-Internal-Secret check (Aurora's _OPEN_PATHS and _OPEN_PREFIXES in
 * server/main_compute.py). Applies to unknown paths too: Flask runs before_request before 404.
 */
const OPEN_PREFIXES = [
  '/grafana/alerts/webhook/', '/datadog/webhook/', '/pagerduty/webhook/', '/netdata/alerts/webhook/',
  '/splunk/alerts/webhook/', '/dynatrace/webhook/', '/newrelic/webhook/', '/sentry/webhook/',
  '/opsgenie/webhook/', '/bigpanda/webhook/', '/jenkins/webhook/', '/cloudbees/webhook/',
  '/spinnaker/webhook/', '/jira/webhook/', '/incidentio/alerts/webhook/', '/aws/cloudwatch/webhook/',
  '/slack/events', '/slack/interactions', '/slack/callback', '/callback',
];

export function isSecretExempt(method: string, path: string): boolean {
  if (method === 'OPTIONS') return true;
  if (path === '/api/auth/login' || path === '/api/auth/register') return true;
  if (path === '/health' || path.startsWith('/health/')) return true;
  for (const p of OPEN_PREFIXES) {
    if (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)) return true;
  }
  return false;
}
