// One chatbot WebSocket connection with k6/websockets (docs/aurora-contract.md §2): connect with a fresh token on
// the VU's cookie jar, wait for the START status, optionally send one chat turn, read the stream to
// END and the trailing usage_info, close. Resolves with what happened; never rejects.
import { WebSocket } from 'k6/websockets';
import { setTimeout, clearTimeout } from 'k6/timers';
import type { CookieJar } from 'k6/http';
import { errorFrameKind, type ChatFrame, type ErrorFrameKind } from '../../core/aurora/contracts.ts';
import { ROUTE } from '../../core/aurora/routes.ts';
import { FrameBudget } from '../../core/aurora/frame-budget.ts';
import { chatUsageOf, type LlmUsage } from '../../core/aurora/llm-usage.ts';

/** The turn's LLM choices (env file `load.chat`): what Aurora's chatbot runs the turn with. */
export interface ChatChoices {
  mode?: 'ask' | 'agent';
  model?: string;
  providerPreference?: string[];
}

export interface ChatTurnInput {
  url: string;
  jar: CookieJar;
  /** The turn to send after START; omit to only connect (a reconnect probe). */
  turn?: { query: string; userId: string; sessionId: string } & ChatChoices;
  timeoutMs: number;
  /**
   * How long the socket may take to open and send START (default START_TIMEOUT_MS, never more than
   * timeoutMs). A pod that accepts the socket but never starts the session is given up on here, not
   * held to the turn timeout (a saturated run once stretched by a whole minute that way).
   */
  startTimeoutMs?: number;
  /** How long to wait for usage_info after END. */
  usageGraceMs?: number;
}

export interface ChatTurnResult {
  opened: boolean;
  started: boolean;
  /** END arrived for the turn (or START, for a probe). */
  completed: boolean;
  usageInfo: boolean;
  /** The turn's LLM usage (usage_final, else usage_info's total_cost); undefined when Aurora sent none. */
  usage?: LlmUsage;
  /** ms from sending the turn to the first streamed chunk. */
  ttfmMs?: number;
  /** ms from sending the turn to END. */
  turnMs?: number;
  chunks: number;
  errors: ErrorFrameKind[];
  /** The socket closed (or failed) before the turn ended, with no error frame to explain it. */
  dropped: boolean;
  timedOut: boolean;
  /** The turn was not sent: the per-connection frame budget was spent. */
  throttled: boolean;
  /** START did not arrive within the start timeout (the socket was closed then; timedOut is set too). */
  noStart: boolean;
}

/** Aurora sends START as soon as it accepts the socket: 10 s covers a saturated ingress and pod. */
export const START_TIMEOUT_MS = 10_000;

export function chatConnection(input: ChatTurnInput): Promise<ChatTurnResult> {
  const r: ChatTurnResult = {
    opened: false,
    started: false,
    completed: false,
    usageInfo: false,
    chunks: 0,
    errors: [],
    dropped: false,
    timedOut: false,
    throttled: false,
    noStart: false,
  };
  const budget = new FrameBudget();
  return new Promise((resolve) => {
    let done = false;
    let sentAt = 0;
    let grace: ReturnType<typeof setTimeout> | undefined;
    let usageFinal: unknown;
    const ws = new WebSocket(input.url, null, {
      jar: input.jar,
      // The connect URL carries the token. k6/websockets tags samples with `name` = `url` = the full
      // URL unless `name` is given (then `url` = `name`; a user `url` tag is overwritten), so `name`
      // is what keeps the token out of samples; options.systemTags also leaves `url` out.
      tags: { service: 'chatbot', name: ROUTE.chatbotWs },
    });
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(startDeadline);
      if (grace !== undefined) clearTimeout(grace);
      // readyState 1 = OPEN (numeric: k6 documents the values, not static constants on the class).
      if (ws.readyState === 1) ws.close(1000);
      resolve(r);
    };
    const deadline = setTimeout(() => {
      r.timedOut = true;
      finish();
    }, input.timeoutMs);
    const startDeadline = setTimeout(
      () => {
        if (r.started) return;
        r.noStart = true;
        r.timedOut = true;
        finish();
      },
      Math.min(input.startTimeoutMs ?? START_TIMEOUT_MS, input.timeoutMs),
    );

    ws.onopen = () => {
      // Opened after the deadline: close it, or k6 keeps the iteration alive until the server does.
      // (close() is not called while CONNECTING: in k6 it would block on the not yet started writer.)
      if (done) {
        ws.close(1000);
        return;
      }
      r.opened = true;
    };
    ws.onmessage = (event) => {
      if (done) return;
      let f: ChatFrame;
      try {
        f = JSON.parse(String(event?.data)) as ChatFrame;
      } catch {
        r.errors.push('server');
        return;
      }
      const status = f.type === 'status' ? f.data?.status : undefined;
      if (status === 'START' && !r.started) {
        r.started = true;
        clearTimeout(startDeadline);
        if (!input.turn) {
          r.completed = true;
          finish();
          return;
        }
        if (!budget.take()) {
          r.throttled = true;
          finish();
          return;
        }
        sentAt = Date.now();
        ws.send(JSON.stringify(turnFrame(input.turn)));
      } else if (f.type === 'message' && sentAt > 0) {
        if (r.chunks === 0) r.ttfmMs = Date.now() - sentAt;
        r.chunks += 1;
      } else if (f.type === 'error') {
        r.errors.push(errorFrameKind(f.data?.text));
      } else if (status === 'END' && sentAt > 0) {
        r.completed = true;
        r.turnMs = Date.now() - sentAt;
        grace = setTimeout(finish, input.usageGraceMs ?? 2000);
      } else if (f.type === 'usage_final') {
        usageFinal = f.data;
        r.usage = chatUsageOf(usageFinal);
      } else if (f.type === 'usage_info') {
        r.usageInfo = true;
        r.usage = chatUsageOf(usageFinal, f.data);
        if (r.completed) finish();
      }
    };
    ws.onerror = () => {
      if (!r.completed && r.errors.length === 0) r.dropped = true;
      finish();
    };
    ws.onclose = () => {
      if (!r.completed && r.errors.length === 0) r.dropped = true;
      finish();
    };
  });
}

/** The client's chat frame (§2): the query, the identity, and the turn's mode, model and providers. */
function turnFrame(t: NonNullable<ChatTurnInput['turn']>): Record<string, unknown> {
  const mode = t.mode ?? 'ask';
  const frame: Record<string, unknown> = {
    type: 'message',
    query: t.query,
    user_id: t.userId,
    session_id: t.sessionId,
    mode,
  };
  const ui: Record<string, unknown> = { selectedMode: mode };
  if (t.model) {
    frame.model = t.model;
    ui.selectedModel = t.model;
  }
  if (t.providerPreference?.length) {
    frame.provider_preference = t.providerPreference;
    ui.selectedProviders = t.providerPreference;
  }
  frame.ui_state = ui;
  return frame;
}
