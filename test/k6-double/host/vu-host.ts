// k6 test double: the host side of one VU. Spawns the VU's worker thread, performs its network I/O
// (HTTP requests it blocks on: http.ts; WebSocket connections whose events it receives
// asynchronously: websocket.ts) and forwards samples and log lines to the caller. One keep-alive
// agent per VU, like k6's per-VU transport. Every worker is terminated by close(); nothing here
// outlives a run.
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import http from 'node:http';
import https from 'node:https';
import type WebSocket from 'ws';
import { performHttp } from './http.ts';
import { openSocket } from './websocket.ts';
import { workerScriptPath } from './worker-script.ts';
import type {
  LogEntry,
  MetricContains,
  MetricType,
  RunCommand,
  RunResult,
  Sample,
  ScriptError,
  SegmentStrings,
  WorkerInit,
  WorkerToHost,
  WsEvent,
} from '../types.ts';

export class ScriptInitError extends Error {
  constructor(readonly scriptError: ScriptError) {
    super(scriptError.message);
    this.name = 'ScriptInitError';
  }
}

export interface VuHostEvents {
  onSamples(samples: Sample[]): void;
  onLog(entry: LogEntry, vuId: number): void;
}

export interface VuHostOptions {
  bundlePath: string;
  vuId: number;
  /** exec.vu.idInTest (default vuId) */
  vuIdGlobal?: number;
  segment?: SegmentStrings;
  env: Record<string, string>;
  /** `k6 run --tag`s (they replace the script's options.tags). */
  runTags?: Record<string, string>;
  insecureSkipTLSVerify?: boolean;
  events: VuHostEvents;
}

// ---- one VU ---------------------------------------------------------------------------------------
export class VuHost {
  readonly vuId: number;
  options: unknown = {};
  exports: string[] = [];
  declaredMetrics: Record<string, [MetricType, MetricContains]> = {};
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
      vuId: this.opts.vuId,
      vuIdGlobal: this.opts.vuIdGlobal ?? this.opts.vuId,
      segment: this.opts.segment ?? { executionSegment: null, executionSegmentSequence: null },
      env: this.opts.env,
      ...(this.opts.runTags ? { runTags: this.opts.runTags } : {}),
      syncBuffer,
      syncPort: port2,
    };
    this.worker = new Worker(script, {
      workerData: init,
      transferList: [port2],
      stdout: false,
      stderr: false,
      execArgv: [],
    });
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
      case 'ws-open': {
        const req = { ...m, rejectUnauthorized: !this.opts.insecureSkipTLSVerify };
        this.sockets.set(
          m.sid,
          openSocket(
            req,
            (ev) => this.toWorker(ev),
            () => this.sockets.delete(m.sid),
          ),
        );
        return;
      }
      case 'ws-send': {
        const ws = this.sockets.get(m.sid);
        if (ws && ws.readyState === ws.OPEN) ws.send(m.data);
        return;
      }
      case 'ws-close': {
        const ws = this.sockets.get(m.sid);
        if (!ws) return;
        if (ws.readyState === ws.CONNECTING) ws.terminate();
        else if (ws.readyState === ws.OPEN) ws.close(m.code, m.reason);
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

function toErr(e: unknown): ScriptError {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack ?? e.message };
  return { name: 'Error', message: String(e), stack: String(e) };
}
