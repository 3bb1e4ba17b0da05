/** /api/incidents* (server/routes/incidents_routes.py, trigger_rca_tool.py). */
import { randomUUID } from 'node:crypto';
import { formatIncident, formatIncidentDetail } from '../format.ts';
import { RCA_RATE_LIMITED } from '../../rca/rate-cap.ts';
import type { Handler } from './types.ts';
import { INVALID_BODY, intParam, isUuid, queryParam, reply, silentJson, str, strictJson } from './types.ts';

const SEVERITIES = ['critical', 'high', 'low', 'medium'];

export const listIncidents: Handler = ({ identity, query, deps: { store } }) => {
  const status = queryParam(query, 'status');
  const limit = Math.max(1, Math.min(intParam(query, 'limit', 100), 100));
  const offset = Math.max(0, intParam(query, 'offset', 0));
  const all = store.incidentsByOrg.get(identity!.orgId) ?? [];
  const matching = all.filter((i) => i.status !== 'merged' && (!status || i.status === status));
  return reply(200, { incidents: matching.slice(offset, offset + limit).map(formatIncident), total: matching.length });
};

export const getIncident: Handler = ({ identity, param, deps: { store } }) => {
  if (!isUuid(param)) return reply(400, { error: 'Invalid incident ID format' });
  const inc = store.incidents.get(param);
  if (!inc || inc.orgId !== identity!.orgId) return reply(404, { error: 'Incident not found' });
  return reply(200, { incident: formatIncidentDetail(inc, store) });
};

/** GET /api/incidents/<id>/alerts (incidents_routes.py get_incident_alerts): the correlated alerts, oldest first. */
export const incidentAlerts: Handler = ({ identity, param, deps: { store } }) => {
  if (!isUuid(param)) return reply(400, { error: 'Invalid incident ID format' });
  const inc = store.incidents.get(param);
  if (!inc || inc.orgId !== identity!.orgId) return reply(404, { error: 'Incident not found' });
  const alerts = inc.correlatedAlerts.map(({ fingerprint: _fp, ...a }) => a);
  return reply(200, { alerts, total: alerts.length });
};

export const triggerRca: Handler = ({ identity, body, deps: { store, cap, pipeline } }) => {
  const data = silentJson(body);
  const description = str(data.issue_description).trim();
  if (!description) return reply(400, { error: 'issue_description is required' });
  if (description.length > 4000) return reply(400, { error: 'issue_description too long (max 4000 chars)' });
  const severity = (str(data.severity).trim() || 'medium').toLowerCase();
  if (!SEVERITIES.includes(severity))
    return reply(400, { error: `Invalid severity. Must be one of: ${SEVERITIES.join(', ')}` });
  const user = store.users.get(identity!.userId);
  if (!user) return reply(400, { error: 'Could not resolve organization for user.' });
  if (!cap.allow(user.id)) return reply(400, RCA_RATE_LIMITED);
  const title = (str(data.title).trim() || `User-reported: ${description.slice(0, 80)}`).slice(0, 200);
  const inc = pipeline.newIncident(user, {
    sourceType: 'chat',
    title,
    service: str(data.service).trim(),
    severity,
    fingerprint: null,
    metadata: { user_description: description },
  });
  const session = pipeline.startRca(user, inc);
  return reply(200, {
    status: 'ok',
    incident_id: inc.id,
    rca_session_id: session.id,
    message:
      'Incident created and full RCA investigation started. The investigation will run in the background using all connected integrations. You can track progress in the Incidents dashboard.',
  });
};

/** incident_chat: uuid, body, question, mode, then an existing session must belong to the incident. */
export const incidentChat: Handler = ({ identity, param, query, body, deps: { store, pipeline } }) => {
  if (!isUuid(param)) return reply(400, { error: 'Invalid incident ID format' });
  const data = strictJson(body);
  if (!data) return INVALID_BODY;
  if (!data.question) return reply(400, { error: 'Missing question' });
  const question = str(data.question).trim();
  if (question.length > 2000) return reply(400, { error: 'Question too long (max 2000 characters)' });
  const mode = data.mode === undefined ? 'ask' : data.mode;
  if (mode !== 'ask' && mode !== 'agent') return reply(400, { error: 'Invalid mode. Must be "ask" or "agent"' });
  const wanted = queryParam(query, 'session_id');
  if (wanted && !isUuid(wanted)) return reply(400, { error: 'Invalid session ID format' });
  let session = wanted ? store.sessions.get(wanted) : undefined;
  if (wanted) {
    const linked =
      session &&
      session.orgId === identity!.orgId &&
      (session.incidentId === param || store.incidents.get(param)?.chatSessionId === session.id);
    if (!linked) return reply(404, { error: 'Session not found or does not belong to this incident' });
  }
  const inc = store.incidents.get(param);
  if (!session) {
    if (!inc || inc.orgId !== identity!.orgId) return reply(404, { error: 'Incident not found' });
    const t = new Date().toISOString();
    const title = question.length > 50 ? `Incident: ${question.slice(0, 50)}...` : `Incident: ${question}`;
    session = {
      id: randomUUID(),
      userId: identity!.userId,
      orgId: identity!.orgId,
      title,
      messages: [],
      uiState: {},
      status: 'active',
      createdAt: t,
      updatedAt: t,
      incidentId: param,
    };
    store.addSession(session);
  }
  pipeline.chatTurn(session, question);
  return reply(202, { session_id: session.id, status: 'processing', is_new_session: !wanted });
};
