// k6 test double: the VU lifecycle: the end of the init context, and one run of setup, an
// iteration, teardown or handleSummary on the event loop, with its per-run resets, scenario
// activation, data_sent/data_received/iteration samples and the RunResult for the host.
import { DoubleCookieJar } from '../cookie-jar.ts';
import { systemTagSet } from './builtin-metrics.ts';
import { nowMs } from './convert.ts';
import { InterruptSignal, toScriptError } from './errors.ts';
import type { EventLoop } from './event-loop.ts';
import type { VuContext } from './vu-context.ts';
import type { K6Options } from './vu-state.ts';
import type { RunCommand, RunResult } from '../types.ts';

export function createLifecycle(ctx: VuContext, loop: EventLoop) {
  const { st, init } = ctx;

  function endInit(options: unknown): void {
    st.inInit = false;
    st.options = (options && typeof options === 'object' ? options : {}) as K6Options;
    st.systemTags = systemTagSet(st.options.systemTags);
  }

  function resetPerRun(_cmd: RunCommand): void {
    Atomics.store(init.flag, 1, 0);
    st.interrupted = false;
    st.jar = new DoubleCookieJar();
    st.ioSent = 0;
    st.ioRecv = 0;
    st.groupPath = '';
  }

  /** Sets the VU up for the command; returns the export to call and its argument. */
  function enter(cmd: RunCommand): { fnName: string; arg: unknown } {
    const g = globalThis as unknown as Record<string, unknown>;
    if (cmd.kind === 'iteration') {
      if (!st.scenario || st.scenario.name !== cmd.scenario!.name) {
        // activation: vu tags do not survive between scenarios (k6 Activate())
        st.vuTags = {};
      }
      st.scenario = cmd.scenario!;
      g.__ENV = Object.freeze({ ...init.env, ...cmd.scenario!.env });
      st.iterationInTest = cmd.iterationInTest ?? 0;
      st.iterationInInstance = cmd.iterationInInstance ?? st.iterationInTest;
      return { fnName: cmd.exec ?? 'default', arg: cmd.data };
    }
    st.scenario = null;
    st.vuTags = {};
    st.groupPath = cmd.kind === 'handleSummary' ? '' : `::${cmd.kind}`;
    return { fnName: cmd.kind, arg: cmd.data };
  }

  async function run(cmd: RunCommand, mod: Record<string, unknown>): Promise<RunResult> {
    resetPerRun(cmd);
    const { fnName, arg } = enter(cmd);
    const fn = mod[fnName];
    if (typeof fn !== 'function') {
      if (cmd.kind === 'iteration') {
        return {
          id: cmd.id,
          ok: false,
          interrupted: false,
          error: toScriptError(new Error(`function '${fnName}' not found in exports`)),
        };
      }
      return { id: cmd.id, ok: true, interrupted: false, value: undefined };
    }
    const baseGroup = st.groupPath;
    const start = nowMs();
    const outcome = await loop.runOnEventLoop(() => (fn as (a: unknown) => unknown)(arg));
    const end = nowMs();
    st.groupPath = baseGroup;
    const err = outcome.error;
    const interrupted = st.interrupted || err instanceof InterruptSignal;
    if (cmd.kind !== 'handleSummary') {
      const t = ctx.baseTags();
      ctx.emit('data_sent', st.ioSent, { ...t }, end);
      ctx.emit('data_received', st.ioRecv, { ...t }, end);
      if (cmd.kind === 'iteration' && !interrupted) {
        ctx.emit('iteration_duration', end - start, { ...t }, end);
        ctx.emit('iterations', 1, { ...t }, end);
      }
    }
    ctx.flushSamples();
    const result: RunResult = { id: cmd.id, ok: !err, interrupted };
    if (err && !(err instanceof InterruptSignal)) result.error = toScriptError(err);
    if (!err && (cmd.kind === 'setup' || cmd.kind === 'handleSummary')) {
      const v = outcome.value;
      try {
        result.value = v === undefined ? undefined : cmd.kind === 'setup' ? JSON.parse(JSON.stringify(v)) : v;
      } catch (e) {
        result.ok = false;
        result.error = toScriptError(e);
      }
    }
    return result;
  }

  /** The host interrupts the VU: the running function's event loop ends now. */
  function interruptNow(): void {
    st.interrupted = true;
    if (st.loop && !st.loop.done) st.loop.finish({ error: new InterruptSignal() });
  }

  return { endInit, run, interruptNow };
}
