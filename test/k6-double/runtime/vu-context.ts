// k6 test double: the services every runtime module of one VU shares: its state, messages to the
// host, samples (buffered, flushed every 100 ms or 500 samples), the current context's tags, log
// lines and the interrupt check.
import { setInterval as nodeSetInterval } from 'node:timers';
import { BUILTIN_METRICS } from './builtin-metrics.ts';
import { nowMs, stringifyTags } from './convert.ts';
import { InterruptSignal } from './errors.ts';
import { newVuState, type RuntimeInit, type VuState } from './vu-state.ts';
import type { LogEntry, MetricContains, MetricType, Sample, Tags, WorkerToHost } from '../types.ts';

export interface VuContext {
  readonly init: RuntimeInit;
  readonly st: VuState;
  post(msg: WorkerToHost): void;
  flushSamples(): void;
  emit(metric: string, value: number, tags: Tags, time?: number, type?: MetricType, contains?: MetricContains): void;
  /** The tags every sample of the current context carries (run tags, scenario tags, group, scenario, vu tags). */
  baseTags(): Tags;
  /** k6's SetSystemTagOrMetaIfEnabled: a system tag is set (over a user tag of that name) only when enabled. */
  setSystemTag(t: Tags, tag: string, value: string): void;
  log(level: LogEntry['level'], msg: string, fields?: Record<string, string>): void;
  /** Throws InterruptSignal when the host asked to interrupt the iteration. */
  checkInterrupt(): void;
}

export function createVuContext(init: RuntimeInit): VuContext {
  const { post, flag } = init;
  const st = newVuState();

  function setSystemTag(t: Tags, tag: string, value: string): void {
    if (st.systemTags.has(tag)) t[tag] = value;
  }

  function flushSamples(): void {
    if (st.samples.length === 0) return;
    post({ type: 'samples', samples: st.samples });
    st.samples = [];
  }
  nodeSetInterval(flushSamples, 100).unref();

  function emit(
    metric: string,
    value: number,
    tags: Tags,
    time = nowMs(),
    type?: MetricType,
    contains?: MetricContains,
  ): void {
    const def = BUILTIN_METRICS[metric] ?? st.customMetrics.get(metric);
    const sample: Sample = {
      metric,
      type: type ?? def?.[0] ?? 'counter',
      contains: contains ?? def?.[1] ?? 'default',
      value,
      time,
      tags,
    };
    st.samples.push(sample);
    if (st.samples.length >= 500) flushSamples();
  }

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

  return { init, st, post, flushSamples, emit, baseTags, setSystemTag, log, checkInterrupt };
}
