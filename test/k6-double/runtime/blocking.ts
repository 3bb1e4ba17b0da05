// k6 test double: the two places a VU blocks its thread like a k6 VU does: sleep() and a
// synchronous HTTP request (performed by the host, answered on the sync port). Both wake up for an
// interrupt.
import { receiveMessageOnPort } from 'node:worker_threads';
import type { VuContext } from './vu-context.ts';
import type { HttpWireRequest, HttpWireResponse } from '../types.ts';

export function blockingSleep(ctx: VuContext, ms: number): void {
  const { flag } = ctx.init;
  ctx.flushSamples();
  const end = performance.now() + ms;
  for (;;) {
    ctx.checkInterrupt();
    const left = end - performance.now();
    if (left <= 0) return;
    Atomics.wait(flag, 1, 0, Math.min(left, 1000));
  }
}

export function syncHttp(ctx: VuContext, req: HttpWireRequest): HttpWireResponse {
  const { flag, syncPort } = ctx.init;
  ctx.flushSamples();
  const seq = ++ctx.st.httpSeq;
  Atomics.store(flag, 0, 0);
  ctx.post({ type: 'http', seq, req });
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
    ctx.checkInterrupt();
    Atomics.store(flag, 0, 0);
    const again = take();
    if (again) return again;
    Atomics.wait(flag, 0, 0, 500);
  }
}
