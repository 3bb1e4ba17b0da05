// Each runner's share of the load, from the Prometheus every runner writes to: its HTTP requests over
// the run (`sum by (runner) (increase(k6_http_reqs_total{testid=...}[<run>s]))`) and its mean request
// rate, so an uneven split shows in the report. Runners tag their samples `runner=<i>` (1-based).
import { queryInstant, type PromClient } from '../../cluster/prometheus/query.ts';

/** The PromQL of the runners' requests over a window of `seconds` ending at the query time. */
export function runnerRequestsQuery(testid: string, seconds: number): string {
  const id = testid.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `sum by (runner) (increase(k6_http_reqs_total{testid="${id}"}[${Math.max(1, Math.ceil(seconds))}s]))`;
}

/** Query answer -> runner index -> { requests, rps }. Pure. */
export function ratesFromVector(
  result: readonly { metric: Record<string, string>; value: [number, string] }[],
  seconds: number,
): Map<number, { requests: number; rps: number }> {
  const out = new Map<number, { requests: number; rps: number }>();
  for (const r of result) {
    const index = Number(r.metric.runner);
    const requests = Number(r.value[1]);
    if (!Number.isInteger(index) || index < 1 || !Number.isFinite(requests)) continue;
    out.set(index, { requests, rps: seconds > 0 ? requests / seconds : 0 });
  }
  return out;
}

export async function readRunnerRates(
  client: PromClient,
  testid: string,
  fromMs: number,
  toMs: number,
): Promise<Map<number, { requests: number; rps: number }>> {
  const seconds = Math.max(1, (toMs - fromMs) / 1000);
  const result = await queryInstant(client, runnerRequestsQuery(testid, seconds), toMs);
  return ratesFromVector(result, seconds);
}
