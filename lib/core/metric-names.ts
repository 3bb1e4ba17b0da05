// Names and types of the suite's custom k6 metrics. lib/core, so thresholds, the options
// validator (cli/k6/options-schema.ts), reports and gates share one list; lib/k6/metrics.ts creates the k6 objects from it.
import type { MetricType } from './threshold-grammar.ts';

export const METRICS = {
  wsTimeToFirstMessage: 'aurora_ws_time_to_first_message',
  wsTurnDuration: 'aurora_ws_turn_duration',
  wsChunksPerTurn: 'aurora_ws_chunks_per_turn',
  stickySessionOk: 'aurora_sticky_session_ok',
  wsErrorFrames: 'aurora_ws_error_frames',
  wsTurnDropped: 'aurora_ws_turn_dropped',
  rcaAcceptLatency: 'aurora_rca_accept_latency',
  rcaTimeToRunning: 'aurora_rca_time_to_running',
  rcaTimeToComplete: 'aurora_rca_time_to_complete',
  rcaFailed: 'aurora_rca_failed',
  contractViolations: 'aurora_contract_violations',
  llmSpend: 'aurora_llm_spend_usd',
  llmChatCost: 'aurora_llm_chat_cost_usd',
  llmChatTokens: 'aurora_llm_chat_tokens',
  llmRcaCost: 'aurora_llm_rca_cost_usd',
  llmRcaTokens: 'aurora_llm_rca_tokens',
  restRateLimited: 'aurora_rest_rate_limited',
} as const;

export type CustomMetricId = keyof typeof METRICS;

/** k6 type and whether values are times (ms), per custom metric. */
export const METRIC_DEFS: Record<CustomMetricId, { type: MetricType; isTime?: boolean; help: string }> = {
  wsTimeToFirstMessage: {
    type: 'trend',
    isTime: true,
    help: 'ms from sending a chat turn to its first streamed chunk',
  },
  wsTurnDuration: { type: 'trend', isTime: true, help: 'ms from sending a chat turn to its END status frame' },
  wsChunksPerTurn: { type: 'trend', help: 'streamed message chunks per chat turn' },
  stickySessionOk: {
    type: 'rate',
    help: 'reconnects that kept the ingress affinity cookie (and replica, where shown)',
  },
  wsErrorFrames: {
    type: 'counter',
    help: 'chatbot error frames and dropped turns, tag kind: auth|rate_limit|server|dropped|no-start',
  },
  wsTurnDropped: { type: 'rate', help: 'chat turns sent whose socket closed before END with no error frame' },
  rcaAcceptLatency: { type: 'trend', isTime: true, help: 'ms for the webhook / trigger-rca call that submits an RCA' },
  rcaTimeToRunning: {
    type: 'trend',
    isTime: true,
    help: 'ms from submission until auroraStatus leaves idle (queue wait)',
  },
  rcaTimeToComplete: { type: 'trend', isTime: true, help: 'ms from submission until auroraStatus is complete' },
  rcaFailed: {
    type: 'rate',
    help: 'RCAs that ended in error or were not done within maxWaitSeconds (a smoke: not picked up), tag outcome',
  },
  contractViolations: { type: 'rate', help: 'sampled responses that broke the response contract' },
  llmSpend: {
    type: 'counter',
    help: 'LLM spend in USD as Aurora reports it (chat usage_final, incident tokenUsage), tags source|service|model',
  },
  llmChatCost: { type: 'trend', help: 'USD one chat turn cost (usage_final estimated_cost), tags service|model' },
  llmChatTokens: { type: 'trend', help: 'input + output tokens of one chat turn, tags service|model' },
  llmRcaCost: { type: 'trend', help: "USD one RCA cost (the incident's tokenUsage.totalCost), tags service|model" },
  llmRcaTokens: {
    type: 'trend',
    help: "tokens of one RCA (the incident's tokenUsage.totalTokens), tags service|model",
  },
  restRateLimited: {
    type: 'counter',
    help: "REST calls answered 429 by Aurora's Flask-Limiter (error kind rate_limited), tag name",
  },
};

/** Custom metric types by k6 name, for validateK6Options({ metricTypes }). */
export const CUSTOM_METRIC_TYPES: Record<string, MetricType> = Object.fromEntries(
  (Object.keys(METRICS) as CustomMetricId[]).map((k) => [METRICS[k], METRIC_DEFS[k].type]),
);

/** The tag values the suite uses for `service`. */
export type ServiceTag = 'aurora-server' | 'chatbot' | 'celery';

/** summaryTrendStats of every scenario: p(50), p(95), p(99) for the gates, count for baselines. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'];

/**
 * `options.systemTags` of every scenario: k6's default system tags (metrics/system_tag.go
 * DefaultSystemTagSet) without `url`. The chatbot's connect URL carries a token (`/?token=<JWT>`);
 * k6 puts the full URL in `url` (and `name`) unless a `name` tag is given, so every request here sets
 * `name`, and `url` (which then only repeats `name`) is not emitted at all: a request that forgets
 * its `name` cannot leak a secret or blow up tag cardinality through `url`.
 */
export const SYSTEM_TAGS = [
  'proto',
  'subproto',
  'status',
  'method',
  'name',
  'group',
  'check',
  'error',
  'error_code',
  'tls_version',
  'scenario',
  'service',
  'expected_response',
];
