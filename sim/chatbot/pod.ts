/**
 * One chatbot pod: the `websockets.serve` handler of server/main_chatbot.py (docs/aurora-contract.md §2).
 * Auth from `?token=`, START on connect, streamed turns, control/cancel, the per-connection
 * 5-frames-per-60-s bucket, server pings. Latencies are real ms; the bucket and jti TTL are simulated.
 */
import type { WebSocket, RawData } from 'ws';
import type { FaultConfig } from '../faults/config.ts';
import type { Rng } from '../rng.ts';
import { CHATBOT_COST } from '../server/costs.ts';
import { TokenBucket } from './bucket.ts';
import type { JtiRegistry } from './jwt.ts';
import { verifyWsToken } from './jwt.ts';
import { planTurn, type TurnLlm } from './turn.ts';

export interface ChatbotDeps {
  rng: Rng;
  /** HMAC key for ws tokens (the simulator always has a secret, so token auth is always on). */
  key: Buffer;
  jtis: JtiRegistry;
  simNow: () => number;
  faults: () => FaultConfig;
  addCpu: (pod: string, cpuMs: number) => void;
  /** Log once per kind of rejected input. */
  reject: (kind: string) => void;
  /** Real ms between server pings; a socket that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
}

interface Conn {
  ws: WebSocket;
  bucket: TokenBucket;
  alive: boolean;
  turns: Map<string, () => void>;
  /** The token's userId: authoritative for every query frame. */
  userId: string;
  /** handle_connection's `session_id` local: the last one a frame carried (null before any). */
  lastSessionId: string | null;
}

const frame = (o: unknown): string => JSON.stringify(o);
const AUTH_FAILED = frame({ type: 'error', data: { text: 'Authentication failed: missing or invalid token.' } });
const AUTH_NO_USER = frame({ type: 'error', data: { text: 'Authentication failed: invalid token.' } });
const START = frame({ type: 'status', data: { status: 'START' } });
const RATE_LIMITED = frame({ type: 'error', data: { text: 'Rate limit exceeded. Please wait and try again.' } });
const IDENTITY_MISMATCH = frame({ type: 'error', data: { text: 'Authentication failed: user identity mismatch.' } });
/** The workflow's END (send_end_status) carries session_id only when the turn has one. */
const endFrame = (sessionId: string | undefined): string =>
  frame(
    sessionId
      ? { type: 'status', data: { status: 'END' }, isComplete: true, session_id: sessionId }
      : { type: 'status', data: { status: 'END' }, isComplete: true },
  );
/** The END after control/cancel always has the key, null when the frame had no session_id. */
const cancelEndFrame = (sessionId: unknown): string =>
  frame({ type: 'status', data: { status: 'END' }, isComplete: true, session_id: sessionId });

export class ChatbotPod {
  private readonly conns = new Set<Conn>();
  private readonly pinger: NodeJS.Timeout;
  turnsServed = 0;

  constructor(
    readonly name: string,
    private readonly deps: ChatbotDeps,
  ) {
    this.pinger = setInterval(() => this.ping(), deps.pingIntervalMs);
    this.pinger.unref();
  }

  get connections(): number {
    return this.conns.size;
  }

