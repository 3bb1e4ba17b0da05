// k6 test double: types shared by the VU worker (vu-runtime.ts), the module stand-ins (modules/*.ts)
// and the host side (host/, run-bundle.ts, cli.ts). Pure types, no runtime code.

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type MetricContains = 'default' | 'time' | 'data';
export type Tags = Record<string, string>;

/** One metric sample, as the double records it (the NDJSON Point line is derived from it). */
export interface Sample {
  metric: string;
  type: MetricType;
  contains: MetricContains;
  value: number;
  /** epoch milliseconds (fractional) */
  time: number;
  tags: Tags;
}

/** Scenario info handed to a VU when it runs an iteration (exec.scenario, its env and tags). */
export interface ScenarioInfo {
  name: string;
  /** epoch ms when the scenario started */
  startTime: number;
  env: Record<string, string>;
  tags: Tags;
}

export interface RunCommand {
  type: 'run';
  id: number;
  kind: 'iteration' | 'setup' | 'teardown' | 'handleSummary';
  /** export name for iterations */
  exec?: string;
  scenario?: ScenarioInfo;
  iterationInTest?: number;
  /** exec.scenario.iterationInInstance: the scenario's iteration on this instance (= iterationInTest without a segment) */
  iterationInInstance?: number;
  /** setup data (JSON) for iterations/teardown, summary data for handleSummary */
  data?: unknown;
}

export interface RunResult {
  id: number;
  /** the iteration/function finished without an exception */
  ok: boolean;
  /** the iteration was cut short by the host (graceful stop / abort), not by the script */
  interrupted: boolean;
  error?: ScriptError;
  /** return value (setup data, handleSummary result), structured-cloned */
  value?: unknown;
}

export interface ScriptError {
  name: string;
  message: string;
  stack: string;
}

/** What the worker needs to perform one HTTP exchange on the host thread. */
export interface HttpWireRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body: Uint8Array | null;
  timeoutMs: number;
}

export interface HttpWireResponse {
  seq: number;
  /** 0 when the request failed before a response */
  status: number;
  statusText: string;
  /** raw header pairs as received */
  headers: [string, string][];
  body: Uint8Array | null;
  proto: string;
  remoteIp: string;
  remotePort: number;
  timings: {
    blocked: number;
    connecting: number;
    tls_handshaking: number;
    sending: number;
    waiting: number;
    receiving: number;
    duration: number;
  };
  bytesSent: number;
  bytesReceived: number;
  /** network-level failure (k6: res.error / error_code) */
  error?: { message: string; code: number };
  /** epoch ms at which the request started */
  startTime: number;
}

export type WsEvent =
  | {
      type: 'ws';
      sid: number;
      ev: 'open';
      status: number;
      subproto: string;
      setCookies: string[];
      connectingMs: number;
      startTime: number;
      bytes: number;
    }
  | {
      type: 'ws';
      sid: number;
      ev: 'handshake-error';
      status: number;
      message: string;
      connectingMs: number;
      startTime: number;
      setCookies: string[];
    }
  | { type: 'ws'; sid: number; ev: 'message'; data: string | Uint8Array; binary: boolean; time: number; bytes: number }
  | { type: 'ws'; sid: number; ev: 'close'; code: number; reason: string; time: number }
  | { type: 'ws'; sid: number; ev: 'error'; message: string };

/** Messages from the host (main thread) to a VU worker. */
export type HostToWorker = RunCommand | WsEvent | { type: 'interrupt' } | { type: 'stop' };

export interface LogEntry {
  level: 'debug' | 'info' | 'warning' | 'error';
  msg: string;
  fields?: Record<string, string>;
  /** epoch ms */
  time: number;
}

/** Messages from a VU worker to the host. */
export type WorkerToHost =
  | { type: 'ready'; options: unknown; exports: string[]; metrics: Record<string, [MetricType, MetricContains]> }
  | { type: 'init-error'; error: ScriptError }
  | { type: 'samples'; samples: Sample[] }
  | { type: 'http'; seq: number; req: HttpWireRequest }
  | { type: 'ws-open'; sid: number; url: string; protocols: string[]; headers: [string, string][] }
  | { type: 'ws-send'; sid: number; data: string }
  | { type: 'ws-close'; sid: number; code: number; reason: string }
  | { type: 'log'; entry: LogEntry }
  | { type: 'done'; result: RunResult };

/** `executionSegment` / `executionSegmentSequence` as exec.test.options shows them ("0:1/2", "0,1/2,1"). */
export interface SegmentStrings {
  executionSegment: string | null;
  executionSegmentSequence: string | null;
}

/** Data given to each worker at spawn time (workerData). */
export interface WorkerInit {
  bundlePath: string;
  /** exec.vu.idInInstance (0 for the setup VU) */
  vuId: number;
  /** exec.vu.idInTest: unique across the instances of a segmented run (= vuId without a segment) */
  vuIdGlobal: number;
  /** the execution segment and sequence of the run, as k6 writes them in exec.test.options (null: none) */
  segment: SegmentStrings;
  env: Record<string, string>;
  /** `k6 run --tag`s: when any, they replace the script's `options.tags` (k6's option consolidation). */
  runTags?: Tags;
  /** Int32Array over this: [0] = reply-ready flag, [1] = interrupt flag */
  syncBuffer: SharedArrayBuffer;
}
