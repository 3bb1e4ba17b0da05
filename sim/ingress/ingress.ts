/**
 * The Ingress: one port for every host, like Aurora's single `aurora-oss-ingress`.
 * REST goes to aurora-server pods, WebSocket upgrades to chatbot pods, each through its own sticky
 * upstream sharing the one affinity cookie. `/__sim/*` is the simulator's own control surface.
 * Every response (and the 101) carries `X-Aurora-Sim-Replica: <pod>` (simulator only).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ChatbotPod, type ChatbotDeps } from '../chatbot/pod.ts';
import { AURORA_DEPLOYMENTS } from '../cluster/names.ts';
import type { FaultConfig } from '../faults/config.ts';
import type { SimLog } from '../log.ts';
import type { Rng } from '../rng.ts';
import { admit, INTERNAL_ERROR } from '../server/app.ts';
import type { AppDeps } from '../server/handlers/types.ts';
import { ServerPod } from '../server/pod.ts';
import { RestRequest } from './rest-request.ts';
import { readAffinityCookie, StickyUpstream, type Pick } from './affinity.ts';
import { readBody, REPLICA_HEADER, sendJson } from './http-io.ts';

const { server: SERVER_DEPLOYMENT, chatbot: CHATBOT_DEPLOYMENT } = AURORA_DEPLOYMENTS;

export interface IngressDeps {
  app: AppDeps;
  secret: Buffer;
  rng: Rng;
  faults: () => FaultConfig;
  addCpu: (pod: string, cpuMs: number) => void;
  log: SimLog;
  bodyLimit: number;
  chatbot: Pick2<ChatbotDeps, 'key' | 'jtis' | 'simNow' | 'pingIntervalMs'>;
  /** Handles `/__sim/*`. */
  control: (req: IncomingMessage, res: ServerResponse, path: string, body: Buffer | null) => void;
}
type Pick2<T, K extends keyof T> = { [P in K]: T[P] };

const UNAVAILABLE = JSON.stringify({ error: 'Service Temporarily Unavailable' });
const TOO_LARGE = JSON.stringify({ error: 'Request Entity Too Large' });
const INTERNAL = JSON.stringify(INTERNAL_ERROR.body);

