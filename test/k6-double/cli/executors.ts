// k6 test double: the CLI's APPROXIMATE k6 executors, in wall-clock time, for the executors the suite
// uses. Arrival-rate executors (constant-, ramping-) start iterations at the (stage-interpolated)
// rate on a free VU, count dropped_iterations and initialize more VUs up to maxVUs otherwise;
// per-vu-iterations loops each VU. After the regular duration, running iterations get gracefulStop,
// then are interrupted.
//
// Under an execution segment (k6's executors with an ExecutionTuple): VUs are split by the CLI
// (scenario-confs.ts scenarioVus); arrival-rate executors start only the iterations their segment
// owns in the striping of the sequence re-cut by maxVUs (k6: GetNewExecutionTupleFromValue), i.e.
// the k-th local iteration starts when the whole test would start its global iteration owned(k), so
// the segments interleave at rate x share; per-vu-iterations number their iterations by the
// sequence's striping. exec.scenario.iterationInTest is that global number, iterationInInstance the
// local one.
import type { VuHost } from '../host/vu-host.ts';
import { parseDurationMs } from '../runtime/convert.ts';
import type { TestRun } from '../test-run.ts';
import type { RunResult, ScenarioInfo } from '../types.ts';
import { arrivalsBy, scenarioVus, stagesOf, type ScenarioConf, type Stage } from './scenario-confs.ts';
import { ownedPosition, resegment, scaleInt, type ExecutionTuple } from '../../../lib/core/execution-segment.ts';

export interface Executors {
  /** Runs one scenario from its startTime to its end (gracefulStop included). */
  runScenario(c: ScenarioConf): Promise<void>;
}

