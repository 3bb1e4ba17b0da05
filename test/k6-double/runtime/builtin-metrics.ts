// k6 test double: k6's built-in metrics (name -> type, contains), its system tags and the metric
// name rule for custom metrics.
import type { MetricContains, MetricType } from '../types.ts';

export const BUILTIN_METRICS: Record<string, [MetricType, MetricContains]> = {
  vus: ['gauge', 'default'],
  vus_max: ['gauge', 'default'],
  iterations: ['counter', 'default'],
  iteration_duration: ['trend', 'time'],
  dropped_iterations: ['counter', 'default'],
  data_received: ['counter', 'data'],
  data_sent: ['counter', 'data'],
  checks: ['rate', 'default'],
  group_duration: ['trend', 'time'],
  http_reqs: ['counter', 'default'],
  http_req_failed: ['rate', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
  ws_sessions: ['counter', 'default'],
  ws_msgs_sent: ['counter', 'default'],
  ws_msgs_received: ['counter', 'default'],
  ws_ping: ['trend', 'time'],
  ws_session_duration: ['trend', 'time'],
  ws_connecting: ['trend', 'time'],
};

/** k6's DefaultSystemTagSet (metrics/system_tag.go); `options.systemTags` replaces it when non-empty. */
const DEFAULT_SYSTEM_TAGS = [
  'proto',
  'subproto',
  'status',
  'method',
  'url',
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
const ALL_SYSTEM_TAGS = new Set([...DEFAULT_SYSTEM_TAGS, 'iter', 'vu', 'ocsp_status', 'ip']);

/** The enabled system tags for `options.systemTags`: unknown names are dropped, an empty list means the default (SystemTagSet.UnmarshalJSON). */
export function systemTagSet(v: unknown): Set<string> {
  const list = Array.isArray(v) ? v.map(String).filter((t) => ALL_SYSTEM_TAGS.has(t)) : [];
  return new Set(Array.isArray(v) && v.length > 0 ? list : DEFAULT_SYSTEM_TAGS);
}

export const METRIC_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
