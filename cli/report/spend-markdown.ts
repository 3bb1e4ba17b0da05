// summary.md's LLM spend section: total, mean per chat turn and per RCA, the budget and whether k6
// stopped the run for it, and the 429s of Aurora's rate limiter with their explanation. Pure.
import type { Verdict } from '../verdict/index.ts';

const usd = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}`;
const tokens = (n: number | undefined): string => (n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));

export function spendMarkdown(verdict: Verdict): string[] {
  const lines: string[] = [];
  const s = verdict.spend;
  if (s) {
    lines.push(
      '',
      '### LLM spend',
      '',
      '| | Count | Mean cost | Mean tokens |',
      '|---|--:|--:|--:|',
      `| chat turns | ${s.chatTurns} | ${s.meanPerTurnUsd === undefined ? '-' : usd(s.meanPerTurnUsd)} | ${tokens(s.meanTokensPerTurn)} |`,
      `| RCAs | ${s.rcas} | ${s.meanPerRcaUsd === undefined ? '-' : usd(s.meanPerRcaUsd)} | ${tokens(s.meanTokensPerRca)} |`,
      '',
      `Total ${usd(s.totalUsd)}${s.capUsd === undefined ? '' : ` of a ${usd(s.capUsd)} budget`}` +
        `${s.stoppedForSpend ? ' · **stopped by k6 for spend** (the budget was reached; not a regression)' : ''}`,
    );
  }
  if (verdict.rateLimited) {
    lines.push('', `**Rate limited**: ${verdict.rateLimited.count} × ${verdict.rateLimited.message}`);
  }
  return lines;
}
