/** Shared by the simulator specs: start it on free ports, make users, talk WebSocket. */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { mintWsToken, startSimulator, type RunningSim, type SimOptions } from '../../sim/index.ts';

export const SECRET = 'test-secret-for-sim-specs';

export function startSim(extra: SimOptions = {}): Promise<RunningSim> {
  return startSimulator({ port: 0, k8sPort: 0, timeScale: 100, quiet: true, secret: SECRET, seed: 7, ...extra });
}

export interface TestUser {
  id: string;
  orgId: string;
  headers: Record<string, string>;
}

let n = 0;
export async function register(sim: RunningSim): Promise<TestUser> {
  const tag = `${process.pid}-${++n}-${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${sim.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      email: `u${tag}@example.com`,
      password: 'correct-horse',
      name: `User ${tag}`,
      org_name: `Org ${tag}`,
    }),
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  const u = (await res.json()) as { id: string; orgId: string };
  return {
    id: u.id,
    orgId: u.orgId,
    headers: {
      'X-Internal-Secret': SECRET,
      'X-User-ID': u.id,
      'X-Org-ID': u.orgId,
      'Content-Type': 'application/json',
    },
  };
}

export async function api(
  sim: RunningSim,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(user?.headers ?? {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, headers: res.headers };
}

export function token(
  user: TestUser,
  over: Partial<{ jti: string; exp: number; iat: number; aud: string }> = {},
  secret = SECRET,
): string {
  return mintWsToken(secret, { userId: user.id, orgId: user.orgId, jti: over.jti ?? randomUUID(), ...over });
}

/** A WebSocket that records every frame and how it closed. */
export class WsProbe {
  readonly frames: any[] = [];
  readonly ws: WebSocket;
  closed: { code: number; reason: string } | null = null;
  upgradeHeaders: Record<string, string | string[] | undefined> = {};
  readonly opened: Promise<void>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('upgrade', (res) => {
      this.upgradeHeaders = res.headers;
    });
    this.ws.on('message', (d) => {
      try {
        this.frames.push(JSON.parse(d.toString()));
      } catch {
        this.frames.push(d.toString());
      }
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  send(o: unknown): void {
    this.ws.send(JSON.stringify(o));
  }
  close(): void {
    this.ws.terminate();
  }
  waitFor(pred: (frames: any[], probe: WsProbe) => boolean, timeoutMs = 5000): Promise<void> {
    return waitFor(
      () => pred(this.frames, this),
      timeoutMs,
      () => `frames so far: ${JSON.stringify(this.frames)} closed: ${JSON.stringify(this.closed)}`,
    );
  }
}

/** Polls a condition every 20 ms; bounded by timeoutMs. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  describe: () => string = () => '',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms ${describe()}`);
}
