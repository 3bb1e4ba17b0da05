// Each runner's share of the load, from the Prometheus every runner writes to: its HTTP requests over
// the run and its mean request rate, so an uneven split shows in the report. k6 pushes each series of
// a Counter as its running total, so a runner's requests are the sum of its series' last values
// (`sum by (runner) (max_over_time(k6_http_reqs_total{testid=...}[<run>s]))`: exact, where increase()
// would extrapolate). The operator tags each runner's samples `instance_id=<i>` (1-based); the
// scenarios tag theirs `runner=<i>` too (its execution segment), which the query falls back on.
import { queryInstant, type PromClient, type VectorSample } from '../../cluster/prometheus/query.ts';

/** The PromQL of the runners' requests over a window of `seconds` ending at the query time. */
export function runnerRequestsQuery(testid: string, seconds: number): string {
  const id = testid.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `sum by (instance_id, runner) (max_over_time(k6_http_reqs_total{testid="${id}"}[${Math.max(1, Math.ceil(seconds))}s]))`;
}

/** Query answer -> runner index -> { requests, rps }. Pure. */
export function ratesFromVector(
  result: readonly VectorSample[],
  seconds: number,
): Map<number, { requests: number; rps: number }> {
  const out = new Map<number, { requests: number; rps: number }>();
  for (const r of result) {
    const index = Number(r.metric.instance_id ?? r.metric.runner);
    const requests = Number(r.value[1]);
    if (!Number.isInteger(index) || index < 1 || !Number.isFinite(requests)) continue;
    const total = (out.get(index)?.requests ?? 0) + requests;
    out.set(index, { requests: total, rps: seconds > 0 ? total / seconds : 0 });
  }
  return out;
}

/** Each runner's requests over a window reaching `windowSeconds` back from `atMs`, and their rate over the load's `loadSeconds`. */
export async function readRunnerRates(
  client: PromClient,
  testid: string,
  o: { atMs: number; windowSeconds: number; loadSeconds: number },
): Promise<Map<number, { requests: number; rps: number }>> {
  const result = await queryInstant(client, runnerRequestsQuery(testid, o.windowSeconds), o.atMs);
  return ratesFromVector(result, Math.max(1, o.loadSeconds));
}
