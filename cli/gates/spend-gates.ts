// LLM spend of a run and its gates. Pure. The stats come from the whole-run aggregates of the spend
// metrics (aurora_llm_*); the gates hold the mean cost and tokens per chat turn and per RCA to a
// baseline's: a prompt change that doubles tokens is a cost regression (kind `spend`, exit 5).
import { METRICS } from '../../lib/core/metric-names.ts';
import { rateLimitedMessage } from '../../lib/core/aurora/rate-limit.ts';
import type { MetricAggregate } from '../analysis/index.ts';
import type { GateResult, RateLimited, SpendStats } from '../verdict/index.ts';
import { formatPct } from './format.ts';

const mean = (m: MetricAggregate | undefined): number | undefined =>
  m && m.count > 0 ? Math.round(m.value * 1e6) / 1e6 : undefined;

/** The run's spend; undefined when it recorded no spend sample (no chat turn, no RCA). */
export function spendStats(
  metrics: Record<string, MetricAggregate>,
  capUsd: number | undefined,
): SpendStats | undefined {
  const total = metrics[METRICS.llmSpend];
  if (!total) return undefined;
  const chat = metrics[METRICS.llmChatCost];
  const rca = metrics[METRICS.llmRcaCost];
  const optional = (k: keyof SpendStats, v: number | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    totalUsd: Math.round(total.value * 1e6) / 1e6,
    chatTurns: chat?.count ?? 0,
    rcas: rca?.count ?? 0,
    ...optional('meanPerTurnUsd', mean(chat)),
    ...optional('meanPerRcaUsd', mean(rca)),
    ...optional('meanTokensPerTurn', mean(metrics[METRICS.llmChatTokens])),
    ...optional('meanTokensPerRca', mean(metrics[METRICS.llmRcaTokens])),
    ...(capUsd === undefined ? {} : { capUsd }),
    // k6's cap is `count<cap`: reaching it fails the threshold and aborts the run.
    stoppedForSpend: capUsd !== undefined && total.value >= capUsd,
  };
}

/** 429s from Aurora's limiter (their own error kind), with the explanation; undefined when none. */
export function rateLimitedOf(
  metrics: Record<string, MetricAggregate>,
  o: { users: number; bypass: boolean },
): RateLimited | undefined {
  const count = metrics[METRICS.restRateLimited]?.value ?? 0;
  return count > 0 ? { count, message: rateLimitedMessage(o) } : undefined;
}

const STATS = [
  { key: 'meanPerTurnUsd', name: 'LLM cost per chat turn', unit: 'usd' },
  { key: 'meanTokensPerTurn', name: 'LLM tokens per chat turn', unit: 'tokens' },
  { key: 'meanPerRcaUsd', name: 'LLM cost per RCA', unit: 'usd' },
  { key: 'meanTokensPerRca', name: 'LLM tokens per RCA', unit: 'tokens' },
] as const;

const show = (v: number, unit: 'usd' | 'tokens') =>
  unit === 'usd' ? `$${v.toFixed(4)}` : `${Math.round(v).toLocaleString('en-US')} tokens`;

/**
 * One gate per mean both runs measured: the run's mean may rise at most `tolerance` (0.25 = +25%)
 * over the baseline's. A mean only one run has is not compared (no gate, so nothing passes unseen).
 */
export function spendGates(run: SpendStats | undefined, base: SpendStats | undefined, tolerance: number): GateResult[] {
  if (!run || !base) return [];
  const gates: GateResult[] = [];
  for (const s of STATS) {
    const now = run[s.key];
    const then = base[s.key];
    if (now === undefined || then === undefined) continue;
    const limit = then * (1 + tolerance);
    const change = then > 0 ? (now - then) / then : now > 0 ? Infinity : 0;
    gates.push({
      kind: 'spend',
      name: `${s.name} vs baseline`,
      measured: `${show(now, s.unit)} (baseline ${show(then, s.unit)}, ${change === Infinity ? 'new' : `${change >= 0 ? '+' : ''}${formatPct(change)}`})`,
      limit: `≤ ${show(limit, s.unit)} (baseline +${formatPct(tolerance)})`,
      passed: now <= limit,
    });
  }
  return gates;
}
