// k6 test double: the mutable state of one VU (context, counters, cookie jar, pending samples,
// event-loop resources) and what the worker hands the runtime at start.
import type { MessagePort } from 'node:worker_threads';
import type { setTimeout as nodeSetTimeout } from 'node:timers';
import { DoubleCookieJar } from '../cookie-jar.ts';
import { systemTagSet } from './builtin-metrics.ts';
import { DEFAULT_RESPONSE_CALLBACK, type ResponseCallback } from './response-callback.ts';
import type { InstanceInfo, MetricContains, MetricType, Sample, ScenarioInfo, WorkerToHost, WsEvent } from '../types.ts';

export interface RuntimeInit {
  post(msg: WorkerToHost): void;
  syncPort: MessagePort;
  /** [0]: an HTTP response is ready (1) or the VU must wake (2); [1]: interrupt requested (1) */
  flag: Int32Array;
  vuId: number;
  env: Record<string, string>;
  scriptDir: string;
}

/** The exported `options` as far as the runtime reads them. */
export interface K6Options {
  tags?: Record<string, string>;
  noCookiesReset?: boolean;
  discardResponseBodies?: boolean;
  maxRedirects?: number;
  userAgent?: string;
  throw?: boolean;
  insecureSkipTLSVerify?: boolean;
  [k: string]: unknown;
}

/** One run of an exported function on the VU's event loop. */
export interface LoopRun {
  done: boolean;
  pendingPromises: number;
  value: unknown;
  finish(outcome: { error?: unknown }): void;
}

/** What the event loop needs of an open WebSocket. */
export interface LoopSocket {
  __forceClose(): void;
  __onEvent(e: WsEvent): void;
}

export interface VuState {
  inInit: boolean;
  options: K6Options;
  scenario: ScenarioInfo | null;
  instance: InstanceInfo | null;
  progress: number;
  groupPath: string;
  vuTags: Record<string, string | number | boolean>;
  metadata: Record<string, string | number | boolean>;
  iteration: number;
  scenarioIter: Map<string, number>;
  iterationInTest: number;
  iterationInInstance: number;
  jar: DoubleCookieJar;
  responseCallback: ResponseCallback;
  ioSent: number;
  ioRecv: number;
  samples: Sample[];
  seenGroups: Set<string>;
  httpSeq: number;
  loop: LoopRun | null;
  timers: Map<number, { handle: ReturnType<typeof nodeSetTimeout>; interval: boolean }>;
  timerSeq: number;
  sockets: Map<number, LoopSocket>;
  socketSeq: number;
  abortReason: string | null;
  failMessage: string | null;
  interrupted: boolean;
  customMetrics: Map<string, [MetricType, MetricContains]>;
  systemTags: Set<string>;
}

export function newVuState(): VuState {
  return {
    inInit: true,
    options: {},
    scenario: null,
    instance: null,
    progress: 0,
    groupPath: '',
    vuTags: {},
    metadata: {},
    iteration: -1,
    scenarioIter: new Map(),
    iterationInTest: 0,
    iterationInInstance: 0,
    jar: new DoubleCookieJar(),
    responseCallback: DEFAULT_RESPONSE_CALLBACK,
    ioSent: 0,
    ioRecv: 0,
    samples: [],
    seenGroups: new Set(),
    httpSeq: 0,
    loop: null,
    timers: new Map(),
    timerSeq: 0,
    sockets: new Map(),
    socketSeq: 0,
    abortReason: null,
    failMessage: null,
    interrupted: false,
    customMetrics: new Map(),
    systemTags: systemTagSet(undefined),
  };
}
