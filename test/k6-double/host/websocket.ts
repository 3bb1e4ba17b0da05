// k6 test double: one WebSocket connection of a VU, held on the host thread with `ws`. Its events
// (open with the handshake's status, Set-Cookie and bytes; messages; close; errors) go to the VU as
// WsEvent messages.
import WebSocket from 'ws';
import type { WsEvent } from '../types.ts';

export interface SocketRequest {
  sid: number;
  url: string;
  protocols: string[];
  headers: [string, string][];
  rejectUnauthorized: boolean;
}

/** Opens the socket; `toVu` receives its events, `onGone` is called once it is no longer usable. */
export function openSocket(req: SocketRequest, toVu: (ev: WsEvent) => void, onGone: () => void): WebSocket {
  const { sid } = req;
  const start = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  let setCookies: string[] = [];
  let status = 0;
  let handshakeBytes = 0;
  let opened = false;
  let ended = false;
  const hdrs: Record<string, string> = {};
  for (const [k, v] of req.headers) hdrs[k] = hdrs[k] ? `${hdrs[k]}; ${v}` : v;
  const ws = new WebSocket(req.url, req.protocols, {
    headers: hdrs,
    perMessageDeflate: false,
    handshakeTimeout: 60000,
    rejectUnauthorized: req.rejectUnauthorized,
  });
  ws.on('upgrade', (res) => {
    status = res.statusCode ?? 101;
    const sc = res.headers['set-cookie'];
    setCookies = Array.isArray(sc) ? sc : sc ? [sc] : [];
    handshakeBytes = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 20;
  });
  ws.on('unexpected-response', (_req, res) => {
    const sc = res.headers['set-cookie'];
    ended = true;
    onGone();
    toVu({
      type: 'ws',
      sid,
      ev: 'handshake-error',
      status: res.statusCode ?? 0,
      message: 'websocket: bad handshake',
      connectingMs: performance.now() - t0,
      startTime: start,
      setCookies: Array.isArray(sc) ? sc : sc ? [sc] : [],
    });
    res.resume();
    ws.terminate();
  });
  ws.on('open', () => {
    opened = true;
    toVu({
      type: 'ws',
      sid,
      ev: 'open',
      status: status || 101,
      subproto: ws.protocol ?? '',
      setCookies,
      connectingMs: performance.now() - t0,
      startTime: start,
      bytes: handshakeBytes,
    });
  });
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    toVu({
      type: 'ws',
      sid,
      ev: 'message',
      data: isBinary ? new Uint8Array(buf) : buf.toString('utf8'),
      binary: isBinary,
      time: performance.timeOrigin + performance.now(),
      bytes: buf.length + 2,
    });
  });
  ws.on('error', (e) => {
    if (ended) return;
    if (!opened) {
      ended = true;
      onGone();
      toVu({
        type: 'ws',
        sid,
        ev: 'handshake-error',
        status: 0,
        message: wsDialError(e as NodeJS.ErrnoException),
        connectingMs: performance.now() - t0,
        startTime: start,
        setCookies: [],
      });
    } else {
      toVu({ type: 'ws', sid, ev: 'error', message: e.message });
    }
  });
  ws.on('close', (code: number, reason: Buffer) => {
    onGone();
    if (ended || !opened) return;
    ended = true;
    toVu({
      type: 'ws',
      sid,
      ev: 'close',
      code,
      reason: reason.toString('utf8'),
      time: performance.timeOrigin + performance.now(),
    });
  });
  return ws;
}

function wsDialError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'dial tcp: connect: connection refused';
  return e.message;
}
