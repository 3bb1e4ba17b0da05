// Baseline regression: each service/route's p50/p95/p99 and error rate against a previous run.
import { notEvaluated, type GateResult, type RouteStats } from '../verdict/index.ts';
import { formatDelta, formatMs, formatPct } from './format.ts';

export interface RegressionTolerance {
  /** A latency regresses only when it grew by more than this share (0.2 = +20%) ... */
  relative: number;
  /** ... AND by more than this many ms: both, so noise on fast routes and on slow routes passes. */
  absoluteMs: number;
  /** The error rate regresses when it grew by more than this (0.01 = one percentage point). */
  errorRateAbsolute: number;
  /** Routes with fewer requests than this in either run are not evaluated. Default 0. */
  minSamples?: number;
}

export type Stat = 'p50' | 'p95' | 'p99' | 'errorRate';
export const STATS: readonly Stat[] = ['p50', 'p95', 'p99', 'errorRate'];

export interface StatComparison {
  stat: Stat;
  base: number;
  current: number;
  delta: number;
  /** delta / base; Infinity when the base is 0 and the value grew. */
  relative: number;
  regressed: boolean;
}

export interface RouteComparison {
  service: string;
  name: string;
  status: 'compared' | 'new' | 'missing' | 'few-samples';
  baseCount: number;
  count: number;
  stats: StatComparison[];
  regressed: boolean;
}

const key = (r: { service: string; name: string }): string => `${r.service}\u0000${r.name}`;

export function compareStat(stat: Stat, base: number, current: number, tol: RegressionTolerance): StatComparison {
  const delta = current - base;
  const relative = base === 0 ? (delta > 0 ? Infinity : 0) : delta / base;
  const regressed =
    stat === 'errorRate' ? delta > tol.errorRateAbsolute : delta > tol.absoluteMs && relative > tol.relative;
  return { stat, base, current, delta, relative, regressed };
}

/** Every route of either run, compared where both have it; sorted by service, then name. */
export function compareRoutes(
  current: RouteStats[],
  baseline: RouteStats[],
  tol: RegressionTolerance,
): RouteComparison[] {
  const base = new Map(baseline.map((r) => [key(r), r]));
  const cur = new Map(current.map((r) => [key(r), r]));
  const out: RouteComparison[] = [];
  for (const r of current) {
    const b = base.get(key(r));
    if (!b) {
      out.push({
        service: r.service,
        name: r.name,
        status: 'new',
        baseCount: 0,
        count: r.count,
        stats: [],
        regressed: false,
      });
      continue;
    }
    const few = Math.min(r.count, b.count) < (tol.minSamples ?? 0);
    const stats = STATS.map((s) => compareStat(s, b[s], r[s], tol));
    out.push({
      service: r.service,
      name: r.name,
      status: few ? 'few-samples' : 'compared',
      baseCount: b.count,
      count: r.count,
      stats,
      regressed: !few && stats.some((s) => s.regressed),
    });
  }
  for (const b of baseline) {
    if (!cur.has(key(b)))
      out.push({
        service: b.service,
        name: b.name,
        status: 'missing',
        baseCount: b.count,
        count: 0,
        stats: [],
        regressed: false,
      });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

export function formatStat(s: StatComparison): string {
  if (s.stat === 'errorRate') return `errors ${formatPct(s.base)}→${formatPct(s.current)}`;
  return `${s.stat} ${formatMs(s.base)}→${formatMs(s.current)} (${formatDelta(s.relative)})`;
}

export function describeTolerance(tol: RegressionTolerance): string {
  return `latency +${Math.round(tol.relative * 100)}% and +${formatMs(tol.absoluteMs)}; errors +${formatPct(tol.errorRateAbsolute).replace('%', '')} pp`;
}

/**
 * One gate per route: fails when any of its stats regressed beyond tolerance. A route under
 * `minSamples` in either run, a new route and a missing one are not evaluated (never passed).
 */
export function baselineGates(
  current: RouteStats[],
  baseline: RouteStats[],
  tolerance: RegressionTolerance,
): GateResult[] {
  const limit = describeTolerance(tolerance);
  return compareRoutes(current, baseline, tolerance).map((c): GateResult => {
    const name = `baseline ${c.service} ${c.name}`;
    switch (c.status) {
      case 'new':
        return notEvaluated(
          { kind: 'baseline', name, measured: `new route (${c.count} requests)`, limit, passed: false },
          'data missing',
          'not in the baseline: nothing to compare',
        );
      case 'missing':
        return notEvaluated(
          { kind: 'baseline', name, measured: 'not in this run', limit, passed: false },
          'no samples',
          `the baseline had ${c.baseCount} requests on this route, this run none; noted, not failed`,
        );
      case 'few-samples':
        return notEvaluated(
          {
            kind: 'baseline',
            name,
            measured: `${c.count} requests (baseline ${c.baseCount})`,
            limit,
            passed: false,
          },
          'no samples',
          `fewer than ${tolerance.minSamples} requests in ${Math.min(c.count, c.baseCount) === c.count ? 'this run' : 'the baseline'}: percentiles too noisy to compare`,
        );
      default: {
        // 'compared'
        const regressed = c.stats.filter((s) => s.regressed);
        const shown =
          regressed.length > 0 ? regressed : c.stats.filter((s) => s.stat === 'p95' || s.stat === 'errorRate');
        const gate: GateResult = {
          kind: 'baseline',
          name,
          measured: shown.map(formatStat).join(', '),
          limit,
          passed: regressed.length === 0,
          status: regressed.length === 0 ? 'passed' : 'failed',
        };
        if (!gate.passed)
          gate.detail = `regressed beyond tolerance: ${regressed.map((s) => s.stat).join(', ')} (baseline ${c.baseCount} requests, this run ${c.count})`;
        return gate;
      }
    }
  });
}
