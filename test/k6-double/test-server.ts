// k6 test double: a tiny loopback server for the double's own fidelity tests (127.0.0.1, port 0).
//   GET  /ok             200 {"status":"ok"}
//   GET  /health/liveness 200 {"status":"alive"}
//   GET  /slow?ms=N      200 after N ms
//   GET  /status/:code   that status
//   GET  /set-cookie     200, Set-Cookie: sid=<n>; Path=/
//   GET  /cookies        200 {"cookie": <Cookie header>}
//   GET  /redirect       302 -> /ok
//   POST /echo           200 {"echo": <parsed JSON body>, "contentType": ...}
//   WS   /ws             101 with Set-Cookie: ws-affinity=<n>; echoes text frames; "close:<code>" makes
//                        the server close with that code; "burst" sends three frames
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  /** request log: method, path, cookie header, time */
  requests: { method: string; path: string; cookie: string; at: number }[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  let n = 0;
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({
      method: req.method ?? '',
      path: u.pathname,
      cookie: req.headers.cookie ?? '',
      at: performance.now(),
    });
    const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/ok') return json(200, { status: 'ok' });
    if (u.pathname === '/health/liveness') return json(200, { status: 'alive' });
    if (u.pathname === '/slow') {
      const ms = Number(u.searchParams.get('ms') ?? 50);
      setTimeout(() => json(200, { status: 'slow', ms }), ms);
      return;
    }
    const st = /^\/status\/(\d+)$/.exec(u.pathname);
    if (st) return json(Number(st[1]), { status: Number(st[1]) });
    if (u.pathname === '/set-cookie') return json(200, { set: true }, { 'set-cookie': [`sid=${++n}; Path=/`] });
    if (u.pathname === '/cookies') return json(200, { cookie: req.headers.cookie ?? '' });
    if (u.pathname === '/redirect') {
      res.writeHead(302, { location: '/ok' });
      res.end();
      return;
    }
    if (u.pathname === '/echo' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        json(200, { echo: body, contentType: req.headers['content-type'] ?? '' });
      });
      return;
    }
    json(404, { error: 'not found' });
  });
  const wss = new WebSocketServer({ noServer: true });
  wss.on('headers', (headers) => {
    headers.push(`Set-Cookie: ws-affinity=aff${++n}; Path=/`);
  });
  server.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: 'WS', path: u.pathname, cookie: req.headers.cookie ?? '', at: performance.now() });
    if (u.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data, isBinary) => {
        const text = data.toString();
        if (!isBinary && text.startsWith('close:')) {
          ws.close(Number(text.slice(6)), 'server says bye');
          return;
        }
        if (!isBinary && text === 'burst') {
          for (let i = 0; i < 3; i++) ws.send(JSON.stringify({ seq: i }));
          return;
        }
        ws.send(data, { binary: isBinary });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
