// k6 test double: the mutable state of one VU (context, cookie jar, pending samples, event-loop
// resources) and what the worker hands the runtime at start.
import type { MessagePort } from 'node:worker_threads';
import type { setTimeout as nodeSetTimeout } from 'node:timers';
import { DoubleCookieJar } from '../cookie-jar.ts';
import { systemTagSet } from './builtin-metrics.ts';
import type {
  MetricContains,
  MetricType,
  Sample,
  ScenarioInfo,
  SegmentStrings,
  WorkerToHost,
  WsEvent,
} from '../types.ts';

export interface RuntimeInit {
  post(msg: WorkerToHost): void;
  syncPort: MessagePort;
  /** [0]: an HTTP response is ready (1) or the VU must wake (2); [1]: interrupt requested (1) */
  flag: Int32Array;
  vuId: number;
  vuIdGlobal: number;
  segment: SegmentStrings;
  env: Record<string, string>;
}

/** The exported `options` as far as the runtime reads them. */
export interface K6Options {
  tags?: Record<string, string>;
  systemTags?: unknown;
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
  groupPath: string;
  vuTags: Record<string, string | number | boolean>;
  iterationInTest: number;
  iterationInInstance: number;
  jar: DoubleCookieJar;
  ioSent: number;
  ioRecv: number;
  samples: Sample[];
  httpSeq: number;
  loop: LoopRun | null;
  timers: Map<number, ReturnType<typeof nodeSetTimeout>>;
  timerSeq: number;
  sockets: Map<number, LoopSocket>;
  socketSeq: number;
  interrupted: boolean;
  customMetrics: Map<string, [MetricType, MetricContains]>;
  systemTags: Set<string>;
}

export function newVuState(): VuState {
  return {
    inInit: true,
    options: {},
    scenario: null,
    groupPath: '',
    vuTags: {},
    iterationInTest: 0,
    iterationInInstance: 0,
    jar: new DoubleCookieJar(),
    ioSent: 0,
    ioRecv: 0,
    samples: [],
    httpSeq: 0,
    loop: null,
    timers: new Map(),
    timerSeq: 0,
    sockets: new Map(),
    socketSeq: 0,
    interrupted: false,
    customMetrics: new Map(),
    systemTags: systemTagSet(undefined),
  };
}
