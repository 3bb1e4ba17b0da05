// The runners' end as the run's outcome: a runner that crashed, ended with an unexpected exit code
// or never ended fails the run (a `run` gate, exit 3); k6's exit 99 on a runner is only its own
// slice's threshold verdict (the run's thresholds are judged over all runners from Prometheus), so it
// is not a crash. Also the runners' part of verdict.json: how many ran, each one's exit code and
// request rate. Pure.
import type { DistributedSummary, RunnerSummary } from '../../verdict/index.ts';
import type { RunnerState } from '../follow/runner-pods.ts';

export const RUNNER_OK_EXIT_CODES = [0, 99];

export interface RunnersOutcome {
  /** 0 when every runner ended 0 or 99; else the first bad exit code (null: a runner never ended). */
  k6ExitCode: number | null;
  /** The first bad runner, named, for the `run` gate's detail. */
  firstError?: string;
}

export function crashedRunners(runners: readonly RunnerState[]): RunnerState[] {
  return runners.filter(
    (r) => r.phase !== 'exited' || r.exitCode === undefined || !RUNNER_OK_EXIT_CODES.includes(r.exitCode),
  );
}

export function runnersOutcome(runners: readonly RunnerState[]): RunnersOutcome {
  const bad = crashedRunners(runners);
  if (!bad.length) return { k6ExitCode: 0 };
  const first = bad[0];
  const what =
    first.phase === 'exited'
      ? `exited ${first.exitCode ?? 'without an exit code'}${first.reason ? ` (${first.reason}${first.message ? `: ${first.message}` : ''})` : ''}`
      : `never ended (${first.phase}${first.reason ? `: ${first.reason}` : ''})`;
  return {
    k6ExitCode: first.phase === 'exited' ? (first.exitCode ?? null) : null,
    firstError: `${bad.length} of ${runners.length} runner(s) failed; runner ${first.index} (pod ${first.pod}) ${what}`,
  };
}

export function runnerSummaries(
  runners: readonly RunnerState[],
  rates: ReadonlyMap<number, { requests: number; rps: number }>,
): RunnerSummary[] {
  return runners.map((r) => {
    const rate = rates.get(r.index);
    return {
      index: r.index,
      pod: r.pod,
      state: r.phase,
      ...(r.exitCode === undefined ? {} : { exitCode: r.exitCode }),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(rate ? { requests: Math.round(rate.requests), rps: Math.round(rate.rps * 100) / 100 } : {}),
    };
  });
}

/** max/min of the runners' request rates: 1 is an even split. Undefined without two rates. */
export function splitSkew(perRunner: readonly RunnerSummary[]): number | undefined {
  const rps = perRunner.map((r) => r.rps).filter((v): v is number => v !== undefined);
  if (rps.length < 2) return undefined;
  const min = Math.min(...rps);
  return min > 0 ? Math.max(...rps) / min : Number.POSITIVE_INFINITY;
}

export function distributedSummary(o: Omit<DistributedSummary, 'skew'>): DistributedSummary {
  const skew = splitSkew(o.perRunner);
  return { ...o, ...(skew === undefined || !Number.isFinite(skew) ? {} : { skew: Math.round(skew * 100) / 100 }) };
}
