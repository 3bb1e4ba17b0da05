// monitoring: metrics-server answers (the metrics.k8s.io API the HPAs read CPU from), and
// Prometheus answers when the env file names one. Pure.
import type { PreflightItem } from '../../verdict/index.ts';
import { type CheckInput, ev, result, unread } from './item.ts';

export function monitoring({ snapshot }: CheckInput): PreflightItem {
  const m = snapshot.podMetrics;
  if (!m.ok && 'forbidden' in m) return unread('monitoring', m, snapshot.namespace);
  const metricsEvidence = ev(
    'metrics.k8s.io/v1beta1',
    `namespaces/${snapshot.namespace}/pods`,
    m.ok ? `${m.items.length} PodMetrics` : m.error,
  );
  const prom = snapshot.prometheus;
  const evidence = [
    metricsEvidence,
    ...(prom ? [ev(`Prometheus ${prom.url}`, 'GET /api/v1/query', prom.error ?? 'answers')] : []),
  ];
  if (!m.ok)
    return result('monitoring', 'fail', `metrics-server does not answer (${m.error}): HPAs cannot read CPU`, evidence);
  if (prom?.error) return result('monitoring', 'fail', `Prometheus does not answer: ${prom.error}`, evidence);
  return result('monitoring', 'pass', `metrics-server answers${prom ? ', Prometheus answers' : ''}`, evidence);
}
