/**
 * aurora-server's REST routes (docs/aurora-contract.md §1.3), each declared once: template, auth, handler, cost.
 * Matching (route-match.ts), the cost a pod charges, `GET /api/routes` and the `latency=` fault's
 * route names all derive from this table. Adding a route is one entry here plus its handler.
 *
 * Templates use the suite's syntax, `METHOD /path/{param}` (as lib's routes): one `{param}` segment
 * at most, a literal segment beats a `{param}` one.
 */
import { cost, type RouteCost } from './costs.ts';
import * as auth from './handlers/auth.ts';
import * as grafana from './handlers/grafana.ts';
import * as health from './handlers/health.ts';
import * as incidents from './handlers/incidents.ts';
import * as sessions from './handlers/sessions.ts';
import type { Handler } from './handlers/types.ts';

export type AuthKind =
  /** no secret, no identity (health, login, register, webhooks: Aurora's _OPEN_PATHS/_OPEN_PREFIXES) */
  | 'open'
  /** @require_permission: secret + X-User-ID + an org context */
  | 'permission'
  /** @require_auth_only: secret + X-User-ID */
  | 'auth-only'
  /** /api/routes: secret + the mere presence of X-User-ID */
  | 'user-header';

export type RouteMethod = 'GET' | 'POST';
export type RouteTemplate = `${RouteMethod} /${string}`;

/** One REST route. Every field is required: a route without a cost or a handler does not compile. */
export interface SimRoute {
  readonly template: RouteTemplate;
  readonly auth: AuthKind;
  readonly handler: Handler;
  /** Service time and CPU per request (costs.ts explains the calibration). */
  readonly cost: RouteCost;
}

export const SIM_ROUTES: readonly SimRoute[] = [
  // Liveness answers from memory: no service time, tiny CPU, no DB. It still waits for a free slot,
  // which is how saturated threads made it time out in production (docs/aurora-contract.md §4, branch 9aaa395c).
  { template: 'GET /health/liveness', auth: 'open', handler: health.liveness, cost: cost(0, 0, 0.5, false) },
  { template: 'GET /health/readiness', auth: 'open', handler: health.readiness, cost: cost(3, 0.3, 1) },
  // /health/ runs a Celery inspect broadcast plus TCP/HTTP probes: deliberately slow.
  { template: 'GET /health/', auth: 'open', handler: health.healthAll, cost: cost(350, 0.25, 15) },
  { template: 'GET /api/routes', auth: 'user-header', handler: () => CATALOG, cost: cost(5, 0.3, 3, false) },
  { template: 'POST /api/auth/register', auth: 'open', handler: auth.register, cost: cost(180, 0.2, 120) },
  // bcrypt: CPU-heavy.
  { template: 'POST /api/auth/login', auth: 'open', handler: auth.login, cost: cost(150, 0.2, 100) },
  { template: 'GET /api/auth/me', auth: 'auth-only', handler: auth.me, cost: cost(8, 0.4, 6) },
  { template: 'GET /api/incidents', auth: 'permission', handler: incidents.listIncidents, cost: cost(28, 0.35, 20) },
  {
    template: 'POST /api/incidents/trigger-rca',
    auth: 'permission',
    handler: incidents.triggerRca,
    cost: cost(45, 0.3, 30),
  },
  { template: 'GET /api/incidents/{id}', auth: 'permission', handler: incidents.getIncident, cost: cost(70, 0.4, 40) },
  {
    template: 'GET /api/incidents/{id}/alerts',
    auth: 'permission',
    handler: incidents.incidentAlerts,
    cost: cost(18, 0.35, 12),
  },
  {
    template: 'POST /api/incidents/{id}/chat',
    auth: 'permission',
    handler: incidents.incidentChat,
    cost: cost(35, 0.3, 20),
  },
  { template: 'GET /chat_api/sessions', auth: 'permission', handler: sessions.listSessions, cost: cost(25, 0.35, 18) },
  { template: 'POST /chat_api/sessions', auth: 'permission', handler: sessions.createSession, cost: cost(20, 0.3, 15) },
  {
    template: 'GET /chat_api/sessions/{id}',
    auth: 'permission',
    handler: sessions.getSession,
    cost: cost(30, 0.35, 22),
  },
  {
    template: 'GET /chat_api/sessions/{id}/status',
    auth: 'permission',
    handler: sessions.sessionStatus,
    cost: cost(6, 0.3, 5),
  },
  {
    template: 'GET /chat_api/sessions/{id}/messages',
    auth: 'permission',
    handler: sessions.listMessages,
    cost: cost(20, 0.35, 15),
  },
  {
    template: 'POST /chat_api/sessions/{id}/messages',
    auth: 'permission',
    handler: sessions.postMessage,
    cost: cost(30, 0.3, 20),
  },
  {
    template: 'POST /grafana/alerts/webhook/{user_id}',
    auth: 'open',
    handler: grafana.grafanaWebhook,
    cost: cost(25, 0.3, 18),
  },
];

/** Every template, in table order: the `latency=` fault's route names. */
export const ROUTE_TEMPLATES: readonly RouteTemplate[] = SIM_ROUTES.map((r) => r.template);

/** `GET /api/routes`: built once, after the table it lists. */
const CATALOG = auth.routeCatalog(ROUTE_TEMPLATES);
