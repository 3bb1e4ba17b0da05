// k6 test double: the per-VU runtime that runs inside a worker thread and backs the module
// stand-ins in modules/*.ts (they only re-export pieces of `globalThis.__k6double`). This file only
// assembles it from runtime/*.ts, one file per k6 module or concern.
//
// It is test infrastructure, not a k6 implementation: it reproduces the k6 semantics the suite
// relies on (synchronous k6/http, checks, the per-VU cookie jar reset per iteration, the
// browser-style k6/websockets on a per-VU event loop, k6/timers, custom metrics, k6/execution,
// k6/crypto, k6/encoding, __ENV and console) and emits samples with k6's metric names and tags.
// Network I/O happens on the host thread (host/); this thread blocks on Atomics.wait while an HTTP
// request is in flight, exactly like a k6 VU blocks in http.request().
import { createK6Module } from './runtime/checks.ts';
import { crypto } from './runtime/crypto.ts';
import { encoding } from './runtime/encoding.ts';
import { createEventLoop } from './runtime/event-loop.ts';
import { createExecutionModule } from './runtime/execution.ts';
import { installGlobals } from './runtime/globals.ts';
import { createHttpModule } from './runtime/http.ts';
import { createLifecycle } from './runtime/lifecycle.ts';
import { createMetricsModule, declaredMetrics } from './runtime/metrics.ts';
import { createTimers } from './runtime/timers.ts';
import { createVuContext } from './runtime/vu-context.ts';
import type { RuntimeInit } from './runtime/vu-state.ts';
import { createWebSockets } from './runtime/websockets.ts';

export { toScriptError } from './runtime/errors.ts';

export function createRuntime(init: RuntimeInit) {
  const ctx = createVuContext(init);
  const loop = createEventLoop(ctx);
  const { WebSocket, onWsEvent } = createWebSockets(ctx, loop);
  const { endInit, run, interruptNow } = createLifecycle(ctx, loop);

  const api = {
    k6: createK6Module(ctx),
    http: createHttpModule(ctx),
    websockets: { WebSocket },
    metrics: createMetricsModule(ctx),
    execution: createExecutionModule(ctx),
    crypto,
    encoding,
    timers: createTimers(ctx, loop),
  };

  return {
    api,
    installGlobals: () => installGlobals(ctx),
    endInit,
    run,
    onWsEvent,
    interruptNow,
    flushSamples: ctx.flushSamples,
    declaredMetrics: () => declaredMetrics(ctx),
  };
}

export type K6DoubleRuntime = ReturnType<typeof createRuntime>['api'];
