/** Route template -> handler. */
import * as auth from './auth.ts';
import * as grafana from './grafana.ts';
import * as health from './health.ts';
import * as incidents from './incidents.ts';
import * as sessions from './sessions.ts';
import type { Handler } from './types.ts';

export const HANDLERS: Record<string, Handler> = {
  'GET /health/liveness': health.liveness,
  'GET /health/readiness': health.readiness,
  'GET /health/': health.healthAll,
  'GET /api/routes': auth.routes,
  'POST /api/auth/register': auth.register,
  'POST /api/auth/login': auth.login,
  'GET /api/auth/me': auth.me,
  'GET /api/incidents': incidents.listIncidents,
  'GET /api/incidents/<id>': incidents.getIncident,
  'POST /api/incidents/trigger-rca': incidents.triggerRca,
  'POST /api/incidents/<id>/chat': incidents.incidentChat,
  'GET /chat_api/sessions': sessions.listSessions,
  'POST /chat_api/sessions': sessions.createSession,
  'GET /chat_api/sessions/<id>': sessions.getSession,
  'GET /chat_api/sessions/<id>/status': sessions.sessionStatus,
  'GET /chat_api/sessions/<id>/messages': sessions.listMessages,
  'POST /chat_api/sessions/<id>/messages': sessions.postMessage,
  'POST /grafana/alerts/webhook/<user_id>': grafana.grafanaWebhook,
};