export interface ExecutorsInit {
  run: TestRun;
  /** each scenario's VUs (initialized before the test; arrival-rate executors add to theirs) */
  pools: Map<string, VuHost[]>;
  /** set to stop starting iterations (signal, abortOnFail thresholds, the hard limit) */
  sched: { stop: boolean };
  /** completed iterations per scenario */
  doneCounts: Map<string, number>;
  /** ms since the test started */
  elapsed(): number;
  /** this instance's execution segment (null: the whole test) */
  tuple: ExecutionTuple | null;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createExecutors({ run, pools, sched, doneCounts, elapsed, tuple }: ExecutorsInit): Executors {
  const iterationInInstance = new Map<string, number>();

  /** `striping`: whose positions number the scenario's iterations (null: the whole test's). */
  const runIteration = async (
    vu: VuHost,
    c: ScenarioConf,
    startTime: number,
    striping: ExecutionTuple | null,
  ): Promise<RunResult> => {
    const local = iterationInInstance.get(c.name) ?? 0;
    iterationInInstance.set(c.name, local + 1);
    const n = striping ? ownedPosition(striping, local) : local;
    const info: ScenarioInfo = { name: c.name, startTime, env: c.env, tags: c.tags };
    const r = await vu.run({
      kind: 'iteration',
      exec: c.exec,
      scenario: info,
      iterationInTest: n,
      iterationInInstance: local,
      data: run.setupData,
    });
    run.recordIteration(r, { scenario: c.name, executor: c.executor, vu: vu.vuId, iteration: n });
    doneCounts.set(c.name, (doneCounts.get(c.name) ?? 0) + 1);
    return r;
  };

  /** After the regular duration: wait for running iterations up to gracefulStop, then interrupt them. */
  const gracefulEnd = async (c: ScenarioConf, vus: VuHost[], running: Promise<unknown>[]): Promise<void> => {
    const deadline = run.startedAt + c.startMs + c.durationMs + c.gracefulStopMs;
    const all = Promise.all(running);
    const left = deadline - performance.now();
    const timedOut = await Promise.race([all.then(() => false), sleepMs(Math.max(0, left)).then(() => true)]);
    if (timedOut) {
      for (const v of vus) if (v.busy) v.interrupt();
      await all;
    }
  };

  /** constant-arrival-rate, ramping-arrival-rate */
  const arrivalRate = async (
    c: ScenarioConf,
    pool: VuHost[],
    startTime: number,
    regularEnd: () => boolean,
  ): Promise<void> => {
    const r = c.raw;
    const timeUnitMs = parseDurationMs(r.timeUnit, 1000);
    const stages: Stage[] =
      c.executor === 'constant-arrival-rate' ? [{ durationMs: c.durationMs, target: Number(r.rate) }] : stagesOf(r);
    const startRate = c.executor === 'constant-arrival-rate' ? Number(r.rate) : Number(r.startRate ?? 0);
    const maxVUs = Math.max(scenarioVus(c, tuple).max, pool.length);
    // k6 re-cuts the sequence by maxVUs, so iterations split as the VUs do
    const cut = tuple ? resegment(tuple, Math.max(Number(r.maxVUs ?? 0), Number(r.preAllocatedVUs ?? 1))) : null;
    if (tuple && !cut) return; // no VU of this scenario here: no work on this instance
    const mine = (global: number): number => (cut ? scaleInt(cut, global) : global);
    const totalPlanned = mine(Math.ceil(arrivalsBy(startRate, stages, timeUnitMs, c.durationMs) - 1e-9));
    let started = 0;
    let spawning = 0;
    let warned = false;
    const running: Promise<unknown>[] = [];
    while (!regularEnd()) {
      const t = elapsed() - c.startMs;
      const due = Math.min(
        totalPlanned,
        mine(Math.floor(arrivalsBy(startRate, stages, timeUnitMs, t) + 1e-9) + (startRate > 0 ? 1 : 0)),
      );
      while (started < due && !sched.stop) {
        started++;
        const vu = pool.find((v) => !v.busy);
        if (vu) {
          running.push(runIteration(vu, c, startTime, cut));
          continue;
        }
        run.addSamples([
          {
            metric: 'dropped_iterations',
            type: 'counter',
            contains: 'default',
            value: 1,
            time: Date.now(),
            tags: { scenario: c.name },
          },
        ]);
        if (pool.length + spawning < maxVUs) {
          spawning++;
          void run.spawnVu().then(
            (v) => {
              spawning--;
              pool.push(v);
            },
            () => {
              spawning--;
            },
          );
        } else if (!warned) {
          warned = true;
          run.log({
            level: 'warning',
            msg: `Insufficient VUs, reached ${pool.length} active VUs and cannot initialize more`,
            fields: { executor: c.executor, scenario: c.name },
            time: Date.now(),
          });
        }
      }
      await sleepMs(10);
    }
    await gracefulEnd(c, pool, running);
  };

  /** per-vu-iterations: each VU runs its iterations back to back, within maxDuration */
  const perVuIterations = async (
    c: ScenarioConf,
    pool: VuHost[],
    startTime: number,
    regularEnd: () => boolean,
  ): Promise<void> => {
    const perVu = Number(c.raw.iterations ?? 1);
    if (pool.length === 0) return; // no VU of this scenario here: no work on this instance
    const all = Promise.all(
      pool.map(async (vu) => {
        for (let mine = 0; mine < perVu && !regularEnd(); mine++) await runIteration(vu, c, startTime, tuple);
      }),
    );
    const finishedEarly = await Promise.race([
      all.then(() => true),
      (async () => {
        while (!regularEnd()) await sleepMs(20);
        return false;
      })(),
    ]);
    if (!finishedEarly) await gracefulEnd(c, pool, [all]);
  };

  const runScenario = async (c: ScenarioConf): Promise<void> => {
    await sleepMs(c.startMs);
    if (sched.stop) return;
    const startTime = Date.now();
    const pool = pools.get(c.name)!;
    const regularEnd = (): boolean => sched.stop || elapsed() >= c.startMs + c.durationMs;
    if (c.executor.endsWith('arrival-rate')) await arrivalRate(c, pool, startTime, regularEnd);
    else await perVuIterations(c, pool, startTime, regularEnd);
  };

  return { runScenario };
}
