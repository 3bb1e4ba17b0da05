// LLM spend, specified piece by piece: reading Aurora's usage frames and tokenUsage, the spend cap
// threshold, the spend stats and their baseline gate, and the 429 explanation. Pure, no k6, no sim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatUsageOf, rcaUsageOf } from '../../lib/core/aurora/llm-usage.ts';
import { checkRateLimit, rateLimitedMessage } from '../../lib/core/aurora/rate-limit.ts';
import { buildThresholds } from '../../thresholds/build.ts';
import { CUSTOM_METRIC_TYPES, METRICS } from '../../lib/core/metric-names.ts';
import { validateK6Options } from '../../cli/k6/options-schema.ts';
import { spendGates, spendStats } from '../../cli/gates/index.ts';
import type { MetricAggregate } from '../../cli/analysis/index.ts';
import type { SpendStats } from '../../cli/verdict/index.ts';
import { buildVerdict, verdictLine } from '../../cli/verdict/index.ts';

test('a chat turn costs what usage_final says; usage_info total_cost stands in when usage_final is missing', () => {
  const final = { model: 'gpt-x', input_tokens: 1200, output_tokens: 80, estimated_cost: 0.0048 };
  assert.deepEqual(chatUsageOf(final, { total_cost: 0 }), {
    source: 'chat',
    model: 'gpt-x',
    inputTokens: 1200,
    outputTokens: 80,
    costUsd: 0.0048,
  });
  assert.equal(chatUsageOf(undefined, { total_cost: 0.01 })?.costUsd, 0.01);
  assert.equal(chatUsageOf(undefined, { total_cost: 0.01 })?.model, 'unknown');
  assert.equal(chatUsageOf(undefined, undefined), undefined, 'no usage reported: no record');
  assert.equal(chatUsageOf({ estimated_cost: 'free' }), undefined, 'a cost that is not a number is no usage');
});

test("an RCA costs its incident's tokenUsage.totalCost; null (the RCA has not run) is no usage", () => {
  const tokenUsage = {
    requestCount: 12,
    totalInputTokens: 48000,
    totalOutputTokens: 6000,
    totalTokens: 54000,
    totalCost: 0.234,
    models: [{ model: 'claude-x', cost: 0.234 }],
  };
  assert.deepEqual(rcaUsageOf(tokenUsage), {
    source: 'rca',
    model: 'claude-x',
    inputTokens: 48000,
    outputTokens: 6000,
    costUsd: 0.234,
  });
  assert.equal(rcaUsageOf({ ...tokenUsage, models: [{ model: 'a' }, { model: 'b' }] })?.model, 'mixed');
  assert.equal(rcaUsageOf(null), undefined);
});

test('the spend cap is an abortOnFail threshold on the spend counter, only for runs with chat turns or RCAs', () => {
  const withCap = buildThresholds({ profile: 'load', scenarios: ['chatbot', 'rca'], spendCapUsd: 12.5 });
  assert.deepEqual(withCap[METRICS.llmSpend], [{ threshold: 'count<12.5', abortOnFail: true }]);
  assert.deepEqual(validateK6Options({ thresholds: withCap }, { metricTypes: CUSTOM_METRIC_TYPES }), { ok: true });
  assert.equal(buildThresholds({ profile: 'load', scenarios: ['rest'], spendCapUsd: 1 })[METRICS.llmSpend], undefined);
  assert.equal(buildThresholds({ profile: 'load', scenarios: ['rca'] })[METRICS.llmSpend], undefined, 'no budget');
});

const agg = (type: MetricAggregate['type'], value: number, count: number): MetricAggregate => ({
  type,
  contains: 'default',
  value,
  count,
});

