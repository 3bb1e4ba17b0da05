// k6 test double: the per-VU runtime that runs inside a worker thread and backs the module
// stand-ins in modules/*.ts (they only re-export pieces of `globalThis.__k6double`).
//
// It is test infrastructure, not a k6 implementation: it reproduces the k6 semantics our scenarios
// rely on (synchronous k6/http, checks and groups, per-VU cookie jar reset per iteration, the
// browser-style k6/websockets on a per-VU event loop, k6/timers, custom metrics, k6/execution,
// k6/crypto, k6/encoding, __ENV/__VU/__ITER/open()) and emits samples with k6's metric names and
// tags. Network I/O happens on the host thread (host.ts); this thread blocks on Atomics.wait while
// an HTTP request is in flight, exactly like a k6 VU blocks in http.get().
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import {
  setTimeout as nodeSetTimeout,
  clearTimeout as nodeClearTimeout,
  setInterval as nodeSetInterval,
  clearInterval as nodeClearInterval,
  setImmediate as nodeSetImmediate,
} from 'node:timers';
import { createHash, createHmac, randomBytes as nodeRandomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { DoubleCookieJar, parseSetCookie } from './cookie-jar.ts';
import { gjsonGet } from './gjson.ts';
import type {
  HttpWireRequest, HttpWireResponse, LogEntry, MetricContains, MetricType, RunCommand, RunResult,
  Sample, ScenarioInfo, ScriptError, Tags, WorkerToHost, WsEvent, InstanceInfo,
} from './types.ts';

export const DOUBLE_VERSION = 'v2.2.0-double';
const USER_AGENT = `Grafana k6/${DOUBLE_VERSION}`;

// ---- errors ------------------------------------------------------------------------------------
/** Thrown into script code when the host interrupts the iteration (graceful stop ended, abort). */
class InterruptSignal extends Error {
  constructor(reason = 'iteration interrupted') {
    super(reason);
    this.name = 'InterruptError';
  }
}
/** exec.test.abort() */
class TestAbortSignal extends Error {
  constructor(readonly reason: string) {
    super(reason ? `test aborted: ${reason}` : 'test aborted');
    this.name = 'InterruptError';
  }
}
function initContextError(msg: string): Error {
  const e = new Error(msg);
  e.name = 'GoError';
  return e;
}

export function toScriptError(e: unknown): ScriptError {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, stack: e.stack ?? `${e.name}: ${e.message}` };
  }
  const s = typeof e === 'string' ? e : safeJson(e);
  return { name: 'Error', message: s, stack: s };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

// ---- built-in metrics (name -> type, contains) -----------------------------------------------
const BUILTIN: Record<string, [MetricType, MetricContains]> = {
  vus: ['gauge', 'default'], vus_max: ['gauge', 'default'], iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'], dropped_iterations: ['counter', 'default'],
  data_received: ['counter', 'data'], data_sent: ['counter', 'data'], checks: ['rate', 'default'],
  group_duration: ['trend', 'time'], http_reqs: ['counter', 'default'], http_req_failed: ['rate', 'default'],
  http_req_duration: ['trend', 'time'], http_req_blocked: ['trend', 'time'], http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'], http_req_sending: ['trend', 'time'], http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'], ws_sessions: ['counter', 'default'], ws_msgs_sent: ['counter', 'default'],
  ws_msgs_received: ['counter', 'default'], ws_ping: ['trend', 'time'], ws_session_duration: ['trend', 'time'],
  ws_connecting: ['trend', 'time'],
};
/** k6's DefaultSystemTagSet (metrics/system_tag.go); `options.systemTags` replaces it when non-empty. */
export const DEFAULT_SYSTEM_TAGS = [
  'proto', 'subproto', 'status', 'method', 'url', 'name', 'group', 'check', 'error', 'error_code', 'tls_version',
  'scenario', 'service', 'expected_response',
];
const ALL_SYSTEM_TAGS = new Set([...DEFAULT_SYSTEM_TAGS, 'iter', 'vu', 'ocsp_status', 'ip']);
/** The enabled system tags for `options.systemTags`: unknown names are dropped, an empty list means the default (SystemTagSet.UnmarshalJSON). */
export function systemTagSet(v: unknown): Set<string> {
  const list = Array.isArray(v) ? v.map(String).filter((t) => ALL_SYSTEM_TAGS.has(t)) : [];
  return new Set(Array.isArray(v) && v.length > 0 ? list : DEFAULT_SYSTEM_TAGS);
}
export const METRIC_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

// ---- helpers -----------------------------------------------------------------------------------
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8');

