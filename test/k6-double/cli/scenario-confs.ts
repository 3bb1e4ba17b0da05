// k6 test double: options.scenarios as the CLI's scenario configurations, this instance's share of
// their VUs under an execution segment, and the arrival arithmetic of the approximate executors.
// Pure functions.
import { scaleInt, type ExecutionTuple } from '../../../lib/core/execution-segment.ts';
import { parseDurationMs } from '../runtime/convert.ts';
import { ConfigError } from '../test-run.ts';

export interface Stage {
  durationMs: number;
  target: number;
}
export interface ScenarioConf {
  name: string;
  executor: string;
  exec: string;
  startMs: number;
  gracefulStopMs: number;
  env: Record<string, string>;
  tags: Record<string, string>;
  raw: Record<string, unknown>;
  /** regular duration (no new iterations after it) */
  durationMs: number;
}

/** The executors the suite's scenarios use; any other is refused as an invalid config. */
const EXECUTORS = ['per-vu-iterations', 'constant-arrival-rate', 'ramping-arrival-rate'];

export function stagesOf(raw: Record<string, unknown>): Stage[] {
  return ((raw.stages ?? []) as { duration: string; target: number }[]).map((s) => ({
    durationMs: parseDurationMs(s.duration, 0),
    target: Number(s.target),
  }));
}

export function scenarioConfs(options: Record<string, unknown>, exports: string[]): ScenarioConf[] {
  let scenarios = options.scenarios as Record<string, Record<string, unknown>> | undefined;
  if (!scenarios || !Object.keys(scenarios).length) {
    // the suite always names its scenarios; k6's shortcuts (stages, duration, vus) are not supported
    if (options.stages || options.duration || options.vus)
      throw new ConfigError('the k6 test double runs options.scenarios only, not the stages/duration/vus shortcuts');
    scenarios = { default: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } };
  }
  return Object.entries(scenarios).map(([name, raw]) => {
    const executor = String(raw.executor ?? '');
    if (!/^[0-9a-zA-Z_-]+$/.test(name)) throw new ConfigError(`scenario name "${name}" is invalid`);
    if (!EXECUTORS.includes(executor))
      throw new ConfigError(`scenario ${name}: unsupported or missing executor "${executor}"`);
    const exec = String(raw.exec ?? 'default');
    if (!exports.includes(exec)) throw new ConfigError(`executor ${name}: function '${exec}' not found in exports`);
    let durationMs: number;
    switch (executor) {
      case 'constant-arrival-rate':
        durationMs = parseDurationMs(raw.duration, NaN);
        if (!Number.isFinite(durationMs)) throw new ConfigError(`scenario ${name}: duration is required`);
        break;
      case 'ramping-arrival-rate': {
        const st = stagesOf(raw);
        if (!st.length) throw new ConfigError(`scenario ${name}: at least one stage has to be specified`);
        durationMs = st.reduce((n, s) => n + s.durationMs, 0);
        break;
      }
      default:
        durationMs = parseDurationMs(raw.maxDuration, 600000);
    }
    return {
      name,
      executor,
      exec,
      raw,
      durationMs,
      startMs: parseDurationMs(raw.startTime, 0),
      gracefulStopMs: parseDurationMs(raw.gracefulStop, 30000),
      env: (raw.env ?? {}) as Record<string, string>,
      tags: (raw.tags ?? {}) as Record<string, string>,
    };
  });
}

/** Iterations an arrival-rate scenario should have started by `t` ms (integral of the rate). */
export function arrivalsBy(start: number, stages: Stage[], timeUnitMs: number, t: number): number {
  let from = start;
  let elapsed = 0;
  let total = 0;
  for (const s of stages) {
    const e = Math.min(Math.max(t - elapsed, 0), s.durationMs);
    if (s.durationMs > 0) total += (from * e + ((s.target - from) * e * e) / (2 * s.durationMs)) / timeUnitMs;
    if (t <= elapsed + s.durationMs) return total;
    elapsed += s.durationMs;
    from = s.target;
  }
  return total;
}

/**
 * This instance's VUs of a scenario, split as k6 splits them (ExecutionTuple.ScaleInt64 on the
 * configured counts): `initial` are initialized before the test (vus; preAllocatedVUs), `max` is the
 * most it may have (vus; maxVUs). max 0: the scenario has no work on this instance (k6's HasWork).
 */
export function scenarioVus(c: ScenarioConf, tuple: ExecutionTuple | null): { initial: number; max: number } {
  const scale = (n: number): number => (tuple ? scaleInt(tuple, n) : n);
  if (c.executor.endsWith('arrival-rate')) {
    const pre = Number(c.raw.preAllocatedVUs ?? 1);
    const max = Math.max(Number(c.raw.maxVUs ?? 0), pre);
    return { initial: scale(pre), max: scale(max) };
  }
  const vus = scale(Number(c.raw.vus ?? 1));
  return { initial: vus, max: vus };
}
