// k6 test double: the host side of one VU. Spawns the VU's worker thread, performs its network I/O
// (HTTP requests it blocks on, WebSocket connections whose events it receives asynchronously) and
// forwards samples, group paths and log lines to the caller. One keep-alive agent per VU, like k6's
// per-VU transport. Every worker is terminated by close(); nothing here outlives a run.
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import WebSocket from 'ws';
import type {
  HttpWireRequest, HttpWireResponse, LogEntry, RunCommand, RunResult, Sample, ScriptError, WorkerInit, WorkerToHost, WsEvent,
} from './types.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

let workerScript: Promise<string> | null = null;
/**
 * The worker runtime is TypeScript; worker threads do not get tsx's loader on Node 20, so it is
 * bundled once per process (cached on disk by content hash) into a plain .mjs file.
 */
export function workerScriptPath(): Promise<string> {
  workerScript ??= (async () => {
    const h = createHash('sha256');
    for (const f of tsSources(HERE)) {
      h.update(f);
      h.update(readFileSync(join(HERE, f)));
    }
    const dir = join(tmpdir(), 'aurora-load-k6-double');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, `vu-worker-${h.digest('hex').slice(0, 16)}.mjs`);
    if (!existsSync(out) || statSync(out).size === 0) {
      const tmp = `${out}.${process.pid}.tmp`;
      await esbuild.build({
        entryPoints: [join(HERE, 'vu-worker.ts')],
        outfile: tmp,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
      });
      renameSync(tmp, out);
    }
    return out;
  })();
  return workerScript;
}

/** Every .ts file under dir (relative paths, sorted; fixtures skipped): the worker's cache key covers runtime/ too. */
function tsSources(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true })
    .flatMap((e) => {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : tsSources(dir, path);
      return e.name.endsWith('.ts') ? [path] : [];
    })
    .sort();
}

export class ScriptInitError extends Error {
  constructor(readonly scriptError: ScriptError) {
    super(scriptError.message);
    this.name = 'ScriptInitError';
  }
}

export interface VuHostEvents {
  onSamples(samples: Sample[]): void;
  onGroup(path: string): void;
  onLog(entry: LogEntry, vuId: number): void;
}

export interface VuHostOptions {
  bundlePath: string;
  scriptDir: string;
  vuId: number;
  env: Record<string, string>;
  insecureSkipTLSVerify?: boolean;
  events: VuHostEvents;
}

// ---- HTTP on the host thread ---------------------------------------------------------------------
function networkError(err: NodeJS.ErrnoException, timedOut: boolean): { message: string; code: number } {
  if (timedOut) return { message: 'request timeout', code: 1050 };
  switch (err.code) {
    case 'ECONNREFUSED': return { message: 'dial: connection refused', code: 1212 };
    case 'ECONNRESET': return { message: 'read: connection reset by peer', code: 1220 };
    case 'EPIPE': return { message: 'write: broken pipe', code: 1201 };
    case 'ENOTFOUND': case 'EAI_AGAIN': return { message: `lookup: no such host`, code: 1101 };
    case 'ETIMEDOUT': return { message: 'dial: i/o timeout', code: 1211 };
    default: return { message: err.message, code: 1000 };
  }
}

export function performHttp(req: HttpWireRequest, agents: { http: http.Agent; https: https.Agent }): Promise<Omit<HttpWireResponse, 'seq'>> {
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
    let sock: import('node:net').Socket | null = null;
    let written0 = 0;
    let read0 = 0;
    const u = new URL(req.url);
    const mod = u.protocol === 'https:' ? https : http;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of req.headers) {
      const cur = headers[k];
      headers[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
    }
    if (req.body && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = String(req.body.length);
    const finish = (status: number, statusText: string, rawHeaders: string[], body: Uint8Array | null, err?: NodeJS.ErrnoException): void => {
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
      res.on('end', () => finish(res.statusCode ?? 0, res.statusMessage ?? '', res.rawHeaders, new Uint8Array(Buffer.concat(chunks))));
      res.on('error', (e) => finish(0, '', [], null, e));
    });
    r.on('error', (e: NodeJS.ErrnoException) => finish(0, '', [], null, e));
    if (req.body) r.write(Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength));
    r.end();
  });
}

