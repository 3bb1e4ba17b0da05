/** JSON shapes of Aurora's responses (incidents_routes.py _format_incident_response, chat_api). */
import type { ChatSession, Incident, Store } from './store.ts';

export function formatIncident(inc: Incident): Record<string, unknown> {
  return {
    id: inc.id,
    sourceType: inc.sourceType,
    sourceAlertId: inc.sourceAlertId,
    status: inc.status,
    severity: inc.severity,
    alert: { title: inc.title, service: inc.service || 'unknown', source: inc.sourceType, sourceUrl: '', metadata: inc.metadata },
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
  return {
    ...formatIncident(inc),
    suggestions: [],
    streamingThoughts: [],
    citations: [],
    chatSessions: sessions.map((s) => ({ id: s.id, title: s.title, status: s.status, createdAt: s.createdAt, updatedAt: s.updatedAt })),
    correlatedAlerts: inc.correlatedAlerts,
    tokenUsage: { inputTokens: 0, outputTokens: 0, estimatedCost: 0 },
  };
}

export function formatSessionSummary(s: ChatSession, viewerId: string, userName?: string): Record<string, unknown> {
  return {
    id: s.id, title: s.title, created_at: s.createdAt, updated_at: s.updatedAt, message_count: s.messages.length,
    ui_state: s.uiState, status: s.status, user_id: s.userId, is_own: s.userId === viewerId,
    ...(userName !== undefined ? { user_name: userName } : {}),
  };
}

export function formatSession(s: ChatSession, viewerId: string): Record<string, unknown> {
  return {
    id: s.id, title: s.title, messages: s.messages, created_at: s.createdAt, updated_at: s.updatedAt,
    ui_state: s.uiState, status: s.status, user_id: s.userId, is_own: s.userId === viewerId,
    incident_id: s.incidentId, pending_turn: s.status === 'in_progress',
  };
}