function toBytes(v: unknown): Uint8Array {
  if (typeof v === 'string') return textEncoder.encode(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return textEncoder.encode(String(v));
}
function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
}
/** Go's textproto.CanonicalMIMEHeaderKey */
export function canonicalHeaderKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}
/** k6 durations: "10s", "1m30s", "500ms" or a number of milliseconds. */
export function parseDurationMs(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v) return fallback;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h|d)/g;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    matched += m[0];
    const n = Number(m[1]);
    const unit = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2]!]!;
    total += n * unit;
  }
  if (matched !== v) {
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000; // bare number in a string means seconds
    return fallback;
  }
  return total;
}
function stringifyTags(t: Record<string, unknown> | null | undefined): Tags {
  const out: Tags = {};
  if (!t) return out;
  for (const [k, v] of Object.entries(t)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}
function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
function formatArg(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.stack ?? String(a);
  if (typeof a === 'object' && a !== null) return safeJson(a);
  return String(a);
}

// ---- the runtime -------------------------------------------------------------------------------
export interface RuntimeInit {
  post(msg: WorkerToHost): void;
  syncPort: MessagePort;
  flag: Int32Array;
  vuId: number;
  env: Record<string, string>;
  scriptDir: string;
}

interface EventLoop {
  done: boolean;
  pendingPromises: number;
  value: unknown;
  finish(outcome: { error?: unknown }): void;
}

type ExpectedStatuses = { __k6doubleExpected: (number | { min: number; max: number })[] };
type ResponseCallback = ExpectedStatuses | null;

interface K6Options {
  tags?: Record<string, string>;
  noCookiesReset?: boolean;
  discardResponseBodies?: boolean;
  maxRedirects?: number;
  userAgent?: string;
  throw?: boolean;
  insecureSkipTLSVerify?: boolean;
  [k: string]: unknown;
}

export function createRuntime(init: RuntimeInit) {
  const { post, syncPort, flag } = init;

  // ---------- VU state ----------
  const st = {
    inInit: true,
    phase: 'init' as 'init' | 'setup' | 'teardown' | 'iteration' | 'handleSummary',
    options: {} as K6Options,
    scenario: null as ScenarioInfo | null,
    instance: null as InstanceInfo | null,
    progress: 0,
    groupPath: '',
    vuTags: {} as Record<string, string | number | boolean>,
    metadata: {} as Record<string, string | number | boolean>,
    iteration: -1,
    scenarioIter: new Map<string, number>(),
    iterationInTest: 0,
    iterationInInstance: 0,
    jar: new DoubleCookieJar(),
    responseCallback: { __k6doubleExpected: [{ min: 200, max: 399 }] } as ResponseCallback,
    ioSent: 0,
    ioRecv: 0,
    samples: [] as Sample[],
    seenGroups: new Set<string>(),
    httpSeq: 0,
    loop: null as EventLoop | null,
    timers: new Map<number, { handle: ReturnType<typeof nodeSetTimeout>; interval: boolean }>(),
    timerSeq: 0,
    sockets: new Map<number, DoubleWebSocket>(),
    socketSeq: 0,
    abortReason: null as string | null,
    failMessage: null as string | null,
    interrupted: false,
    customMetrics: new Map<string, [MetricType, MetricContains]>(),
    systemTags: systemTagSet(undefined),
  };
  /** k6's SetSystemTagOrMetaIfEnabled: a system tag is set (over a user tag of that name) only when enabled. */
  function setSystemTag(t: Tags, tag: string, value: string): void {
    if (st.systemTags.has(tag)) t[tag] = value;
  }

  // ---------- samples ----------
  function flushSamples(): void {
    if (st.samples.length === 0) return;
    post({ type: 'samples', samples: st.samples });
    st.samples = [];
  }
  nodeSetInterval(flushSamples, 100).unref();

  function metadata(): Record<string, string> | undefined {
    const keys = Object.keys(st.metadata);
    if (keys.length === 0) return undefined;
    return stringifyTags(st.metadata);
  }

  function emit(metric: string, value: number, tags: Tags, time = nowMs(), type?: MetricType, contains?: MetricContains): void {
    const def = BUILTIN[metric] ?? st.customMetrics.get(metric);
    const sample: Sample = {
      metric, type: type ?? def?.[0] ?? 'counter', contains: contains ?? def?.[1] ?? 'default', value, time, tags,
    };
    const md = metadata();
    if (md) sample.metadata = md;
    st.samples.push(sample);
    if (st.samples.length >= 500) flushSamples();
  }

  /** The tags every sample of the current context carries (run tags, scenario tags, group, scenario, vu tags). */
  function baseTags(): Tags {
    const t: Tags = { ...stringifyTags(st.options.tags) };
    if (st.scenario) Object.assign(t, st.scenario.tags);
    setSystemTag(t, 'group', st.groupPath);
    if (st.scenario) setSystemTag(t, 'scenario', st.scenario.name);
    Object.assign(t, stringifyTags(st.vuTags));
    return t;
  }

  function log(level: LogEntry['level'], msg: string, fields?: Record<string, string>): void {
    post({ type: 'log', entry: { level, msg, fields, time: Date.now() } });
  }

  function checkInterrupt(): void {
    if (Atomics.load(flag, 1) !== 0) {
      st.interrupted = true;
      throw new InterruptSignal();
    }
  }

  // ---------- blocking primitives ----------
  function blockingSleep(ms: number): void {
    flushSamples();
    const end = performance.now() + ms;
    for (;;) {
      checkInterrupt();
      const left = end - performance.now();
      if (left <= 0) return;
      Atomics.wait(flag, 1, 0, Math.min(left, 1000));
    }
  }

  function syncHttp(req: HttpWireRequest): HttpWireResponse {
    flushSamples();
    const seq = ++st.httpSeq;
    Atomics.store(flag, 0, 0);
    post({ type: 'http', seq, req });
    const take = (): HttpWireResponse | null => {
      for (;;) {
        const m = receiveMessageOnPort(syncPort);
        if (!m) return null;
        const resp = m.message as HttpWireResponse;
        if (resp.seq === seq) return resp;
      }
    };
    for (;;) {
      const r = take();
      if (r) return r;
      checkInterrupt();
      Atomics.store(flag, 0, 0);
      const again = take();
      if (again) return again;
      Atomics.wait(flag, 0, 0, 500);
    }
  }

  // ---------- event loop (timers + sockets + promises) ----------
  function pendingCount(): number {
    return st.timers.size + st.sockets.size + (st.loop?.pendingPromises ?? 0);
  }
  function maybeFinishLoop(): void {
    const loop = st.loop;
    if (!loop || loop.done) return;
    nodeSetImmediate(() => {
      if (st.loop === loop && !loop.done && pendingCount() === 0) loop.finish({});
    });
  }
  function failLoop(err: unknown): void {
    const loop = st.loop;
    if (!loop || loop.done) {
      // an error outside any iteration (should not happen): log it
      log('error', toScriptError(err).stack, { source: 'stacktrace' });
      return;
    }
    loop.finish({ error: err });
  }
  /** Runs a callback on the VU's event loop: an exception ends the iteration, as in k6. */
  function runCallback(fn: () => void): void {
    if (!st.loop || st.loop.done) return;
    try {
      fn();
    } catch (e) {
      failLoop(e);
      return;
    }
    maybeFinishLoop();
  }
  function cleanupLoopResources(): void {
    for (const t of st.timers.values()) {
      if (t.interval) nodeClearInterval(t.handle);
      else nodeClearTimeout(t.handle);
    }
    st.timers.clear();
    for (const ws of st.sockets.values()) ws.__forceClose();
    st.sockets.clear();
  }

  process.on('unhandledRejection', (reason) => failLoop(reason));

  function runOnEventLoop(fn: () => unknown): Promise<{ error?: unknown; value?: unknown }> {
    return new Promise((resolve) => {
      const loop: EventLoop = {
        done: false,
        pendingPromises: 0,
        value: undefined,
        finish(outcome) {
          if (loop.done) return;
          loop.done = true;
          cleanupLoopResources();
          st.loop = null;
          resolve({ ...outcome, value: loop.value });
        },
      };
      st.loop = loop;
      let v: unknown;
      try {
        v = fn();
      } catch (e) {
        loop.finish({ error: e });
        return;
      }
      if (v && typeof (v as Promise<unknown>).then === 'function') {
        loop.pendingPromises++;
        (v as Promise<unknown>).then(
          (val) => {
            loop.pendingPromises--;
            loop.value = val;
            maybeFinishLoop();
          },
          (err) => {
            loop.pendingPromises--;
            if (!loop.done) loop.finish({ error: err });
          },
        );
      } else {
        loop.value = v;
      }
      maybeFinishLoop();
    });
  }

  // ---------- k6/timers ----------
  function setTimeoutK6(cb: (...a: unknown[]) => void, delay?: number, ...args: unknown[]): number {
    if (typeof cb !== 'function') throw new TypeError('setTimeout\'s callback isn\'t a callable function');
    const id = ++st.timerSeq;
    const handle = nodeSetTimeout(() => {
      st.timers.delete(id);
      runCallback(() => cb(...args));
    }, Math.max(0, Number(delay) || 0));
    st.timers.set(id, { handle, interval: false });
    return id;
  }
  function clearTimeoutK6(id: number): void {
    const t = st.timers.get(id);
    if (!t) return;
    nodeClearTimeout(t.handle);
    st.timers.delete(id);
    maybeFinishLoop();
  }
  function setIntervalK6(cb: (...a: unknown[]) => void, delay?: number, ...args: unknown[]): number {
    if (typeof cb !== 'function') throw new TypeError('setInterval\'s callback isn\'t a callable function');
    const id = ++st.timerSeq;
    const handle = nodeSetInterval(() => runCallback(() => cb(...args)), Math.max(1, Number(delay) || 0));
    st.timers.set(id, { handle, interval: true });
    return id;
  }
  function clearIntervalK6(id: number): void {
    const t = st.timers.get(id);
    if (!t) return;
    nodeClearInterval(t.handle);
    st.timers.delete(id);
    maybeFinishLoop();
  }

  // ---------- k6: check / group / sleep / fail ----------
  function check<VT>(val: VT, sets: Record<string, ((v: VT) => unknown) | unknown>, tags?: Record<string, unknown>): boolean {
    if (st.inInit) throw initContextError('Using check() in the init context is not supported');
    let all = true;
    for (const [name, checker] of Object.entries(sets ?? {})) {
      if (name.includes('::')) throw new Error('group and check names may not contain \'::\'');
      const ok = typeof checker === 'function' ? !!(checker as (v: VT) => unknown)(val) : !!checker;
      const t = { ...baseTags(), ...stringifyTags(tags) };
      setSystemTag(t, 'check', name);
      emit('checks', ok ? 1 : 0, t);
      if (!ok) all = false;
    }
    return all;
  }

  function group<RT>(name: string, fn: () => RT): RT {
    if (st.inInit) throw initContextError('Using group() in the init context is not supported');
    if (typeof name !== 'string' || name.includes('::')) throw new Error('group and check names may not contain \'::\'');
    const parent = st.groupPath;
    const path = `${parent}::${name}`;
    if (!st.seenGroups.has(path)) {
      st.seenGroups.add(path);
      post({ type: 'group', path });
    }
    st.groupPath = path;
    const start = performance.now();
    let ret: RT;
    try {
      ret = fn();
      if (ret && typeof (ret as unknown as Promise<unknown>).then === 'function') {
        log('warning', 'group() does not support async functions as arguments; the group duration and tags do not cover the async part (k6 test double)');
      }
      emit('group_duration', performance.now() - start, baseTags());
    } finally {
      st.groupPath = parent;
    }
    return ret;
  }

  function sleep(seconds: number): void {
    if (st.inInit) {
      // k6 allows sleep in init; it just blocks
    }
    blockingSleep(Math.max(0, Number(seconds) || 0) * 1000);
  }

  function fail(err?: string): never {
    const e = new Error(err ?? '');
    e.name = 'GoError';
    throw e;
  }

  let seededRandom: (() => number) | null = null;
  function randomSeed(seed: number): void {
    let a = Math.floor(seed) >>> 0;
    seededRandom = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    Math.random = seededRandom;
  }

  // ---------- k6/http ----------
  interface HttpURL { __brand: 'http-url'; url: string; name: string }
  interface FileData { __k6doubleFile: true; data: string | ArrayBuffer; filename?: string; content_type?: string }

  class CookieJar {
    /** @internal */
    readonly __jar: DoubleCookieJar;
    constructor(jar?: DoubleCookieJar) {
      this.__jar = jar ?? new DoubleCookieJar();
    }
    cookiesForURL(url: string): Record<string, string[]> {
      return this.__jar.cookiesForURL(url);
    }
    set(url: string, name: string, value: string, options?: Parameters<DoubleCookieJar['set']>[3]): void {
      this.__jar.set(url, name, value, options);
    }
    clear(url: string): void {
      this.__jar.clear(url);
    }
    delete(url: string, name: string): void {
      this.__jar.delete(url, name);
    }
  }
  function jarOf(j: unknown): DoubleCookieJar | null {
    if (j instanceof CookieJar) return j.__jar;
    return null;
  }

  function expectedStatuses(...args: (number | { min: number; max: number })[]): ExpectedStatuses {
    for (const a of args) {
      const ok = typeof a === 'number' ? Number.isInteger(a)
        : a && typeof a === 'object' && Number.isInteger(a.min) && Number.isInteger(a.max);
      if (!ok) throw new Error('argument number 1 to expectedStatuses was neither an integer nor an object like {min:100, max:329}');
    }
    return { __k6doubleExpected: args };
  }
  function isExpected(cb: ExpectedStatuses, status: number): boolean {
    return cb.__k6doubleExpected.some((e) => (typeof e === 'number' ? e === status : status >= e.min && status <= e.max));
  }
  function setResponseCallback(cb: ResponseCallback): void {
    if (cb !== null && !(cb && typeof cb === 'object' && '__k6doubleExpected' in cb)) {
      throw new Error('unsupported argument, expected http.expectedStatuses');
    }
    st.responseCallback = cb;
  }

  interface Params {
    headers?: Record<string, string>;
    tags?: Record<string, unknown>;
    timeout?: string | number;
    jar?: unknown;
    responseType?: 'text' | 'binary' | 'none';
    redirects?: number;
    cookies?: Record<string, string | { value?: string; replace?: boolean }>;
    responseCallback?: ResponseCallback;
    auth?: string;
    compression?: string;
  }

  function encodeBody(body: unknown, headers: Map<string, [string, string]>): Uint8Array | null {
    if (body === null || body === undefined) return null;
    if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return toBytes(body);
    if (typeof body === 'object') {
      const entries = Object.entries(body as Record<string, unknown>);
      const hasFile = entries.some(([, v]) => v && typeof v === 'object' && '__k6doubleFile' in (v as object));
      if (hasFile) {
        const boundary = `k6doubleboundary${Math.random().toString(16).slice(2)}`;
        const chunks: Uint8Array[] = [];
        for (const [k, v] of entries.sort(([a], [b]) => a.localeCompare(b))) {
          if (v && typeof v === 'object' && '__k6doubleFile' in (v as object)) {
            const f = v as FileData;
            chunks.push(textEncoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.filename ?? 'file'}"\r\nContent-Type: ${f.content_type ?? 'application/octet-stream'}\r\n\r\n`));
            chunks.push(toBytes(f.data));
            chunks.push(textEncoder.encode('\r\n'));
          } else {
            chunks.push(textEncoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
          }
        }
        chunks.push(textEncoder.encode(`--${boundary}--\r\n`));
        if (!headers.has('content-type')) headers.set('content-type', ['Content-Type', `multipart/form-data; boundary=${boundary}`]);
        const total = chunks.reduce((n, c) => n + c.length, 0);
        const out = new Uint8Array(total);
        let off = 0;
        for (const c of chunks) {
          out.set(c, off);
          off += c.length;
        }
        return out;
      }
      // Go's url.Values.Encode(): keys sorted, query-escaped
      const sp = new URLSearchParams();
      for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) sp.append(k, String(v));
      if (!headers.has('content-type')) headers.set('content-type', ['Content-Type', 'application/x-www-form-urlencoded']);
      return textEncoder.encode(sp.toString());
    }
    return toBytes(String(body));
  }

  function errorCodeTagless(resp: HttpWireResponse): { code: number; message: string } {
    if (resp.error) return resp.error;
    if (resp.status >= 400 && resp.status < 600) return { code: 1000 + resp.status, message: '' };
    return { code: 0, message: '' };
  }

  class DoubleResponse {
    body: string | ArrayBuffer | null;
    status: number;
    status_text: string;
    headers: Record<string, string>;
    cookies: Record<string, { name: string; value: string; domain: string; path: string; httpOnly: boolean; secure: boolean; maxAge: number; expires: number }[]>;
    error: string;
    error_code: number;
    proto: string;
    remote_ip: string;
    remote_port: number;
    url: string;
    timings: HttpWireResponse['timings'];
    tls_version = '';
    tls_cipher_suite = '';
    ocsp = { produced_at: 0, this_update: 0, next_update: 0, revocation_reason: '', revoked_at: 0, status: '' };
    request: { method: string; url: string; headers: Record<string, string[]>; body: string; cookies: Record<string, { name: string; value: string; replace: boolean }[]> };
    private parsed: { ok: true; value: unknown } | null = null;

    constructor(init: {
      wire: HttpWireResponse; url: string; method: string; reqHeaders: [string, string][]; reqBody: Uint8Array | null;
      reqCookies: Record<string, { name: string; value: string; replace: boolean }[]>; responseType: string;
    }) {
      const { wire } = init;
      this.status = wire.status;
      this.status_text = wire.status ? `${wire.status} ${wire.statusText}` : '';
      this.headers = {};
      const setCookies: string[] = [];
      for (const [k, v] of wire.headers) {
        const ck = canonicalHeaderKey(k);
        this.headers[ck] = this.headers[ck] === undefined ? v : `${this.headers[ck]}, ${v}`;
        if (ck === 'Set-Cookie') setCookies.push(v);
      }
      this.cookies = {};
      for (const line of setCookies) {
        const c = parseSetCookie(line);
        if (!c) continue;
        (this.cookies[c.name] ??= []).push({
          name: c.name, value: c.value, domain: c.domain, path: c.path, httpOnly: c.httpOnly, secure: c.secure,
          maxAge: c.maxAge, expires: c.expires,
        });
      }
      const ec = errorCodeTagless(wire);
      this.error = ec.message;
      this.error_code = ec.code;
      this.proto = wire.proto;
      this.remote_ip = wire.remoteIp;
      this.remote_port = wire.remotePort;
      this.url = init.url;
      this.timings = wire.timings;
      if (init.responseType === 'none' || !wire.body) this.body = init.responseType === 'binary' && wire.body ? toArrayBuffer(wire.body) : (init.responseType === 'none' ? null : (wire.status ? '' : null));
      else if (init.responseType === 'binary') this.body = toArrayBuffer(wire.body);
      else this.body = textDecoder.decode(wire.body);
      const rh: Record<string, string[]> = {};
      for (const [k, v] of init.reqHeaders) (rh[canonicalHeaderKey(k)] ??= []).push(v);
      this.request = {
        method: init.method, url: init.url, headers: rh, body: init.reqBody ? textDecoder.decode(init.reqBody) : '',
        cookies: init.reqCookies,
      };
    }

    json(selector?: string): unknown {
      if (this.parsed === null) {
        if (typeof this.body !== 'string') {
          throw new Error('cannot parse json due to an error: the body is null (responseType "none"?) or binary');
        }
        try {
          this.parsed = { ok: true, value: JSON.parse(this.body) };
        } catch (e) {
          throw new Error(`cannot parse json due to an error: ${(e as Error).message}`);
        }
      }
      if (selector === undefined || selector === '') return this.parsed.value;
      const v = gjsonGet(this.parsed.value, selector);
      return v === undefined ? null : v;
    }
    html(): never {
      throw new Error('Response.html() is not implemented by the k6 test double');
    }
    clickLink(): never {
      throw new Error('Response.clickLink() is not implemented by the k6 test double');
    }
    submitForm(): never {
      throw new Error('Response.submitForm() is not implemented by the k6 test double');
    }
  }

  function request(method: string, urlArg: string | HttpURL, body?: unknown, paramsArg?: Params | null): DoubleResponse {
    if (st.inInit) throw initContextError('Making http requests in the init context is not supported');
    checkInterrupt();
    const params: Params = paramsArg ?? {};
    method = String(method).toUpperCase();
    let url: string;
    let nameTag: string | undefined;
    if (urlArg && typeof urlArg === 'object' && (urlArg as HttpURL).__brand === 'http-url') {
      url = (urlArg as HttpURL).url;
      nameTag = (urlArg as HttpURL).name;
    } else {
      url = String(urlArg);
    }
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`unsupported protocol scheme "${u.protocol.replace(':', '')}"`);
    } catch (e) {
      const err = new Error(`invalid URL "${url}": ${(e as Error).message}`);
      err.name = 'GoError';
      throw err;
    }
    const userTags = stringifyTags(params.tags);
    if (userTags.name === undefined && nameTag !== undefined) userTags.name = nameTag;
    const headerMap = new Map<string, [string, string]>();
    headerMap.set('user-agent', ['User-Agent', st.options.userAgent ?? USER_AGENT]);
    for (const [k, v] of Object.entries(params.headers ?? {})) headerMap.set(k.toLowerCase(), [k, String(v)]);
    let bodyBytes = encodeBody(body, headerMap);
    const jar = params.jar === undefined ? st.jar : jarOf(params.jar);
    const timeoutMs = parseDurationMs(params.timeout, 60000);
    const responseType = params.responseType ?? (st.options.discardResponseBodies ? 'none' : 'text');
    const maxRedirects = params.redirects ?? st.options.maxRedirects ?? 10;
    const cb = params.responseCallback !== undefined ? params.responseCallback : st.responseCallback;

    let curUrl = url;
    let curMethod = method;
    let redirects = 0;
    for (;;) {
      // cookies: the jar's, then the request's own (replace:true drops the jar's cookie of that name)
      const reqCookies: Record<string, { name: string; value: string; replace: boolean }[]> = {};
      const pairs: [string, string][] = [];
      const jarCookies = jar ? jar.matching(curUrl) : [];
      const replaced = new Set<string>();
      for (const [name, v] of Object.entries(params.cookies ?? {})) {
        const value = typeof v === 'string' ? v : v?.value ?? '';
        const replace = typeof v === 'object' && !!v?.replace;
        if (replace) replaced.add(name);
        (reqCookies[name] ??= []).push({ name, value, replace });
      }
      for (const c of jarCookies) {
        if (replaced.has(c.name)) continue;
        pairs.push([c.name, c.value]);
        (reqCookies[c.name] ??= []).unshift({ name: c.name, value: c.value, replace: false });
      }
      for (const [name, v] of Object.entries(params.cookies ?? {})) {
        pairs.push([name, typeof v === 'string' ? v : v?.value ?? '']);
      }
      const headers: [string, string][] = [...headerMap.values()].filter(([k]) => k.toLowerCase() !== 'cookie');
      const explicitCookie = headerMap.get('cookie');
      const cookieParts = pairs.map(([k, v]) => `${k}=${v}`);
      if (explicitCookie) cookieParts.unshift(explicitCookie[1]);
      if (cookieParts.length) headers.push(['Cookie', cookieParts.join('; ')]);

      const wire = syncHttp({ method: curMethod, url: curUrl, headers, body: bodyBytes, timeoutMs });
      st.ioSent += wire.bytesSent;
      st.ioRecv += wire.bytesReceived;
      const setCookies = wire.headers.filter(([k]) => k.toLowerCase() === 'set-cookie').map(([, v]) => v);
      if (jar && setCookies.length) jar.storeSetCookies(curUrl, setCookies);

      // samples for this request
      const ec = errorCodeTagless(wire);
      // lib/netext/httpext/transport.go measureAndEmitMetrics: a user `name` becomes `url` too
      const tags: Tags = { ...baseTags(), ...userTags };
      if (userTags.name !== undefined) setSystemTag(tags, 'url', userTags.name);
      else {
        setSystemTag(tags, 'name', curUrl);
        setSystemTag(tags, 'url', curUrl);
      }
      setSystemTag(tags, 'method', curMethod);
      if (ec.message) setSystemTag(tags, 'error', ec.message);
      if (ec.code) setSystemTag(tags, 'error_code', String(ec.code));
      setSystemTag(tags, 'status', String(wire.status));
      if (wire.proto) setSystemTag(tags, 'proto', wire.proto);
      let expected: boolean | undefined;
      if (cb) {
        expected = isExpected(cb, wire.status);
        setSystemTag(tags, 'expected_response', String(expected));
      }
      const t = wire.startTime + wire.timings.duration + wire.timings.blocked;
      emit('http_reqs', 1, tags, t);
      emit('http_req_duration', wire.timings.duration, tags, t);
      emit('http_req_blocked', wire.timings.blocked, tags, t);
      emit('http_req_connecting', wire.timings.connecting, tags, t);
      emit('http_req_tls_handshaking', wire.timings.tls_handshaking, tags, t);
      emit('http_req_sending', wire.timings.sending, tags, t);
      emit('http_req_waiting', wire.timings.waiting, tags, t);
      emit('http_req_receiving', wire.timings.receiving, tags, t);
      if (expected !== undefined) emit('http_req_failed', expected ? 0 : 1, tags, t);

      if (wire.error) {
        log('warning', 'Request Failed', { error: `${curMethod[0]}${curMethod.slice(1).toLowerCase()} "${curUrl}": ${wire.error.message}` });
        if (st.options.throw) {
          const e = new Error(`${curMethod} ${curUrl}: ${wire.error.message}`);
          e.name = 'GoError';
          throw e;
        }
      }

      const location = wire.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
      if (wire.status >= 300 && wire.status < 400 && location && wire.status !== 304) {
        if (redirects >= maxRedirects) {
          if (maxRedirects > 0) {
            log('warning', `Stopped after ${redirects} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this`, { url: curUrl });
          }
        } else {
          redirects++;
          curUrl = new URL(location, curUrl).toString();
          if (wire.status === 301 || wire.status === 302 || wire.status === 303) {
            if (curMethod !== 'GET' && curMethod !== 'HEAD') curMethod = 'GET';
            bodyBytes = null;
            headerMap.delete('content-type');
            headerMap.delete('content-length');
          }
          continue;
        }
      }
      return new DoubleResponse({
        wire, url: curUrl, method: curMethod, reqHeaders: headers, reqBody: bodyBytes, reqCookies, responseType,
      });
    }
  }

  const http = {
    request,
    get: (url: string | HttpURL, params?: Params | null) => request('GET', url, null, params),
    head: (url: string | HttpURL, params?: Params | null) => request('HEAD', url, null, params),
    post: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('POST', url, body, params),
    put: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('PUT', url, body, params),
    patch: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('PATCH', url, body, params),
    del: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('DELETE', url, body, params),
    options: (url: string | HttpURL, body?: unknown, params?: Params | null) => request('OPTIONS', url, body, params),
    asyncRequest: (method: string, url: string | HttpURL, body?: unknown, params?: Params | null) => {
      // the double performs it synchronously and hands back a settled promise
      try {
        return Promise.resolve(request(method, url, body, params));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    batch(reqs: unknown[] | Record<string, unknown>): unknown {
      // k6 runs batch requests in parallel; the double runs them one after the other
      if (st.inInit) throw initContextError('Using batch in the init context is not supported');
      const one = (r: unknown): DoubleResponse => {
        if (typeof r === 'string' || (r && typeof r === 'object' && (r as HttpURL).__brand === 'http-url')) return request('GET', r as string, null, null);
        if (Array.isArray(r)) return request(r[0] as string, r[1] as string, r[2], r[3] as Params);
        const o = r as { method: string; url: string; body?: unknown; params?: Params };
        return request(o.method, o.url, o.body, o.params);
      };
      if (Array.isArray(reqs)) return reqs.map(one);
      return Object.fromEntries(Object.entries(reqs).map(([k, v]) => [k, one(v)]));
    },
    url(strings: TemplateStringsArray, ...args: unknown[]): HttpURL {
      let url = '';
      strings.forEach((s, i) => {
        url += s + (i < args.length ? String(args[i]) : '');
      });
      return { __brand: 'http-url', url, name: strings.join('${}') };
    },
    file(data: string | ArrayBuffer, filename?: string, contentType?: string): FileData {
      return { __k6doubleFile: true, data, filename, content_type: contentType };
    },
    cookieJar(): CookieJar {
      if (st.inInit) throw initContextError('Making cookie jars in the init context is not supported');
      return new CookieJar(st.jar);
    },
    expectedStatuses,
    setResponseCallback,
    CookieJar,
  };

  // ---------- k6/websockets ----------
  class DoubleBlob {
    readonly type: string;
    private readonly bytes: Uint8Array;
    constructor(parts?: unknown[], options?: { type?: string }) {
      const chunks = (parts ?? []).map((p) => (p instanceof DoubleBlob ? p.bytes : toBytes(p)));
      const total = chunks.reduce((n, c) => n + c.length, 0);
      this.bytes = new Uint8Array(total);
      let off = 0;
      for (const c of chunks) {
        this.bytes.set(c, off);
        off += c.length;
      }
      this.type = options?.type ?? '';
    }
    get size(): number {
      return this.bytes.length;
    }
    arrayBuffer(): Promise<ArrayBuffer> {
      return Promise.resolve(toArrayBuffer(this.bytes));
    }
    bytesArray(): Uint8Array {
      return this.bytes;
    }
    text(): Promise<string> {
      return Promise.resolve(textDecoder.decode(this.bytes));
    }
    slice(start?: number, end?: number): DoubleBlob {
      return new DoubleBlob([this.bytes.slice(start, end)], { type: this.type });
    }
  }

  type Listener = (ev: unknown) => void;
  const EVENT_NAMES = ['open', 'message', 'error', 'close', 'ping', 'pong'] as const;

  // No CONNECTING/OPEN/CLOSING/CLOSED constants, static or on instances: @types/k6 declares them, but
  // k6's WebSocket (websockets.go defineWebsocket) defines none, so `WebSocket.OPEN` is undefined there.
  class DoubleWebSocket {
    readonly url: string;
    readyState: 0 | 1 | 2 | 3 = 0;
    bufferedAmount = 0;
    protocol = '';
    extensions: string[] = [];
    private _binaryType: 'blob' | 'arraybuffer' = 'blob';
    onopen: Listener | null = null;
    onmessage: Listener | null = null;
    onerror: Listener | null = null;
    onclose: Listener | null = null;
    onping: Listener | null = null;
    onpong: Listener | null = null;
    private readonly listeners = new Map<string, Listener[]>();
    private readonly sid: number;
    private readonly tags: Tags;
    private readonly jar: DoubleCookieJar | null;
    private started = 0;
    private closeCode = 0;
    private closeReason = '';

    constructor(url: string, protocols?: string | string[] | null, params?: { headers?: Record<string, string>; tags?: Record<string, unknown>; jar?: unknown; compression?: string } | null) {
      if (st.inInit) throw initContextError('Using websockets in the init context is not supported');
      if (url === undefined || url === null) throw new Error('WebSocket requires a url');
      let parsed: URL;
      try {
        parsed = new URL(String(url));
      } catch (e) {
        throw new Error(`WebSocket requires valid url, but got "${String(url)}" which resulted in ${(e as Error).message}`);
      }
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
        throw new Error(`WebSocket requires url with scheme ws or wss, but got "${parsed.protocol.replace(':', '')}"`);
      }
      if (parsed.hash) throw new Error(`WebSocket requires no url fragment, but got "${parsed.hash.slice(1)}"`);
      this.url = String(url);
      this.sid = ++st.socketSeq;
      // websockets.go establishConnection: a user `name` becomes `url` too; else both are the full URL
      const userTags = stringifyTags(params?.tags ?? undefined);
      this.tags = { ...baseTags(), ...userTags };
      if (userTags.name !== undefined) setSystemTag(this.tags, 'url', userTags.name);
      else {
        setSystemTag(this.tags, 'url', this.url);
        setSystemTag(this.tags, 'name', this.url);
      }
      this.jar = params?.jar === undefined ? st.jar : jarOf(params.jar);
      const headers: [string, string][] = Object.entries(params?.headers ?? {}).map(([k, v]) => [k, String(v)]);
      if (!headers.some(([k]) => k.toLowerCase() === 'user-agent')) headers.push(['User-Agent', st.options.userAgent ?? USER_AGENT]);
      if (this.jar) {
        const cookie = this.jar.cookieHeader(this.url);
        if (cookie) headers.push(['Cookie', cookie]);
      }
      const protos = protocols === null || protocols === undefined ? [] : Array.isArray(protocols) ? protocols.map(String) : [String(protocols)];
      st.sockets.set(this.sid, this);
      this.started = nowMs();
      post({ type: 'ws-open', sid: this.sid, url: this.url, protocols: protos, headers });
    }

    get binaryType(): 'blob' | 'arraybuffer' {
      return this._binaryType;
    }
    set binaryType(v: 'blob' | 'arraybuffer') {
      if (v !== 'blob' && v !== 'arraybuffer') throw new Error(`unknown binaryType ${String(v)}, the supported ones are "blob" and "arraybuffer"`);
      this._binaryType = v;
    }

    addEventListener(event: string, listener: Listener): void {
      if (typeof listener !== 'function') throw new Error(`handler for event type "${event}" isn't a callable function`);
      if (!(EVENT_NAMES as readonly string[]).includes(event)) {
        log('warning', `can't add event handler: unknown event "${event}"`);
        return;
      }
      const list = this.listeners.get(event) ?? [];
      list.push(listener);
      this.listeners.set(event, list);
    }

    private dispatch(event: string, ev: Record<string, unknown>): void {
      const on = (this as unknown as Record<string, Listener | null>)[`on${event}`];
      const all: Listener[] = [...(this.listeners.get(event) ?? [])];
      if (typeof on === 'function') all.unshift(on);
      const obj = { type: event, target: this, timestamp: Date.now(), ...ev };
      for (const l of all) l(obj);
    }

    private emitWs(metric: string, value: number, time?: number): void {
      emit(metric, value, { ...this.tags }, time);
    }

    send(data: unknown): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      let payload: string | Uint8Array;
      let binary = false;
      if (typeof data === 'string') payload = data;
      else if (data instanceof DoubleBlob) {
        payload = data.bytesArray();
        binary = true;
      } else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
        payload = toBytes(data);
        binary = true;
      } else throw new Error(`unsupported send type ${typeof data}`);
      post({ type: 'ws-send', sid: this.sid, data: payload, binary });
      st.ioSent += (typeof payload === 'string' ? textEncoder.encode(payload).length : payload.length) + 6;
      this.emitWs('ws_msgs_sent', 1);
    }

    ping(): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      log('warning', 'WebSocket.ping() is not implemented by the k6 test double; ignored');
    }

    close(code?: number, reason?: string): void {
      if (this.readyState === 3 || this.readyState === 2) return;
      if (code !== undefined && code !== 0 && !(code === 1000 || (code >= 3000 && code <= 4999))) {
        throw new Error(`InvalidAccessError: Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither`);
      }
      const r = reason ?? '';
      if (textEncoder.encode(r).length > 123) {
        throw new Error('SyntaxError: Failed to execute \'close\' on \'WebSocket\': The message must not be greater than 123 bytes');
      }
      const c = code || 1000;
      if (this.readyState === 0) {
        // closing while connecting: the handshake result will be dropped
        this.readyState = 2;
        this.closeCode = c;
        post({ type: 'ws-close', sid: this.sid, code: c, reason: r });
        return;
      }
      this.readyState = 2;
      this.closeCode = c;
      post({ type: 'ws-close', sid: this.sid, code: c, reason: r });
      // the close frame goes through k6's write queue and counts as a sent message
      st.ioSent += 8 + r.length;
      this.emitWs('ws_msgs_sent', 1);
    }

    /** @internal the iteration ended (error/interrupt): close without dispatching events */
    __forceClose(): void {
      if (this.readyState !== 3) {
        this.readyState = 3;
        post({ type: 'ws-close', sid: this.sid, code: 1000, reason: '' });
      }
    }

    /** @internal events from the host */
    __onEvent(e: WsEvent): void {
      if (this.readyState === 3) return;
      switch (e.ev) {
        case 'open': {
          if (this.jar && e.setCookies.length) this.jar.storeSetCookies(this.url, e.setCookies);
          setSystemTag(this.tags, 'status', String(e.status));
          setSystemTag(this.tags, 'subproto', e.subproto);
          this.protocol = e.subproto;
          this.started = e.startTime;
          st.ioRecv += e.bytes;
          this.emitWs('ws_sessions', 1, e.startTime);
          this.emitWs('ws_connecting', e.connectingMs, e.startTime);
          if (this.readyState !== 0) return; // close() was called while connecting
          this.readyState = 1;
          runCallback(() => this.dispatch('open', {}));
          return;
        }
        case 'handshake-error': {
          if (this.jar && e.setCookies.length) this.jar.storeSetCookies(this.url, e.setCookies);
          if (e.status) setSystemTag(this.tags, 'status', String(e.status));
          if (e.status) setSystemTag(this.tags, 'subproto', '');
          this.emitWs('ws_sessions', 1, e.startTime);
          this.emitWs('ws_connecting', e.connectingMs, e.startTime);
          this.readyState = 3;
          st.sockets.delete(this.sid);
          runCallback(() => {
            this.dispatch('error', { error: e.message });
            this.dispatch('close', { reason: '' });
          });
          return;
        }
        case 'message': {
          if (this.readyState !== 1) return;
          st.ioRecv += e.bytes;
          this.emitWs('ws_msgs_received', 1, e.time);
          let data: unknown = e.data;
          if (e.binary) {
            const bytes = e.data as Uint8Array;
            data = this._binaryType === 'arraybuffer' ? toArrayBuffer(bytes) : new DoubleBlob([bytes]);
          }
          runCallback(() => this.dispatch('message', { data, origin: this.url }));
          return;
        }
        case 'error': {
          runCallback(() => this.dispatch('error', { error: e.message }));
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
          const unexpected = this.closeCode !== 1000 && this.closeCode !== 1001;
          runCallback(() => {
            if (unexpected) {
              const text = this.closeCode === 1006 ? 'websocket: close 1006 (abnormal closure): unexpected EOF' : `websocket: close ${this.closeCode}${this.closeReason ? ` (${this.closeReason})` : ''}`;
              this.dispatch('error', { error: text });
            }
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
    const sock = st.sockets.get(e.sid);
    if (sock) sock.__onEvent(e);
  }

  // ---------- k6/metrics ----------
  class Metric {
    readonly name: string;
    protected readonly mtype: MetricType;
    protected readonly contains: MetricContains;
    constructor(name: string, isTime: boolean | undefined, mtype: MetricType) {
      if (!st.inInit) throw initContextError('metrics must be declared in the init context');
      if (typeof name !== 'string' || !METRIC_NAME_RE.test(name)) {
        throw new Error(`Invalid metric name: '${String(name)}'. Metric names must only include up to 128 ASCII letters, numbers, or underscores and start with a letter or an underscore.`);
      }
      const contains: MetricContains = mtype === 'trend' && isTime ? 'time' : 'default';
      const existing = BUILTIN[name] ?? st.customMetrics.get(name);
      if (existing && existing[0] !== mtype) {
        throw new Error(`metric '${name}' already exists but with type ${existing[0]}, instead of ${mtype}`);
      }
      if (existing && existing[1] !== contains) {
        throw new Error(`metric '${name}' already exists but with a value type ${existing[1]}, instead of ${contains}`);
      }
      if (!BUILTIN[name]) st.customMetrics.set(name, [mtype, contains]);
      this.name = name;
      this.mtype = mtype;
      this.contains = contains;
    }
    add(value: number | boolean, tags?: Record<string, unknown>): boolean {
      if (st.inInit) throw initContextError('Adding to metrics in the init context is not supported');
      let v: number;
      if (typeof value === 'boolean') v = value ? 1 : 0;
      else if (typeof value === 'number' && !Number.isNaN(value)) v = value;
      else if (value !== null && value !== undefined && !Number.isNaN(Number(value)) && typeof value !== 'object') v = Number(value);
      else {
        const msg = `'${String(value)}' is an invalid value for metric '${this.name}', a number or a boolean value is expected`;
        if (st.options.throw) throw new Error(msg);
        log('warning', msg);
        return false;
      }
      if (this.mtype === 'rate') v = v !== 0 ? 1 : 0;
      emit(this.name, v, { ...baseTags(), ...stringifyTags(tags) }, nowMs(), this.mtype, this.contains);
      return true;
    }
  }
  class Counter extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'counter');
    }
  }
  class Gauge extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'gauge');
    }
  }
  class Rate extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'rate');
    }
  }
  class Trend extends Metric {
    constructor(name: string, isTime?: boolean) {
      super(name, isTime, 'trend');
    }
  }

  // ---------- k6/execution ----------
  function needVu(what: string): void {
    if (st.inInit) throw initContextError(`getting ${what} information in the init context is not supported`);
  }
  // k6 (execution.go tagsDynamicObject): reads see all of the VU's current tags (run, scenario and
  // system tags included); a set stores String(value) and refuses anything but string/number/boolean;
  // the tags last until the VU's next activation (scenario), not just the iteration.
  const isTagValue = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  const vuTagsView = new Proxy({} as Record<string, string>, {
    get: (_t, k) => (typeof k === 'string' ? baseTags()[k] : undefined),
    set: (_t, k, v) => {
      if (typeof k !== 'string') return false;
      if (!isTagValue(v)) {
        throw new TypeError(`invalid value for metric tag '${k}': only String, Boolean and Number types are accepted as a metric tag values`);
      }
      st.vuTags[k] = String(v);
      return true;
    },
    has: (_t, k) => typeof k === 'string' && k in baseTags(),
    deleteProperty: (_t, k) => {
      if (typeof k === 'string') delete st.vuTags[k];
      return true;
    },
    ownKeys: () => Object.keys(baseTags()),
    getOwnPropertyDescriptor: (_t, k) => {
      const all = baseTags();
      return typeof k === 'string' && k in all ? { value: all[k], enumerable: true, configurable: true, writable: true } : undefined;
    },
  });
  // `vu.metrics.tags` and `.metadata` are getter-only in k6 (newInfoObj): assigning them throws in
  // strict (module) code, as it does here.
  const vuMetrics = {
    get tags() {
      needVu('VU');
      return vuTagsView;
    },
    get metadata() {
      return st.metadata;
    },
  };
  const execution = {
    scenario: {
      get name() { needVu('scenario'); return st.scenario?.name ?? ''; },
      get executor() { needVu('scenario'); return st.scenario?.executor ?? ''; },
      get startTime() { needVu('scenario'); return st.scenario?.startTime ?? 0; },
      get progress() { needVu('scenario'); return st.progress; },
      get iterationInInstance() { needVu('scenario'); return st.iterationInInstance; },
      get iterationInTest() { needVu('scenario'); return st.iterationInTest; },
    },
    instance: {
      get iterationsInterrupted() { return st.instance?.iterationsInterrupted ?? 0; },
      get iterationsCompleted() { return st.instance?.iterationsCompleted ?? 0; },
      get vusActive() { return st.instance?.vusActive ?? 0; },
      get vusInitialized() { return st.instance?.vusInitialized ?? 0; },
      get currentTestRunDuration() { return st.instance?.currentTestRunDuration ?? 0; },
    },
    test: {
      abort(input?: string): never {
        st.abortReason = input ?? '';
        throw new TestAbortSignal(input ?? '');
      },
      fail(message?: string): void {
        st.failMessage = message ?? '';
        log('error', `test marked as failed${message ? `: ${message}` : ''}`);
      },
      get options() {
        return st.options;
      },
    },
    vu: {
      get iterationInInstance() { needVu('VU'); return Math.max(st.iteration, 0); },
      get iterationInScenario() { needVu('VU'); return st.scenario ? st.scenarioIter.get(st.scenario.name) ?? 0 : 0; },
      get idInInstance() { return init.vuId; },
      get idInTest() { return init.vuId; },
      get tags() { needVu('VU'); return vuTagsView; },
      set tags(_v: unknown) { log('warning', 'assigning exec.vu.tags has no effect on metric tags in k6 (it replaces the property); set its keys instead (k6 test double)'); },
      metrics: vuMetrics,
    },
  };

  // ---------- k6/crypto ----------
  const ALG: Record<string, string> = {
    md4: 'md4', md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
    sha512_224: 'sha512-224', sha512_256: 'sha512-256', ripemd160: 'ripemd160',
  };
  function encodeDigest(buf: Buffer, enc: string): string | ArrayBuffer {
    switch (enc) {
      case 'hex': return buf.toString('hex');
      case 'base64': return buf.toString('base64');
      case 'base64url': return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      case 'base64rawurl': return buf.toString('base64url');
      case 'binary': return toArrayBuffer(buf);
      default: throw new Error(`invalid output encoding: ${enc}`);
    }
  }
  function algOf(a: string): string {
    const alg = ALG[a];
    if (!alg) throw new Error(`invalid algorithm: ${a}`);
    return alg;
  }
  class Hasher {
    constructor(private readonly h: { update(b: Uint8Array): unknown; digest(): Buffer }) {}
    update(input: string | ArrayBuffer): void {
      this.h.update(toBytes(input));
    }
    digest(enc: string): string | ArrayBuffer {
      return encodeDigest(this.h.digest(), enc);
    }
  }
  const hashFn = (a: string) => (input: string | ArrayBuffer, enc: string) => encodeDigest(createHash(algOf(a)).update(toBytes(input)).digest(), enc);
  const crypto = {
    randomBytes: (n: number) => toArrayBuffer(nodeRandomBytes(n)),
    hmac: (a: string, secret: string | ArrayBuffer, input: string | ArrayBuffer, enc: string) =>
      encodeDigest(createHmac(algOf(a), toBytes(secret)).update(toBytes(input)).digest(), enc),
    createHash: (a: string) => new Hasher(createHash(algOf(a))),
    createHMAC: (a: string, secret: string | ArrayBuffer) => new Hasher(createHmac(algOf(a), toBytes(secret))),
    md4: hashFn('md4'), md5: hashFn('md5'), sha1: hashFn('sha1'), sha256: hashFn('sha256'), sha384: hashFn('sha384'),
    sha512: hashFn('sha512'), sha512_224: hashFn('sha512_224'), sha512_256: hashFn('sha512_256'), ripemd160: hashFn('ripemd160'),
  };

  // ---------- k6/encoding ----------
  const encoding = {
    b64encode(input: string | ArrayBuffer, variant: string = 'std'): string {
      const b64 = Buffer.from(toBytes(input)).toString('base64');
      switch (variant) {
        case 'std': return b64;
        case 'rawstd': return b64.replace(/=+$/, '');
        case 'url': return b64.replace(/\+/g, '-').replace(/\//g, '_');
        case 'rawurl': return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        default: return b64; // k6 (encoding.go b64Encode) falls back to std for any other name
      }
    },
    b64decode(input: string, variant: string = 'std', format?: string): ArrayBuffer | string {
      if (!['std', 'rawstd', 'url', 'rawurl'].includes(variant)) variant = 'std'; // k6 (b64Decode) falls back to std
      const url = variant === 'url' || variant === 'rawurl';
      const raw = variant === 'rawstd' || variant === 'rawurl';
      const alphabet = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
      if (!alphabet.test(input) || (raw && input.includes('=')) || (!raw && input.length % 4 !== 0)) {
        throw new Error(`illegal base64 data at input byte ${Math.max(0, input.search(/[^A-Za-z0-9+/_=-]/))}`);
      }
      const buf = Buffer.from(input, url ? 'base64url' : 'base64');
      return format === 's' ? buf.toString('utf8') : toArrayBuffer(buf);
    },
  };

  // ---------- k6/data ----------
  class SharedArray {
    constructor(name: string, fn: () => unknown[]) {
      if (!st.inInit) throw initContextError('new SharedArray must be called in the init context');
      if (typeof name !== 'string' || !name) throw new Error('empty name provided to SharedArray\'s constructor');
      if (typeof fn !== 'function') throw new Error('a function is expected as the second argument of SharedArray\'s constructor');
      const arr = fn();
      if (!Array.isArray(arr)) throw new Error('only arrays can be made into SharedArray');
      return Object.freeze(JSON.parse(JSON.stringify(arr)) as unknown[]) as unknown as SharedArray;
    }
  }

  // ---------- globals ----------
  function open(filePath: string, mode?: string): string | ArrayBuffer {
    if (!st.inInit) {
      throw initContextError('The "open()" function is only available in the init stage (i.e. the global scope), see https://k6.io/docs/using-k6/test-life-cycle for more information');
    }
    const p = filePath.startsWith('file://') ? new URL(filePath).pathname : filePath;
    const full = isAbsolute(p) ? p : resolvePath(init.scriptDir, p);
    const buf = readFileSync(full);
    return mode === 'b' ? toArrayBuffer(buf) : buf.toString('utf8');
  }

  const k6console = {
    log: (...a: unknown[]) => log('info', a.map(formatArg).join(' '), { source: 'console' }),
    info: (...a: unknown[]) => log('info', a.map(formatArg).join(' '), { source: 'console' }),
    debug: (...a: unknown[]) => log('debug', a.map(formatArg).join(' '), { source: 'console' }),
    warn: (...a: unknown[]) => log('warning', a.map(formatArg).join(' '), { source: 'console' }),
    error: (...a: unknown[]) => log('error', a.map(formatArg).join(' '), { source: 'console' }),
  };

  function installGlobals(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    g.__ENV = Object.freeze({ ...init.env });
    g.__VU = init.vuId;
    g.__ITER = 0;
    g.open = open;
    g.console = k6console;
    g.setTimeout = setTimeoutK6;
    g.clearTimeout = clearTimeoutK6;
    g.setInterval = setIntervalK6;
    g.clearInterval = clearIntervalK6;
    g.global = globalThis;
  }

  // ---------- lifecycle ----------
  function endInit(options: unknown): void {
    st.inInit = false;
    st.options = (options && typeof options === 'object' ? options : {}) as K6Options;
    st.systemTags = systemTagSet(st.options.systemTags);
  }

  function resetPerRun(cmd: RunCommand): void {
    Atomics.store(flag, 1, 0);
    st.interrupted = false;
    st.abortReason = null;
    st.failMessage = null;
    if (!st.options.noCookiesReset || cmd.kind !== 'iteration') st.jar = new DoubleCookieJar();
    st.ioSent = 0;
    st.ioRecv = 0;
    st.groupPath = '';
    st.instance = cmd.instance ?? null;
  }

  async function run(cmd: RunCommand, mod: Record<string, unknown>): Promise<RunResult> {
    resetPerRun(cmd);
    const g = globalThis as unknown as Record<string, unknown>;
    let fnName: string;
    let arg: unknown;
    if (cmd.kind === 'iteration') {
      st.phase = 'iteration';
      if (!st.scenario || st.scenario.name !== cmd.scenario!.name) {
        // activation: vu tags and metadata do not survive between scenarios (k6 Activate())
        st.vuTags = {};
        st.metadata = {};
      }
      st.scenario = cmd.scenario!;
      g.__ENV = Object.freeze({ ...init.env, ...cmd.scenario!.env });
      st.iteration++;
      const si = st.scenarioIter.get(st.scenario.name);
      st.scenarioIter.set(st.scenario.name, si === undefined ? 0 : si + 1);
      st.iterationInTest = cmd.iterationInTest ?? 0;
      st.iterationInInstance = cmd.iterationInInstance ?? cmd.iterationInTest ?? 0;
      st.progress = cmd.progress ?? 0;
      g.__ITER = st.iteration;
      fnName = cmd.exec ?? 'default';
      arg = cmd.data;
    } else {
      st.phase = cmd.kind;
      st.scenario = null;
      st.vuTags = {};
      st.metadata = {};
      st.groupPath = cmd.kind === 'handleSummary' ? '' : `::${cmd.kind}`;
      g.__ITER = 0;
      fnName = cmd.kind;
      arg = cmd.data;
    }
    const fn = mod[fnName];
    if (typeof fn !== 'function') {
      if (cmd.kind === 'iteration') {
        return { id: cmd.id, ok: false, interrupted: false, error: toScriptError(new Error(`function '${fnName}' not found in exports`)) };
      }
      return { id: cmd.id, ok: true, interrupted: false, value: undefined };
    }
    const baseGroup = st.groupPath;
    const start = nowMs();
    const outcome = await runOnEventLoop(() => (fn as (a: unknown) => unknown)(arg));
    const end = nowMs();
    st.groupPath = baseGroup;
    const err = outcome.error;
    const aborted = st.abortReason !== null || err instanceof TestAbortSignal;
    const interrupted = st.interrupted || err instanceof InterruptSignal || aborted;
    if (cmd.kind !== 'handleSummary') {
      const t = baseTags();
      emit('data_sent', st.ioSent, { ...t }, end);
      emit('data_received', st.ioRecv, { ...t }, end);
      if (cmd.kind === 'iteration' && !interrupted) {
        emit('iteration_duration', end - start, { ...t }, end);
        emit('iterations', 1, { ...t }, end);
      }
    }
    flushSamples();
    const result: RunResult = { id: cmd.id, ok: !err && !aborted, interrupted };
    if (aborted) result.abort = { reason: st.abortReason ?? (err as TestAbortSignal).reason };
    else if (err && !(err instanceof InterruptSignal)) result.error = toScriptError(err);
    if (st.failMessage !== null) result.failed = { message: st.failMessage };
    if (!err) {
      const v = outcome.value;
      if (cmd.kind === 'setup' || cmd.kind === 'handleSummary') {
        try {
          result.value = v === undefined ? undefined : cmd.kind === 'setup' ? JSON.parse(JSON.stringify(v)) : v;
        } catch (e) {
          result.ok = false;
          result.error = toScriptError(e);
        }
      }
    }
    return result;
  }

  function interruptNow(): void {
    st.interrupted = true;
    if (st.loop && !st.loop.done) st.loop.finish({ error: new InterruptSignal() });
  }

  const api = {
    k6: { check, group, sleep, fail, randomSeed },
    http,
    websockets: { WebSocket: DoubleWebSocket, Blob: DoubleBlob },
    metrics: { Counter, Gauge, Rate, Trend },
    execution,
    crypto,
    encoding,
    timers: { setTimeout: setTimeoutK6, clearTimeout: clearTimeoutK6, setInterval: setIntervalK6, clearInterval: clearIntervalK6 },
    data: { SharedArray },
  };

  function declaredMetrics(): Record<string, [MetricType, MetricContains]> {
    return { ...BUILTIN, ...Object.fromEntries(st.customMetrics) };
  }

  return { api, installGlobals, endInit, run, onWsEvent, interruptNow, flushSamples, log, declaredMetrics };
}

export type K6DoubleRuntime = ReturnType<typeof createRuntime>['api'];