// ---- one VU ---------------------------------------------------------------------------------------
export class VuHost {
  readonly vuId: number;
  options: unknown = {};
  exports: string[] = [];
  declaredMetrics: Record<string, [import('./types.ts').MetricType, import('./types.ts').MetricContains]> = {};
  private worker!: Worker;
  private syncPort!: MessagePort;
  private flag!: Int32Array;
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly sockets = new Map<number, WebSocket>();
  private pending: { resolve(r: RunResult): void } | null = null;
  private runSeq = 0;
  private closed = false;
  busy = false;

  private constructor(private readonly opts: VuHostOptions) {
    this.vuId = opts.vuId;
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, rejectUnauthorized: !opts.insecureSkipTLSVerify }),
    };
  }

  /** Spawns the worker and evaluates the init context; rejects with ScriptInitError on an init exception. */
  static async spawn(opts: VuHostOptions): Promise<VuHost> {
    const host = new VuHost(opts);
    try {
      await host.start();
    } catch (e) {
      await host.close();
      throw e;
    }
    return host;
  }

  private async start(): Promise<void> {
    const script = await workerScriptPath();
    const syncBuffer = new SharedArrayBuffer(8);
    this.flag = new Int32Array(syncBuffer);
    const { port1, port2 } = new MessageChannel();
    this.syncPort = port1;
    const init: WorkerInit & { syncPort: MessagePort } = {
      bundlePath: this.opts.bundlePath,
      scriptDir: this.opts.scriptDir,
      vuId: this.opts.vuId,
      env: this.opts.env,
      syncBuffer,
      syncPort: port2,
    };
    this.worker = new Worker(script, { workerData: init, transferList: [port2], stdout: false, stderr: false, execArgv: [] });
    await new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: WorkerToHost) => {
        if (m.type === 'ready') {
          this.options = m.options;
          this.exports = m.exports;
          this.declaredMetrics = m.metrics;
          resolve();
          return;
        }
        if (m.type === 'init-error') {
          reject(new ScriptInitError(m.error));
          return;
        }
        this.onMessage(m);
      });
      this.worker.on('error', (e) => {
        const err = toErr(e);
        if (this.pending) {
          const p = this.pending;
          this.pending = null;
          p.resolve({ id: -1, ok: false, interrupted: false, error: err });
        }
        reject(new ScriptInitError(err));
      });
      this.worker.on('exit', () => {
        this.closed = true;
        if (this.pending) {
          const p = this.pending;
          this.pending = null;
          p.resolve({ id: -1, ok: false, interrupted: true });
        }
      });
    });
  }

  private onMessage(m: WorkerToHost): void {
    switch (m.type) {
      case 'samples':
        this.opts.events.onSamples(m.samples);
        return;
      case 'group':
        this.opts.events.onGroup(m.path);
        return;
      case 'log':
        this.opts.events.onLog(m.entry, this.vuId);
        return;
      case 'http':
        void performHttp(m.req, this.agents).then((resp) => {
          if (this.closed) return;
          this.syncPort.postMessage({ ...resp, seq: m.seq });
          Atomics.store(this.flag, 0, 1);
          Atomics.notify(this.flag, 0);
        });
        return;
      case 'ws-open':
        this.openSocket(m.sid, m.url, m.protocols, m.headers);
        return;
      case 'ws-send': {
        const ws = this.sockets.get(m.sid);
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(m.data, { binary: m.binary });
        return;
      }
      case 'ws-close': {
        const ws = this.sockets.get(m.sid);
        if (!ws) return;
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else if (ws.readyState === WebSocket.OPEN) ws.close(m.code, m.reason);
        return;
      }
      case 'done': {
        const p = this.pending;
        this.pending = null;
        this.busy = false;
        p?.resolve(m.result);
        return;
      }
      default:
        return;
    }
  }

  private toWorker(ev: WsEvent): void {
    if (!this.closed) this.worker.postMessage(ev);
  }

  private openSocket(sid: number, url: string, protocols: string[], headers: [string, string][]): void {
    const start = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    let setCookies: string[] = [];
    let status = 0;
    let handshakeBytes = 0;
    let opened = false;
    let ended = false;
    const hdrs: Record<string, string> = {};
    for (const [k, v] of headers) hdrs[k] = hdrs[k] ? `${hdrs[k]}; ${v}` : v;
    const ws = new WebSocket(url, protocols, {
      headers: hdrs,
      perMessageDeflate: false,
      handshakeTimeout: 60000,
      rejectUnauthorized: !this.opts.insecureSkipTLSVerify,
    });
    this.sockets.set(sid, ws);
    ws.on('upgrade', (res) => {
      status = res.statusCode ?? 101;
      const sc = res.headers['set-cookie'];
      setCookies = Array.isArray(sc) ? sc : sc ? [sc] : [];
      handshakeBytes = res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 20;
    });
    ws.on('unexpected-response', (_req, res) => {
      const sc = res.headers['set-cookie'];
      const cookies = Array.isArray(sc) ? sc : sc ? [sc] : [];
      ended = true;
      this.sockets.delete(sid);
      this.toWorker({
        type: 'ws', sid, ev: 'handshake-error', status: res.statusCode ?? 0, message: 'websocket: bad handshake',
        connectingMs: performance.now() - t0, startTime: start, setCookies: cookies,
      });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      opened = true;
      this.toWorker({
        type: 'ws', sid, ev: 'open', status: status || 101, subproto: ws.protocol ?? '', setCookies,
        connectingMs: performance.now() - t0, startTime: start, bytes: handshakeBytes,
      });
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      this.toWorker({
        type: 'ws', sid, ev: 'message', data: isBinary ? new Uint8Array(buf) : buf.toString('utf8'), binary: isBinary,
        time: performance.timeOrigin + performance.now(), bytes: buf.length + 2,
      });
    });
    ws.on('error', (e) => {
      if (ended) return;
      if (!opened) {
        ended = true;
        this.sockets.delete(sid);
        this.toWorker({
          type: 'ws', sid, ev: 'handshake-error', status: 0, message: wsDialError(e as NodeJS.ErrnoException),
          connectingMs: performance.now() - t0, startTime: start, setCookies: [],
        });
      } else {
        this.toWorker({ type: 'ws', sid, ev: 'error', message: e.message });
      }
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.sockets.delete(sid);
      if (ended || !opened) return;
      ended = true;
      this.toWorker({ type: 'ws', sid, ev: 'close', code, reason: reason.toString('utf8'), time: performance.timeOrigin + performance.now() });
    });
  }

  /** Runs setup/an iteration/teardown/handleSummary; resolves when the VU reports it done. */
  run(cmd: Omit<RunCommand, 'type' | 'id'>): Promise<RunResult> {
    if (this.closed) return Promise.resolve({ id: -1, ok: false, interrupted: true });
    if (this.pending) throw new Error(`VU ${this.vuId} is busy`);
    const id = ++this.runSeq;
    this.busy = true;
    Atomics.store(this.flag, 1, 0);
    return new Promise((resolve) => {
      this.pending = { resolve };
      this.worker.postMessage({ ...cmd, type: 'run', id } satisfies RunCommand);
    });
  }

  /** Interrupts the running iteration (k6: the context is cancelled): wakes a blocked VU too. */
  interrupt(): void {
    if (this.closed) return;
    Atomics.store(this.flag, 1, 1);
    Atomics.notify(this.flag, 1);
    Atomics.store(this.flag, 0, 2);
    Atomics.notify(this.flag, 0);
    this.worker.postMessage({ type: 'interrupt' });
  }

  async close(): Promise<void> {
    if (!this.closed && this.worker) {
      this.closed = true;
      Atomics.store(this.flag, 1, 1);
      Atomics.notify(this.flag, 1);
      Atomics.notify(this.flag, 0);
      await this.worker.terminate();
    }
    this.closed = true;
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.syncPort?.close();
  }
}

function wsDialError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'dial tcp: connect: connection refused';
  return e.message;
}

function toErr(e: unknown): ScriptError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? e.message };
  return { name: 'Error', message: String(e), stack: String(e) };
}
