/** /chat_api/sessions* (server/routes/chat_api). */
import { randomUUID } from 'node:crypto';
import { formatSession, formatSessionSummary } from '../format.ts';
import type { ChatSession } from '../store.ts';
import { nowIso } from '../store.ts';
import type { Handler, HandlerCtx, Reply } from './types.ts';
import { INVALID_BODY, intParam, queryParam, reply, silentJson, str, strictJson } from './types.ts';

// chat_routes.py: get_chat_session / _status say "Chat session not found"; the message routes "session not found".
const NOT_FOUND = reply(404, { error: 'Chat session not found' });
const MSG_NOT_FOUND = reply(404, { error: 'session not found' });

function own(ctx: HandlerCtx, notFound: Reply = NOT_FOUND): ChatSession | Reply {
  const s = ctx.deps.store.sessions.get(ctx.param);
  if (!s || s.orgId !== ctx.identity!.orgId) return notFound;
  // Aurora lets any org member read; every sim user is alone in their org, so owner == org here.
  if (s.userId !== ctx.identity!.userId) return notFound;
  return s;
}

/** chat_routes.py generate_chat_title: the first user message, cut to 50 chars at a word, plus "...". */
function chatTitle(messages: unknown[]): string {
  const first = messages.find(
    (m): m is Record<string, unknown> =>
      !!m && typeof m === 'object' && (m as Record<string, unknown>).sender === 'user',
  );
  const text = first ? str(first.text) : '';
  if (!text) return 'New Chat';
  let title = text.slice(0, 50);
  if (text.length > 50) {
    const space = title.lastIndexOf(' ');
    if (space > 0) title = title.slice(0, space);
    title += '...';
  }
  return title;
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
  // ORDER BY updated_at DESC (ISO strings sort by time); newest created first among equals.
  out.reverse();
  out.sort((a, b) =>
    String(b.updated_at) > String(a.updated_at) ? 1 : String(b.updated_at) < String(a.updated_at) ? -1 : 0,
  );
  return reply(200, { sessions: out });
};

export const createSession: Handler = ({ identity, body, deps: { store } }) => {
  const data = body === undefined ? {} : strictJson(body);
  if (!data) return INVALID_BODY;
  const t = nowIso();
  // Stored and echoed as sent (chat_routes.py create_chat_session).
  const messages = (Array.isArray(data.messages) ? data.messages : []) as ChatSession['messages'];
  const s: ChatSession = {
    id: randomUUID(),
    userId: identity!.userId,
    orgId: identity!.orgId,
    title: (str(data.title) || chatTitle(messages)).slice(0, 200),
    messages,
    uiState: data.ui_state && typeof data.ui_state === 'object' ? (data.ui_state as Record<string, unknown>) : {},
    status: 'active',
    createdAt: t,
    updatedAt: t,
    incidentId: null,
  };
  store.addSession(s);
  return reply(201, {
    id: s.id,
    title: s.title,
    messages: s.messages,
    ui_state: s.uiState,
    created_at: t,
    updated_at: t,
    status: 'active',
  });
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
  const s = own(ctx, MSG_NOT_FOUND);
  if (isReply(s)) return s;
  // messages[after:] with after clamped at 0 (get_chat_messages).
  const messages = s.messages.slice(Math.max(0, intParam(ctx.query, 'after', 0)));
  return reply(200, { session_id: s.id, status: s.status, seq: s.messages.length, messages, citations: [] });
};

/** post_chat_message: get_json(silent=True) or {}; mode, then message, then the session (owner only). */
export const postMessage: Handler = (ctx) => {
  const data = silentJson(ctx.body);
  const mode = data.mode === undefined ? 'chat' : data.mode;
  if (typeof mode !== 'string' || !['chat', 'rca', 'ask', 'agent'].includes(mode))
    return reply(400, { error: 'invalid mode' });
  const message = str(data.message).trim();
  if (!message) return reply(400, { error: 'message is required' });
  if (message.length > 8000) return reply(400, { error: 'message too long (max 8000 chars)' });
  const s = own(ctx, MSG_NOT_FOUND);
  if (isReply(s)) return s;
  if (s.status === 'cancelled') return reply(409, { error: 'session is cancelled' });
  const seq = ctx.deps.pipeline.chatTurn(s, message);
  return reply(202, { session_id: s.id, seq, status: 'in_progress' });
};
