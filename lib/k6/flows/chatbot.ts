// The chatbot flow, one conversation per iteration (docs/aurora-contract.md §2, §4):
//  1. create a chat session over REST (and poll its status once, as the UI does);
//  2. mint a fresh token, open the WebSocket through the ingress on the VU's cookie jar, wait START,
//     send one turn, read to END and the trailing usage_info;
//  3. reconnect with a new token on the same jar and prove stickiness: the ingress issued no new
//     aurora-ws-affinity cookie, and where the simulator's X-Aurora-Sim-Replica header shows, the
//     REST calls of the jar stayed on one replica.
// One frame per connection keeps far inside the 5-frames-per-60-s limit.
import http from 'k6/http';
import { check } from 'k6';
import { chatConnection, type ChatChoices, type ChatTurnResult } from '../aurora/chat.ts';
import { recordSpend } from '../spend.ts';
import { sampleContract } from '../aurora/contract-check.ts';
import { call, jsonOf, replicaOf } from '../aurora/http.ts';
import { PATH, ROUTE } from '../../core/aurora/routes.ts';
import { chatbotUrl, httpOriginOf, type AuroraUser, type AuroraTarget } from '../../core/aurora/target.ts';
import { mintWsToken } from '../aurora/ws-token.ts';
import {
  stickySessionOk,
  wsChunksPerTurn,
  wsErrorFrames,
  wsTimeToFirstMessage,
  wsTurnDropped,
  wsTurnDuration,
} from '../metrics.ts';

export const AFFINITY_COOKIE = 'aurora-ws-affinity';

const QUESTIONS = [
  'Why did error rates rise on the checkout service in the last hour?',
  'Summarise the open incidents for the payments API.',
  'Which deployment most likely caused the latency spike on the API gateway?',
  'Are there pods restarting in the aurora namespace?',
];

/** Checks of this flow carry `service:chatbot`, so the chatbot is gated on its own (checks{service:chatbot}). */
const TAGS = { service: 'chatbot' };

export interface ChatbotFlowConfig extends ChatChoices {
  turnTimeoutSeconds: number;
  /** Seconds from connect to START before a connection is given up (default: chat.ts START_TIMEOUT_MS). */
  startTimeoutSeconds?: number;
  contractSampleRate: number;
}

// Checks without per-call state, built once per VU rather than once per conversation.
const STATUS_OK = { 'chat session status is 200': (r: { status: number }) => r.status === 200 };
const TURN_OK = {
  'chat turn streamed to END': (r: ChatTurnResult) => r.completed && r.chunks > 0,
  'chat turn sent usage_info after END': (r: ChatTurnResult) => r.usageInfo,
};
const RECONNECT_OK = { 'chat reconnect with a fresh token got START': (r: ChatTurnResult) => r.started };

function countErrors(r: ChatTurnResult): void {
  for (const kind of r.errors) wsErrorFrames.add(1, { kind });
  if (r.dropped) wsErrorFrames.add(1, { kind: 'dropped' });
  if (r.noStart) wsErrorFrames.add(1, { kind: 'no-start' });
  // A zero keeps the counter in the summary of a clean run: "0 error frames", not "no data".
  if (r.errors.length === 0 && !r.dropped && !r.noStart) wsErrorFrames.add(0);
}

function affinityCookie(origin: string): string | undefined {
  return http.cookieJar().cookiesForURL(origin)[AFFINITY_COOKIE]?.[0];
}

export async function chatbotConversation(
  target: AuroraTarget,
  user: AuroraUser,
  cfg: ChatbotFlowConfig,
): Promise<void> {
  const created = call(
    target,
    'POST',
    PATH.sessionCreate(),
    { name: ROUTE.sessionCreate },
    {
      user,
      body: { title: `aurora-load chat ${Date.now()}`, messages: [], ui_state: {} },
    },
  );
  const body = jsonOf(created) as { id?: unknown } | undefined;
  const sessionId = typeof body?.id === 'string' ? body.id : undefined;
  if (
    !check(
      created,
      { 'chat session created (201 with id)': (r) => r.status === 201 && sessionId !== undefined },
      TAGS,
    ) ||
    !sessionId
  )
    return;
  sampleContract('sessionCreate', body, cfg.contractSampleRate, ROUTE.sessionCreate);
  const status = call(target, 'GET', PATH.sessionStatus(sessionId), { name: ROUTE.sessionStatus }, { user });
  check(status, STATUS_OK, TAGS);

  const jar = http.cookieJar();
  const origin = httpOriginOf(target.wsUrl);
  const timeoutMs = cfg.turnTimeoutSeconds * 1000;
  const startTimeoutMs = cfg.startTimeoutSeconds === undefined ? undefined : cfg.startTimeoutSeconds * 1000;
  const first = await chatConnection({
    url: chatbotUrl(target.wsUrl, mintWsToken(target.secret, user.id, user.orgId)),
    jar,
    timeoutMs,
    startTimeoutMs,
    turn: {
      query: QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)],
      userId: user.id,
      sessionId,
      mode: cfg.mode,
      model: cfg.model,
      providerPreference: cfg.providerPreference,
    },
  });
  countErrors(first);
  recordSpend('chat', first.usage);
  check(first, TURN_OK, TAGS);
  // A turn that was sent (START came, the frame budget allowed it) either ends or is dropped.
  if (first.started && !first.throttled) wsTurnDropped.add(first.dropped, TAGS);
  if (first.ttfmMs !== undefined) wsTimeToFirstMessage.add(first.ttfmMs);
  if (first.turnMs !== undefined) wsTurnDuration.add(first.turnMs);
  if (first.completed) wsChunksPerTurn.add(first.chunks);
  if (!first.opened) return;

  const cookieBefore = affinityCookie(origin);
  const second = await chatConnection({
    url: chatbotUrl(target.wsUrl, mintWsToken(target.secret, user.id, user.orgId)),
    jar,
    timeoutMs,
    startTimeoutMs,
  });
  countErrors(second);
  check(second, RECONNECT_OK, TAGS);
  if (!second.started) return;
  const cookieAfter = affinityCookie(origin);
  const replicas = [replicaOf(created), replicaOf(status)];
  const sameReplica = replicas.every((r) => r === undefined) || replicas[0] === replicas[1];
  if (cookieBefore === undefined && replicas[0] === undefined) return; // no affinity to prove (no ingress cookie)
  const sticky = cookieBefore === cookieAfter && sameReplica;
  stickySessionOk.add(sticky);
  check(null, { 'reconnect stayed on its replica (no new affinity cookie)': () => sticky }, TAGS);
}