test('spend stats: total, means per turn and per RCA, and "stopped for spend" when the total reached the cap', () => {
  const metrics = {
    [METRICS.llmSpend]: agg('counter', 1.3, 12),
    [METRICS.llmChatCost]: agg('trend', 0.01, 10),
    [METRICS.llmChatTokens]: agg('trend', 1300, 10),
    [METRICS.llmRcaCost]: agg('trend', 0.6, 2),
    [METRICS.llmRcaTokens]: agg('trend', 60000, 2),
  };
  const s = spendStats(metrics, 1.25);
  assert.deepEqual(s, {
    totalUsd: 1.3,
    chatTurns: 10,
    rcas: 2,
    meanPerTurnUsd: 0.01,
    meanPerRcaUsd: 0.6,
    meanTokensPerTurn: 1300,
    meanTokensPerRca: 60000,
    capUsd: 1.25,
    stoppedForSpend: true,
  });
  assert.equal(spendStats(metrics, 2)?.stoppedForSpend, false);
  assert.equal(spendStats(metrics, undefined)?.stoppedForSpend, false);
  assert.equal(spendStats({}, 2), undefined, 'a run with no chat turn and no RCA has no spend');
  const v = buildVerdict({
    runId: 'r',
    env: 'local',
    scenario: 'mixed',
    profile: 'load',
    startedAt: new Date(0),
    finishedAt: new Date(0),
    outcome: { k6ExitCode: 99, interrupted: false, timedOut: false },
    gates: [{ kind: 'threshold', name: 'aurora_llm_spend_usd: count<1.25', measured: '', limit: '', passed: false }],
    routes: [],
    spend: s,
  });
  assert.equal(v.exitCode, 99);
  assert.match(
    verdictLine(v),
    /STOPPED FOR SPEND by k6: reported LLM spend \$1\.30 reached the budget of \$1\.25 \(not a regression\)/,
  );
});

const stats = (perTurn: number, tokensPerTurn: number, perRca: number, tokensPerRca: number): SpendStats => ({
  totalUsd: 1,
  chatTurns: 10,
  rcas: 2,
  meanPerTurnUsd: perTurn,
  meanTokensPerTurn: tokensPerTurn,
  meanPerRcaUsd: perRca,
  meanTokensPerRca: tokensPerRca,
  stoppedForSpend: false,
});

test('the spend gate: cost and tokens per chat turn and per RCA may rise at most the tolerance over the baseline', () => {
  const base = stats(0.01, 1300, 0.24, 54000);
  const same = spendGates(stats(0.011, 1350, 0.25, 56000), base, 0.25);
  assert.equal(same.length, 4);
  assert.ok(
    same.every((g) => g.passed && g.kind === 'spend'),
    JSON.stringify(same),
  );
  const tripled = spendGates(stats(0.03, 3900, 0.72, 162000), base, 0.25);
  assert.deepEqual(
    tripled.filter((g) => !g.passed).map((g) => g.name),
    [
      'LLM cost per chat turn vs baseline',
      'LLM tokens per chat turn vs baseline',
      'LLM cost per RCA vs baseline',
      'LLM tokens per RCA vs baseline',
    ],
  );
  assert.match(tripled[1]!.measured, /3,900 tokens \(baseline 1,300 tokens, \+200%\)/);
  assert.deepEqual(spendGates(stats(1, 1, 1, 1), undefined, 0.25), [], 'a baseline without spend: no spend gate');
  const onlyChat: SpendStats = { totalUsd: 0.1, chatTurns: 10, rcas: 0, meanPerTurnUsd: 0.01, stoppedForSpend: false };
  assert.equal(spendGates(onlyChat, base, 0.25).length, 1, 'a mean only one run measured is not compared');
});

test("a 429's explanation names the limit, the user count and the bypass; the plan check uses Aurora's defaults", () => {
  const m = rateLimitedMessage({ users: 3, bypass: false });
  assert.match(m, /500\/hour and 2000\/day per X-User-ID/);
  assert.match(m, /3 users share this load/);
  assert.match(m, /secretEnv\.rateLimitBypassToken.*X-Rate-Limit-Bypass/);
  assert.match(rateLimitedMessage({ users: 1, bypass: true }), /the bypass token was sent/);
  assert.equal(checkRateLimit(0.5, 100, 4).exceeds, false, '450/hour per user');
  assert.equal(checkRateLimit(0.6, 100, 4).exceeds, true, '540/hour per user');
  assert.equal(checkRateLimit(0.01, 9000, 4).exceeds, true, '2250 per user in the run: above 2000/day');
});
