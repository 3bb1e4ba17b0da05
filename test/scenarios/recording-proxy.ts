// A recording HTTP proxy in front of the simulator, one per k6 process, so a test sees which
// process sent what: each exchange's method, path, status, acting user (X-User-ID, or the user in a
// Grafana webhook path) and the ids Aurora answered with (registered users, created chat sessions).
// Loopback only; test infrastructure.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** the user the request acts as, when it names one */
  user?: string;
  /** the id in a register or session-create answer */
  createdId?: string;
  /** epoch ms when the request arrived */
  at: number;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

const WEBHOOK = /^\/grafana\/alerts\/webhook\/([^/?]+)/;
const CREATES = /^\/api\/auth\/register$|^\/chat_api\/sessions$/;

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const exchanges: Exchange[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const at = Date.now();
    const path = req.url ?? '/';
    const header = req.headers['x-user-id'];
    const user = (typeof header === 'string' ? header : undefined) ?? WEBHOOK.exec(path)?.[1];
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers, agent },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const body = Buffer.concat(chunks);
          const e: Exchange = { method: req.method ?? 'GET', path, status: up.statusCode ?? 0, at };
          if (user) e.user = decodeURIComponent(user);
          if (req.method === 'POST' && CREATES.test(path.split('?')[0] ?? '')) {
            try {
              const id = (JSON.parse(body.toString('utf8')) as { id?: unknown }).id;
              if (typeof id === 'string') e.createdId = id;
            } catch {
              /* not JSON: nothing created */
            }
          }
          exchanges.push(e);
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(body);
        });
      },
    );
    out.on('error', () => {
      exchanges.push({ method: req.method ?? 'GET', path, status: 502, at });
      res.writeHead(502).end();
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
    },
  };
}