export class Ingress {
  readonly server: Server;
  readonly serverUpstream = new StickyUpstream();
  readonly chatbotUpstream = new StickyUpstream();
  readonly serverPods = new Map<string, ServerPod>();
  readonly chatbotPods = new Map<string, ChatbotPod>();
  requests = 0;
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 10 * 1024 * 1024,
  });
  private readonly upgradePicks = new WeakMap<IncomingMessage, Pick>();

  constructor(private readonly d: IngressDeps) {
    this.server = createServer((req, res) => {
      try {
        this.onRequest(req, res);
      } catch (err) {
        d.log.reject('request (internal error)', err);
        sendJson(res, 500, INTERNAL);
      }
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      try {
        this.onUpgrade(req, socket, head);
      } catch (err) {
        d.log.reject('upgrade (internal error)', err);
        socket.destroy();
      }
    });
    this.server.on('clientError', (_err, socket) => {
      d.log.reject('malformed HTTP');
      socket.destroy();
    });
    this.wss.on('headers', (headers, req) => {
      const pick = this.upgradePicks.get(req);
      if (!pick) return;
      headers.push(`${REPLICA_HEADER}: ${pick.endpoint.name}`);
      if (pick.setCookie) headers.push(`Set-Cookie: ${pick.setCookie}`);
    });
  }

  /** The Deployment's ready pods changed (from the cluster). Removed pods finish what they hold. */
  onPods(deployment: string, names: readonly string[]): void {
    if (deployment === SERVER_DEPLOYMENT) {
      this.serverUpstream.setEndpoints(names);
      sync(
        this.serverPods,
        names,
        (n) => new ServerPod(n, { rng: this.d.rng, faults: this.d.faults, addCpu: this.d.addCpu }),
      );
    } else if (deployment === CHATBOT_DEPLOYMENT) {
      this.chatbotUpstream.setEndpoints(names);
      sync(
        this.chatbotPods,
        names,
        (n) =>
          new ChatbotPod(n, {
            ...this.d.chatbot,
            rng: this.d.rng,
            faults: this.d.faults,
            addCpu: this.d.addCpu,
            reject: (k) => this.d.log.reject(k),
          }),
      );
    }
  }

  /** A crash loses everything the pod holds, at once. The cluster is told by the caller. */
  crash(podName: string): boolean {
    const s = this.serverPods.get(podName);
    const c = this.chatbotPods.get(podName);
    s?.kill();
    c?.kill();
    this.serverPods.delete(podName);
    this.chatbotPods.delete(podName);
    if (s) this.serverUpstream.setEndpoints(this.serverUpstream.names().filter((n) => n !== podName));
    if (c) this.chatbotUpstream.setEndpoints(this.chatbotUpstream.names().filter((n) => n !== podName));
    return Boolean(s || c);
  }

  close(): void {
    for (const p of this.chatbotPods.values()) p.kill();
    for (const p of this.serverPods.values()) p.kill();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q + 1);
    if (path.startsWith('/__sim/')) {
      readBody(req, 1024 * 1024, (r) => this.d.control(req, res, path, r.ok ? r.body : null));
      return;
    }
    const pick = this.serverUpstream.pick(readAffinityCookie(req.headers.cookie), this.d.faults().stickyOff);
    if (!pick) {
      sendJson(res, 503, UNAVAILABLE);
      return;
    }
    const pod = this.serverPods.get(pick.endpoint.name);
    if (!pod) {
      sendJson(res, 503, UNAVAILABLE);
      return;
    }
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      this.dispatch(req, res, pod, pick, path, query, null); // the common bodiless case, without a closure
      return;
    }
    readBody(req, this.d.bodyLimit, (r) => {
      if (!r.ok) {
        if (r.tooLarge) this.d.log.reject('request body over the limit (413)');
        sendJson(
          res,
          r.tooLarge ? 413 : 400,
          r.tooLarge ? TOO_LARGE : JSON.stringify({ error: 'Invalid request body' }),
          { Connection: 'close' },
        );
        return;
      }
      this.dispatch(req, res, pod, pick, path, query, r.body);
    });
  }

  private dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    pod: ServerPod,
    pick: Pick,
    path: string,
    query: string,
    body: Buffer | null,
  ): void {
    const { app, secret } = this.d;
    const method = req.method ?? 'GET';
    const admitted = admit(method, path, req.headers, secret, app);
    const job = new RestRequest(
      res,
      pick.endpoint.name,
      pick.setCookie,
      admitted,
      query,
      body,
      app,
      this.d.log,
      method === 'HEAD',
      this.served,
    );
    if (!pod.submit(job)) sendJson(res, 503, UNAVAILABLE, { [REPLICA_HEADER]: pick.endpoint.name });
  }

  private readonly served = (): void => {
    this.requests += 1;
  };

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => this.d.log.reject('upgrade socket error'));
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.destroy();
      return;
    }
    const pick = this.chatbotUpstream.pick(readAffinityCookie(req.headers.cookie), this.d.faults().stickyOff);
    const pod = pick ? this.chatbotPods.get(pick.endpoint.name) : undefined;
    if (!pick || !pod) {
      socket.end('HTTP/1.1 503 Service Temporarily Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const token = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('token');
    this.upgradePicks.set(req, pick);
    this.wss.handleUpgrade(req, socket, head, (ws) => pod.accept(ws, token));
  }
}

function sync<T>(pods: Map<string, T>, names: readonly string[], make: (name: string) => T): void {
  const keep = new Set(names);
  for (const name of pods.keys()) if (!keep.has(name)) pods.delete(name);
  for (const name of names) if (!pods.has(name)) pods.set(name, make(name));
}
