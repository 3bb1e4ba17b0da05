// k6 `options` -> LoadShape. Pure; reads executors as k6 does (grafana/k6 lib/executor/*.go): rates are per
// timeUnit, startTime offsets a scenario, gracefulStop defaults to 30s.
import { parseDurationSeconds } from '../../../lib/core/duration.ts';
import type { LoadShape, ShapeScenario, ShapeStage } from './load-shape.ts';

interface K6Stage {
  duration: string;
  target: number;
}
interface K6Scenario {
  executor: string;
  exec?: string;
  startTime?: string;
  gracefulStop?: string;
  duration?: string;
  maxDuration?: string;
  stages?: K6Stage[];
  rate?: number;
  startRate?: number;
  timeUnit?: string;
  preAllocatedVUs?: number;
  maxVUs?: number;
  vus?: number;
  startVUs?: number;
  iterations?: number;
}
export interface K6OptionsLike {
  scenarios?: Record<string, K6Scenario>;
  thresholds?: Record<string, unknown>;
}

const sec = (d: string | undefined, fallback: number) => (d === undefined ? fallback : parseDurationSeconds(d));

function shapeScenario(name: string, sc: K6Scenario): ShapeScenario {
  const start = sec(sc.startTime, 0);
  const perSecond = 1 / sec(sc.timeUnit, 1);
  const graceful = sec(sc.gracefulStop, 30);
  const base = { name, executor: sc.executor, exec: sc.exec, startSeconds: start, gracefulStopSeconds: graceful };
  switch (sc.executor) {
    case 'constant-arrival-rate':
      return {
        ...base,
        durationSeconds: sec(sc.duration, 0),
        peakRate: (sc.rate ?? 0) * perSecond,
        maxVUs: sc.maxVUs ?? sc.preAllocatedVUs ?? 1,
        iterations: (sc.rate ?? 0) * perSecond * sec(sc.duration, 0),
      };
    case 'ramping-arrival-rate':
    case 'ramping-vus': {
      let t = start;
      const stages = (sc.stages ?? []).map((st) => {
        const d = parseDurationSeconds(st.duration);
        const out = { startSeconds: t, durationSeconds: d, target: st.target };
        t += d;
        return out;
      });
      const arrival = sc.executor === 'ramping-arrival-rate';
      const targets = [arrival ? (sc.startRate ?? 0) : (sc.startVUs ?? 1), ...stages.map((s) => s.target)];
      // Linear ramps: each stage starts (startRate, then the previous target) and ends at its target.
      const iterations = arrival
        ? stages.reduce((a, st, i) => a + ((targets[i] + st.target) / 2) * perSecond * st.durationSeconds, 0)
        : undefined;
      return {
        ...base,
        iterations,
        durationSeconds: t - start,
        peakRate: arrival ? Math.max(...targets) * perSecond : 0,
        maxVUs: arrival ? (sc.maxVUs ?? sc.preAllocatedVUs ?? 1) : Math.max(...targets),
        ...(arrival ? { startRate: (sc.startRate ?? 0) * perSecond } : {}),
        stages: stages.map((s) => ({ ...s, target: arrival ? s.target * perSecond : s.target })),
      };
    }
    case 'constant-vus':
      return { ...base, durationSeconds: sec(sc.duration, 0), peakRate: 0, maxVUs: sc.vus ?? 1 };
    default:
      // shared-iterations / per-vu-iterations: bounded by maxDuration (k6 default 10m).
      return {
        ...base,
        durationSeconds: sec(sc.maxDuration, 600),
        peakRate: 0,
        maxVUs: sc.vus ?? 1,
        iterations: sc.executor === 'per-vu-iterations' ? (sc.vus ?? 1) * (sc.iterations ?? 1) : (sc.iterations ?? 1),
      };
  }
}

/**
 * Load stages across scenarios: stage i spans the i-th stage of the ramping scenarios (they share a
 * profile, so their stages line up); its rate is the sum of their targets. A run without ramping
 * scenarios is one stage.
 */
function stagesOf(scenarios: ShapeScenario[]): ShapeStage[] {
  const ramping = scenarios.filter((s) => s.stages?.length);
  if (!ramping.length) {
    const end = Math.max(0, ...scenarios.map((s) => s.startSeconds + s.durationSeconds));
    return [
      { index: 0, startSeconds: 0, durationSeconds: end, targetRate: scenarios.reduce((a, s) => a + s.peakRate, 0) },
    ];
  }
  const longest = ramping.reduce((a, b) => ((b.stages?.length ?? 0) > (a.stages?.length ?? 0) ? b : a));
  return (longest.stages ?? []).map((st, index) => ({
    index,
    startSeconds: st.startSeconds,
    durationSeconds: st.durationSeconds,
    targetRate: ramping.reduce(
      (a, s) => a + (s.executor === 'ramping-arrival-rate' ? (s.stages?.[index]?.target ?? 0) : 0),
      0,
    ),
  }));
}

function thresholdStrings(thresholds: Record<string, unknown> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(thresholds ?? {})) {
    const arr = Array.isArray(list) ? list : [list];
    out[key] = arr.map((t) => (typeof t === 'string' ? t : String((t as { threshold?: string }).threshold)));
  }
  return out;
}

export function shapeFromOptions(options: K6OptionsLike): LoadShape {
  const scenarios = Object.entries(options.scenarios ?? {}).map(([name, sc]) => shapeScenario(name, sc));
  return {
    scenarios,
    stages: stagesOf(scenarios),
    peakArrivalRate: scenarios.reduce((a, s) => a + s.peakRate, 0),
    maxVUs: scenarios.reduce((a, s) => a + s.maxVUs, 0),
    durationSeconds: Math.max(0, ...scenarios.map((s) => s.startSeconds + s.durationSeconds)),
    gracefulStopSeconds: Math.max(0, ...scenarios.map((s) => s.gracefulStopSeconds)),
    thresholds: thresholdStrings(options.thresholds),
  };
}
