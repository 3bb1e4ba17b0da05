// What each metric a threshold may name is (k6's type, and whether it holds times or bytes), for
// judging the thresholds of a distributed run in Prometheus: a distributed run has no local k6
// summary to read it from. k6's built-ins (cli/k6/options-schema.ts) and the suite's own metrics
// (lib/core/metric-names.ts). Pure.
import { METRIC_DEFS, METRICS } from '../../../lib/core/metric-names.ts';
import type { MetricKind } from '../../gates/index.ts';
import { BUILTIN_METRIC_TYPES } from '../../k6/options-schema.ts';

/** k6's built-in Trends that hold durations (ms in k6, seconds in Prometheus). */
const BUILTIN_TIME_TRENDS = new Set([
  'iteration_duration',
  'group_duration',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_duration',
  'http_req_receiving',
  'http_req_sending',
  'http_req_tls_handshaking',
  'http_req_waiting',
  'ws_connecting',
  'ws_ping',
  'ws_session_duration',
]);

export function metricKinds(): Record<string, MetricKind> {
  const out: Record<string, MetricKind> = {};
  for (const [name, type] of Object.entries(BUILTIN_METRIC_TYPES)) {
    const contains = BUILTIN_TIME_TRENDS.has(name) ? 'time' : name.startsWith('data_') ? 'data' : 'default';
    out[name] = { type, contains };
  }
  for (const [id, def] of Object.entries(METRIC_DEFS)) {
    out[METRICS[id as keyof typeof METRICS]] = { type: def.type, contains: def.isTime ? 'time' : 'default' };
  }
  return out;
}