  /** A new upgraded socket; `token` is the `?token=` query value (null if absent). */
  accept(ws: WebSocket, token: string | null): void {
    ws.on('error', () => this.deps.reject('websocket error'));
    const check = token
      ? verifyWsToken(token, this.deps.key, Math.floor(Date.now() / 1000))
      : { ok: false as const, reason: 'missing token' };
    if (!check.ok || !this.deps.jtis.claim(check.claims.jti)) {
      this.deps.reject(`ws token (${check.ok ? 'reused jti' : check.reason})`);
      ws.send(AUTH_FAILED);
      ws.close(1008, 'Missing or invalid authentication token');
      return;
    }
    if (typeof check.claims.userId !== 'string' || !check.claims.userId) {
      this.deps.reject('ws token (no userId)');
      ws.send(AUTH_NO_USER);
      ws.close(1008, 'Invalid authentication token');
      return;
    }
    const conn: Conn = {
      ws,
      bucket: new TokenBucket(this.deps.simNow),
      alive: true,
      turns: new Map(),
      userId: check.claims.userId,
      lastSessionId: null,
    };
    this.conns.add(conn);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('close', () => {
      for (const stop of conn.turns.values()) stop();
      conn.turns.clear();
      this.conns.delete(conn);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(conn, data, isBinary));
    ws.send(START);
  }

  /** Crash: sockets drop without a close frame. */
  kill(): void {
    clearInterval(this.pinger);
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
  }

  private onFrame(conn: Conn, data: RawData, isBinary: boolean): void {
    if (!conn.bucket.allow()) {
      conn.ws.send(RATE_LIMITED);
      return;
    }
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString());
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch (err) {
      // json.loads / data.get raise inside handle_connection's loop: the outer except sends
      // "Unexpected error: <exception>" and the handler returns, so the connection closes normally.
      this.deps.reject('ws frame (not JSON object)');
      const why =
        err instanceof SyntaxError ? 'Expecting value: line 1 column 1 (char 0)' : "object has no attribute 'get'";
      conn.ws.send(
        frame({ type: 'error', data: { text: `Unexpected error: ${why}`, session_id: conn.lastSessionId } }),
      );
      conn.ws.close(1000);
      return;
    }
    const sessionId = typeof msg.session_id === 'string' && msg.session_id ? msg.session_id : undefined;
    if (msg.type === 'init' || msg.type === 'confirmation_response') return;
    if (msg.type === 'control') {
      if (msg.action === 'cancel') {
        conn.lastSessionId = (msg.session_id as string | null | undefined) ?? null;
        // session_tasks is keyed by the effective session id; a turn without one runs as temp_<user>_<hex>,
        // which a cancel frame cannot name.
        if (sessionId) {
          conn.turns.get(sessionId)?.();
          conn.turns.delete(sessionId);
        }
      }
      // Every control frame is answered with END naming handle_connection's session_id local.
      conn.ws.send(cancelEndFrame(conn.lastSessionId));
      return;
    }
    conn.lastSessionId = (msg.session_id as string | null | undefined) ?? null;
    // The token's identity is authoritative; a frame naming another user is refused and dropped.
    if (msg.user_id && msg.user_id !== conn.userId) {
      conn.ws.send(IDENTITY_MISMATCH);
      return;
    }
    this.runTurn(conn, typeof msg.query === 'string' ? msg.query : '', sessionId, {
      model: typeof msg.model === 'string' ? msg.model : undefined,
      mode: typeof msg.mode === 'string' ? msg.mode : undefined,
      factor: this.deps.faults().costSpike,
    });
  }

  private runTurn(conn: Conn, query: string, sessionId: string | undefined, llm: TurnLlm): void {
    const { rng } = this.deps;
    const plan = planTurn(query, rng, llm);
    const drop = this.deps.faults().chatbotDrop;
    const dropAfter = drop > 0 && rng.next() < drop ? 1 : -1;
    const out: string[] = [];
    const sid = sessionId ? { session_id: sessionId } : {};
    plan.chunks.forEach((text, i) => {
      out.push(frame({ type: 'message', data: { text, is_chunk: true, is_complete: false, streaming: true }, ...sid }));
      if (i === 0 && plan.tool) {
        const id = `call_${Math.floor(rng.next() * 1e9).toString(36)}`;
        const ts = new Date().toISOString();
        out.push(
          frame({
            type: 'tool_call',
            data: {
              tool_name: plan.tool.name,
              input: plan.tool.input,
              status: 'running',
              timestamp: ts,
              tool_call_id: id,
            },
            ...sid,
          }),
        );
        out.push(
          frame({
            type: 'tool_result',
            data: {
              tool_name: plan.tool.name,
              output: 'NAME READY STATUS\naurora-oss-server-0 1/1 Running',
              status: 'completed',
              timestamp: ts,
              tool_call_id: id,
            },
            ...sid,
          }),
        );
      }
    });
    out.push(frame({ type: 'usage_final', data: plan.usage, ...sid }));
    out.push(endFrame(sessionId));
    out.push(frame({ type: 'usage_info', data: { total_cost: Math.round(plan.totalCost * 100) / 100 } }));

    const key = sessionId ?? '';
    conn.turns.get(key)?.();
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    };
    const step = (): void => {
      timer = undefined;
      if (conn.ws.readyState !== conn.ws.OPEN) return;
      if (i === dropAfter) {
        conn.turns.delete(key);
        conn.ws.close(1011, 'Internal error');
        return;
      }
      conn.ws.send(out[i++]);
      if (i < out.length) {
        timer = setTimeout(step, CHATBOT_COST.chunkGapMs);
      } else {
        conn.turns.delete(key);
        this.turnsServed += 1;
        this.deps.addCpu(this.name, CHATBOT_COST.cpuMsPerTurn);
      }
    };
    conn.turns.set(key, stop);
    timer = setTimeout(step, CHATBOT_COST.firstTokenMs);
  }

  /** websockets' ping_interval / ping_timeout: no pong since the last ping -> the socket is dropped. */
  private ping(): void {
    for (const c of this.conns) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        /* socket already closing */
      }
    }
  }
}
