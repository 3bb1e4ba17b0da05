// k6 test double: one HTTP exchange of a VU, performed on the host thread with node:http(s): k6's
// timings (blocked, connecting, sending, waiting, receiving), bytes on the wire and k6's network
// error codes.
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { HttpWireRequest, HttpWireResponse } from '../types.ts';

function networkError(err: NodeJS.ErrnoException, timedOut: boolean): { message: string; code: number } {
  if (timedOut) return { message: 'request timeout', code: 1050 };
  switch (err.code) {
    case 'ECONNREFUSED':
      return { message: 'dial: connection refused', code: 1212 };
    case 'ECONNRESET':
      return { message: 'read: connection reset by peer', code: 1220 };
    case 'EPIPE':
      return { message: 'write: broken pipe', code: 1201 };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { message: `lookup: no such host`, code: 1101 };
    case 'ETIMEDOUT':
      return { message: 'dial: i/o timeout', code: 1211 };
    default:
      return { message: err.message, code: 1000 };
  }
}

export function performHttp(
  req: HttpWireRequest,
  agents: { http: http.Agent; https: https.Agent },
): Promise<Omit<HttpWireResponse, 'seq'>> {
  return new Promise((resolve) => {
    const startTime = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    let tSocket = t0;
    let tConnected = -1;
    let tConnectStart = -1;
    let tSent = -1;
    let tHeaders = -1;
    let timedOut = false;
    let settled = false;
    let sock: Socket | null = null;
    let written0 = 0;
    let read0 = 0;
    const u = new URL(req.url);
    const mod = u.protocol === 'https:' ? https : http;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of req.headers) {
      const cur = headers[k];
      headers[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
    }
    if (req.body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length'))
      headers['Content-Length'] = String(req.body.length);
    const finish = (
      status: number,
      statusText: string,
      rawHeaders: string[],
      body: Uint8Array | null,
      err?: NodeJS.ErrnoException,
    ): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const tEnd = performance.now();
      const connectedAt = tConnected >= 0 ? tConnected : tSocket;
      const sentAt = tSent >= 0 ? tSent : connectedAt;
      const headersAt = tHeaders >= 0 ? tHeaders : tEnd;
      const timings = {
        blocked: Math.max(0, connectedAt - t0),
        connecting: tConnectStart >= 0 && tConnected >= 0 ? tConnected - tConnectStart : 0,
        tls_handshaking: 0,
        sending: Math.max(0, sentAt - connectedAt),
        waiting: Math.max(0, headersAt - sentAt),
        receiving: Math.max(0, tEnd - headersAt),
        duration: 0,
      };
      timings.duration = timings.sending + timings.waiting + timings.receiving;
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
      resolve({
        status,
        statusText,
        headers: pairs,
        body,
        proto: status ? 'HTTP/1.1' : '',
        remoteIp: sock?.remoteAddress ?? '',
        remotePort: sock?.remotePort ?? 0,
        timings,
        bytesSent: sock ? sock.bytesWritten - written0 : 0,
        bytesReceived: sock ? sock.bytesRead - read0 : 0,
        error: err ? networkError(err, timedOut) : undefined,
        startTime,
      });
    };
    const r = mod.request(u, {
      method: req.method,
      headers,
      agent: u.protocol === 'https:' ? agents.https : agents.http,
      setHost: true,
    });
    const timer = setTimeout(() => {
      timedOut = true;
      r.destroy(Object.assign(new Error('request timeout'), { code: 'K6_TIMEOUT' }));
    }, req.timeoutMs);
    r.on('socket', (s) => {
      sock = s;
      tSocket = performance.now();
      written0 = s.bytesWritten;
      read0 = s.bytesRead;
      if (s.connecting) {
        tConnectStart = tSocket;
        s.once('connect', () => {
          tConnected = performance.now();
        });
      } else {
        tConnected = tSocket;
      }
    });
    r.on('finish', () => {
      tSent = performance.now();
    });
    r.on('response', (res) => {
      tHeaders = performance.now();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        finish(res.statusCode ?? 0, res.statusMessage ?? '', res.rawHeaders, new Uint8Array(Buffer.concat(chunks))),
      );
      res.on('error', (e) => finish(0, '', [], null, e));
    });
    r.on('error', (e: NodeJS.ErrnoException) => finish(0, '', [], null, e));
    if (req.body) r.write(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength));
    r.end();
  });
}
