// Small checks around a run: is the target there at all, and does a baseline fit the plan.
import type { Baseline } from '../gates/index.ts';
import type { RunPlan } from '../plan/index.ts';

/**
 * GET <api>/health/liveness once before any load. Returns why the target is unreachable, or null.
 * Any HTTP answer counts as reachable: the scenarios' own checks judge its content.
 */
export async function probeTarget(apiUrl: string, timeoutMs = 10_000): Promise<string | null> {
  const url = `${apiUrl.replace(/\/+$/, '')}/health/liveness`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return null;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    return `target unreachable: GET ${url} failed (${cause})`;
  }
}

/** A warning when the baseline came from another env or profile (comparing them is rarely meant). */
export function baselineMismatch(b: Baseline, plan: RunPlan): string | null {
  const diffs: string[] = [];
  if (b.env && b.env !== plan.env) diffs.push(`env ${b.env}`);
  if (b.profile && b.profile !== plan.profile) diffs.push(`profile ${b.profile}`);
  if (b.passed === false) diffs.push('a run that failed its own gates');
  return diffs.length
    ? `baseline ${b.path} is from ${diffs.join(', ')}; this run is ${plan.env}/${plan.profile}`
    : null;
}
