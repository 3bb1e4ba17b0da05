// k6 test double: k6/websockets' WebSocket as the suite uses it (on<event> handlers, send() of text,
// close(), readyState) on the VU's event loop. The host owns the connection; this side keeps
// readyState, dispatches events and emits ws_* samples with k6's tags.
import type { DoubleCookieJar } from '../cookie-jar.ts';
import { nowMs, stringifyTags, textEncoder, toArrayBuffer } from './convert.ts';
import { jarOf } from './cookies.ts';
import { initContextError } from './errors.ts';
import type { EventLoop } from './event-loop.ts';
import { USER_AGENT } from './user-agent.ts';
import type { VuContext } from './vu-context.ts';
import {
  checkCloseArgs,
  checkWebSocketUrl,
  closeErrorText,
  isUnexpectedClose,
  protocolList,
} from './websocket-rules.ts';
import type { Tags, WsEvent } from '../types.ts';

type Listener = (ev: unknown) => void;

interface WebSocketParams {
  headers?: Record<string, string>;
  tags?: Record<string, unknown>;
  jar?: unknown;
}

export function createWebSockets(ctx: VuContext, loop: EventLoop) {
  const { st } = ctx;

  // No CONNECTING/OPEN/CLOSING/CLOSED constants, static or on instances: @types/k6 declares them, but
  // k6's WebSocket (websockets.go defineWebsocket) defines none, so `WebSocket.OPEN` is undefined there.
  class DoubleWebSocket {
    readonly url: string;
    readyState: 0 | 1 | 2 | 3 = 0;
    protocol = '';
    onopen: Listener | null = null;
    onmessage: Listener | null = null;
    onerror: Listener | null = null;
    onclose: Listener | null = null;
    private readonly sid: number;
    private readonly tags: Tags;
    private readonly jar: DoubleCookieJar | null;
    private started = 0;
    private closeCode = 0;
    private closeReason = '';

    constructor(url: string, protocols?: string | string[] | null, params?: WebSocketParams | null) {
      if (st.inInit) throw initContextError('Using websockets in the init context is not supported');
      checkWebSocketUrl(url);
      this.url = String(url);
      this.sid = ++st.socketSeq;
      // websockets.go establishConnection: a user `name` becomes `url` too; else both are the full URL
      const userTags = stringifyTags(params?.tags ?? undefined);
      this.tags = { ...ctx.baseTags(), ...userTags };
      if (userTags.name !== undefined) ctx.setSystemTag(this.tags, 'url', userTags.name);
      else {
        ctx.setSystemTag(this.tags, 'url', this.url);
        ctx.setSystemTag(this.tags, 'name', this.url);
      }
      this.jar = params?.jar === undefined ? st.jar : jarOf(params.jar);
      const headers: [string, string][] = Object.entries(params?.headers ?? {}).map(([k, v]) => [k, String(v)]);
      if (!headers.some(([k]) => k.toLowerCase() === 'user-agent')) headers.push(['User-Agent', USER_AGENT]);
      if (this.jar) {
        const cookie = this.jar.cookieHeader(this.url);
        if (cookie) headers.push(['Cookie', cookie]);
      }
      const protos = protocolList(protocols);
      st.sockets.set(this.sid, this);
      this.started = nowMs();
      ctx.post({ type: 'ws-open', sid: this.sid, url: this.url, protocols: protos, headers });
    }

    private dispatch(event: string, ev: Record<string, unknown>): void {
      const on = (this as unknown as Record<string, Listener | null>)[`on${event}`];
      if (typeof on === 'function') on({ type: event, target: this, timestamp: Date.now(), ...ev });
    }

    private emitWs(metric: string, value: number, time?: number): void {
      ctx.emit(metric, value, { ...this.tags }, time);
    }

    send(data: string): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      if (typeof data !== 'string') throw new Error('the k6 test double sends text messages only');
      ctx.post({ type: 'ws-send', sid: this.sid, data });
      st.ioSent += textEncoder.encode(data).length + 6;
      this.emitWs('ws_msgs_sent', 1);
    }

    close(code?: number, reason?: string): void {
      if (this.readyState === 3 || this.readyState === 2) return;
      const r = reason ?? '';
      checkCloseArgs(code, r);
      const c = code || 1000;
      const wasConnecting = this.readyState === 0;
      this.readyState = 2;
      this.closeCode = c;
      ctx.post({ type: 'ws-close', sid: this.sid, code: c, reason: r });
      // closing while connecting: the handshake result will be dropped
      if (wasConnecting) return;
      // the close frame goes through k6's write queue and counts as a sent message
      st.ioSent += 8 + r.length;
      this.emitWs('ws_msgs_sent', 1);
    }

    /** @internal the iteration ended (error/interrupt): close without dispatching events */
    __forceClose(): void {
      if (this.readyState !== 3) {
        this.readyState = 3;
        ctx.post({ type: 'ws-close', sid: this.sid, code: 1000, reason: '' });
      }
    }

    /** @internal events from the host */
    __onEvent(e: WsEvent): void {
      if (this.readyState === 3) return;
      switch (e.ev) {
        case 'open': {
          if (this.jar && e.setCookies.length) this.jar.storeSetCookies(this.url, e.setCookies);
          ctx.setSystemTag(this.tags, 'status', String(e.status));
          ctx.setSystemTag(this.tags, 'subproto', e.subproto);
          this.protocol = e.subproto;
          this.started = e.startTime;
          st.ioRecv += e.bytes;
          this.emitWs('ws_sessions', 1, e.startTime);
          this.emitWs('ws_connecting', e.connectingMs, e.startTime);
          if (this.readyState !== 0) return; // close() was called while connecting
          this.readyState = 1;
          loop.runCallback(() => this.dispatch('open', {}));
          return;
        }
        case 'handshake-error': {
          if (this.jar && e.setCookies.length) this.jar.storeSetCookies(this.url, e.setCookies);
          if (e.status) ctx.setSystemTag(this.tags, 'status', String(e.status));
          if (e.status) ctx.setSystemTag(this.tags, 'subproto', '');
          this.emitWs('ws_sessions', 1, e.startTime);
          this.emitWs('ws_connecting', e.connectingMs, e.startTime);
          this.readyState = 3;
          st.sockets.delete(this.sid);
          loop.runCallback(() => {
            this.dispatch('error', { error: e.message });
            this.dispatch('close', { reason: '' });
          });
          return;
        }
        case 'message': {
          if (this.readyState !== 1) return;
          st.ioRecv += e.bytes;
          this.emitWs('ws_msgs_received', 1, e.time);
          // binary frames as ArrayBuffer (binaryType "arraybuffer"; the suite's frames are text)
          const data = typeof e.data === 'string' ? e.data : toArrayBuffer(e.data);
          loop.runCallback(() => this.dispatch('message', { data, origin: this.url }));
          return;
        }
        case 'error': {
          loop.runCallback(() => this.dispatch('error', { error: e.message }));
          return;
        }
        case 'close': {
          this.readyState = 3;
          if (e.code) {
            this.closeCode = e.code;
            this.closeReason = e.reason;
          }
          this.emitWs('ws_session_duration', e.time - this.started, e.time);
          st.sockets.delete(this.sid);
          const unexpected = isUnexpectedClose(this.closeCode);
          loop.runCallback(() => {
            if (unexpected) this.dispatch('error', { error: closeErrorText(this.closeCode, this.closeReason) });
            const ev: Record<string, unknown> = { reason: this.closeReason };
            if (this.closeCode) ev.code = this.closeCode;
            this.dispatch('close', ev);
          });
          return;
        }
      }
    }
  }

  function onWsEvent(e: WsEvent): void {
    st.sockets.get(e.sid)?.__onEvent(e);
  }

  return { WebSocket: DoubleWebSocket, onWsEvent };
}
