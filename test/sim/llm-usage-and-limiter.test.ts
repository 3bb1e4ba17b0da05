// The simulator's LLM usage (tokens and cost by model, prompt length and the cost-spike fault) and its
// optional Flask-Limiter (fixed windows per user, exemptions, the bypass header). Pure parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatUsage, costOf, DEFAULT_MODEL, rcaUsage } from '../../sim/llm/pricing.ts';
import { planTurn } from '../../sim/chatbot/turn.ts';
import { createRng } from '../../sim/rng.ts';
import { parseRateLimits, RestLimiter } from '../../sim/server/rate-limiter.ts';

test('a chat turn costs more for a longer prompt, in agent mode, on a dearer model, and cost-spike multiplies its tokens', () => {
  const base = chatUsage({ query: 'why?', answer: 'Because.', factor: 1 });
  assert.equal(base.model, DEFAULT_MODEL);
  assert.ok(chatUsage({ query: 'why?'.repeat(400), answer: 'Because.', factor: 1 }).inputTokens > base.inputTokens);
  assert.ok(chatUsage({ query: 'why?', answer: 'Because.', mode: 'agent', factor: 1 }).cost > base.cost);
  assert.ok(chatUsage({ query: 'why?', answer: 'Because.', model: 'sim/aurora-llm-mini', factor: 1 }).cost < base.cost);
  const spiked = chatUsage({ query: 'why?', answer: 'Because.', factor: 3 });
  assert.equal(spiked.inputTokens, base.inputTokens * 3);
  assert.equal(spiked.cost, costOf(DEFAULT_MODEL, spiked.inputTokens, spiked.outputTokens));
  const plan = planTurn('why?', createRng(1), { model: 'sim/aurora-llm-large', factor: 1 });
  assert.equal(plan.usage.model, 'sim/aurora-llm-large');
  assert.equal(plan.usage.estimated_cost, plan.totalCost);
});

test("an RCA's tokens grow with the alert's description and with cost-spike", () => {
  const short = rcaUsage({ description: 'disk full', factor: 1 });
  assert.ok(rcaUsage({ description: 'disk full '.repeat(200), factor: 1 }).inputTokens > short.inputTokens);
  assert.equal(rcaUsage({ description: 'disk full', factor: 2 }).outputTokens, short.outputTokens * 2);
});

test('rate limits parse as Flask-Limiter writes them; anything else names the fix', () => {
  assert.deepEqual(parseRateLimits('500/hour'), [{ max: 500, windowMs: 3_600_000, spec: '500/hour' }]);
  assert.equal((parseRateLimits('2000/day;500/hour') as unknown[]).length, 2);
  assert.match((parseRateLimits('lots') as { error: string }).error, /e\.g\. --rate-limit 500\/hour/);
});

test('the limiter answers 429 past the limit per user, in fixed windows; health, GET /api/incidents and the bypass are exempt', () => {
  let now = 0;
  const limiter = new RestLimiter(parseRateLimits('2/hour') as never, () => now, 'bypass-token-123');
  const alice = { 'x-user-id': 'alice' };
  assert.equal(limiter.check('POST', '/chat_api/sessions', alice), null);
  assert.equal(limiter.check('POST', '/chat_api/sessions', alice), null);
  assert.equal(limiter.check('POST', '/chat_api/sessions', alice)?.status, 429);
  assert.deepEqual(limiter.check('POST', '/chat_api/sessions', alice)?.body, { error: 'Rate limit exceeded' });
  assert.equal(limiter.check('POST', '/chat_api/sessions', { 'x-user-id': 'bob' }), null, 'per user');
  assert.equal(limiter.check('GET', '/api/incidents/abc', alice), null, 'GET /api/incidents* is exempt');
  assert.equal(limiter.check('GET', '/health/liveness', alice), null, 'health is exempt');
  const bypass = { ...alice, 'x-rate-limit-bypass': 'bypass-token-123' };
  assert.equal(limiter.check('POST', '/chat_api/sessions', bypass), null, 'the bypass token exempts');
  const wrong = { ...alice, 'x-rate-limit-bypass': 'guess-token-000' };
  assert.equal(limiter.check('POST', '/chat_api/sessions', wrong)?.status, 429, 'a wrong token does not');
  now = 3_600_000;
  assert.equal(limiter.check('POST', '/chat_api/sessions', alice), null, 'a new window');
});
