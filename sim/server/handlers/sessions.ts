/** /chat_api/sessions* (server/routes/chat_api). */
import { randomUUID } from 'node:crypto';
import { formatSession, formatSessionSummary } from '../format.ts';
import type { ChatSession } from '../store.ts';
import { nowIso } from '../store.ts';
import type { Handler, HandlerCtx, Reply } from './types.ts';
import { INVALID_BODY, intParam, queryParam, reply, str, strictJson } from './types.ts';

const NOT_FOUND = reply(404, { error: 'Session not found' });

function own(ctx: HandlerCtx): ChatSession | Reply {
  const s = ctx.deps.store.sessions.get(ctx.param);
  if (!s || s.orgId !== ctx.identity!.orgId) return NOT_FOUND;
  // scope=user: a session is readable by its owner; org-scope sharing is read-only and not modelled.
  if (s.userId !== ctx.identity!.userId) return NOT_FOUND;
  return s;
}
const isReply = (x: ChatSession | Reply): x is Reply => 'status' in x && 'body' in x;

export const listSessions: Handler = ({ identity, query, deps: { store } }) => {
  const scope = queryParam(query, 'scope') === 'org' ? 'org' : 'user';
  const out: Record<string, unknown>[] = [];
  for (const s of store.sessions.values()) {
    if (s.orgId !== identity!.orgId) continue;
    if (scope === 'user' && s.userId !== identity!.userId) continue;
    out.push(formatSessionSummary(s, identity!.userId, scope === 'org' ? store.users.get(s.userId)?.name : undefined));
  }
  out.reverse(); // newest first
  return reply(200, { sessions: out });
};

export const createSession: Handler = ({ identity, body, deps: { store } }) => {
  const data = body === undefined ? {} : strictJson(body);
  if (!data) return INVALID_BODY;
  const t = nowIso();
  const messages = Array.isArray(data.messages) ? data.messages : [];
  const s: ChatSession = {
    id: randomUUID(), userId: identity!.userId, orgId: identity!.orgId,
    title: (str(data.title) || 'New Chat').slice(0, 200),
    messages: messages.map((m, i) => ({ seq: i + 1, sender: 'user' as const, text: typeof m === 'string' ? m : JSON.stringify(m), created_at: t })),
    uiState: data.ui_state && typeof data.ui_state === 'object' ? (data.ui_state as Record<string, unknown>) : {},
    status: 'active', createdAt: t, updatedAt: t, incidentId: null,
  };
  store.addSession(s);
  return reply(201, { id: s.id, title: s.title, messages: s.messages, ui_state: s.uiState, created_at: t, updated_at: t, status: 'active' });
};

export const getSession: Handler = (ctx) => {
  const s = own(ctx);
  return isReply(s) ? s : reply(200, formatSession(s, ctx.identity!.userId));
};

export const sessionStatus: Handler = (ctx) => {
  const s = own(ctx);
  return isReply(s) ? s : reply(200, { status: s.status, message_count: s.messages.length });
};

export const listMessages: Handler = (ctx) => {
  const s = own(ctx);
  if (isReply(s)) return s;
  const after = intParam(ctx.query, 'after', 0);
  const messages = s.messages.filter((m) => m.seq > after);
  return reply(200, { session_id: s.id, status: s.status, seq: s.messages.length, messages, citations: [] });
};

export const postMessage: Handler = (ctx) => {
  const data = strictJson(ctx.body);
  if (!data) return INVALID_BODY;
  const s = own(ctx);
  if (isReply(s)) return s;
  const message = str(data.message).trim();
  if (!message) return reply(400, { error: 'message is required' });
  if (message.length > 8000) return reply(400, { error: 'Message too long (max 8000 chars)' });
  const mode = str(data.mode) || 'agent';
  if (!['chat', 'rca', 'ask', 'agent'].includes(mode)) return reply(400, { error: 'Invalid mode' });
  const seq = ctx.deps.pipeline.chatTurn(s, message);
  return reply(202, { session_id: s.id, seq, status: 'in_progress' });
};
