/** JSON shapes of Aurora's responses (incidents_routes.py _format_incident_response, chat_api). */
import { RCA_REQUESTS } from '../llm/pricing.ts';
import type { ChatSession, Incident, Store } from './store.ts';

export function formatIncident(inc: Incident): Record<string, unknown> {
  return {
    id: inc.id,
    sourceType: inc.sourceType,
    sourceAlertId: inc.sourceAlertId,
    status: inc.status,
    severity: inc.severity,
    alert: {
      title: inc.title,
      service: inc.service || 'unknown',
      source: inc.sourceType,
      sourceUrl: '',
      metadata: inc.metadata,
    },
    auroraStatus: inc.auroraStatus ?? 'idle',
    summary: inc.summary,
    chatSessionId: inc.chatSessionId,
    activeTab: 'thoughts',
    startedAt: inc.startedAt,
    analyzedAt: inc.analyzedAt,
    resolvedAt: inc.resolvedAt,
    alertFiredAt: inc.alertFiredAt,
    createdAt: inc.createdAt,
    updatedAt: inc.updatedAt,
    correlatedAlertCount: inc.correlatedAlerts.length,
    affectedServices: [inc.service || 'unknown'],
  };
}

export function formatIncidentDetail(inc: Incident, store: Store): Record<string, unknown> {
  const sessions = [...store.sessions.values()].filter((s) => s.incidentId === inc.id);
  const base = formatIncident(inc);
  const u = inc.tokenUsage;
  return {
    ...base,
    // get_incident adds these two to the alert object.
    alert: { ...(base.alert as Record<string, unknown>), rawPayload: '', triggeredAt: base.startedAt },
    suggestions: [],
    streamingThoughts: [],
    citations: [],
    chatSessions: sessions.map((s) => ({
      id: s.id,
      title: s.title,
      messages: s.messages,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    })),
    correlatedAlerts: inc.correlatedAlerts.map(({ fingerprint: _fp, ...a }) => a),
    // null until llm_usage_tracking has rows for the incident's sessions.
    tokenUsage: u
      ? {
          requestCount: RCA_REQUESTS,
          totalInputTokens: u.inputTokens,
          totalOutputTokens: u.outputTokens,
          totalTokens: u.inputTokens + u.outputTokens,
          totalCost: u.cost,
          models: [
            {
              model: u.model,
              requestCount: RCA_REQUESTS,
              inputTokens: u.inputTokens,
              outputTokens: u.outputTokens,
              cost: u.cost,
            },
          ],
        }
      : null,
  };
}

export function formatSessionSummary(s: ChatSession, viewerId: string, userName?: string): Record<string, unknown> {
  return {
    id: s.id,
    title: s.title,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    message_count: s.messages.length,
    ui_state: s.uiState,
    status: s.status,
    user_id: s.userId,
    is_own: s.userId === viewerId,
    ...(userName !== undefined ? { user_name: userName } : {}),
  };
}

export function formatSession(s: ChatSession, viewerId: string): Record<string, unknown> {
  return {
    id: s.id,
    title: s.title,
    messages: s.messages,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    ui_state: s.uiState,
    status: s.status,
    user_id: s.userId,
    is_own: s.userId === viewerId,
    // pending_turn holds a live HITL confirmation (infrastructure_confirmation.py); the sim has none.
    incident_id: s.incidentId,
    pending_turn: null,
  };
}
