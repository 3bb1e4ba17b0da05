// The env file's baseline tolerance (per percentile) -> the baseline gate's (cli/gates). The gate
// applies one latency tolerance to p50, p95 and p99, so the p95 one is used and a differing p50/p99
// is reported as a warning rather than silently ignored.
import type { RegressionTolerance } from '../gates/index.ts';
import type { BaselineTolerance } from './env-file/schema.ts';

export function toGateTolerance(t: BaselineTolerance): { tolerance: RegressionTolerance; warnings: string[] } {
  const warnings: string[] = [];
  for (const p of ['p50', 'p99'] as const) {
    if (t[p].relative !== t.p95.relative || t[p].absoluteMs !== t.p95.absoluteMs) {
      warnings.push(
        `baseline.tolerance.${p} differs from p95; the baseline gate applies p95's tolerance to every percentile`,
      );
    }
  }
  return {
    tolerance: {
      relative: t.p95.relative,
      absoluteMs: t.p95.absoluteMs,
      errorRateAbsolute: t.errorRate.absolute,
      minSamples: t.minCount,
    },
    warnings,
  };
}
