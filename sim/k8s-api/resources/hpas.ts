// autoscaling/v2 HorizontalPodAutoscalers: discovery entry and `kubectl get hpa` columns
// (NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, TARGETS as "cpu: 45%/70%").
import type { KubeObject } from '../objects.ts';
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface MetricSpec {
  type: string;
  resource?: { name: string; target: { type: string; averageUtilization?: number; averageValue?: string } };
}
interface MetricStatus {
  type: string;
  resource?: { name: string; current: { averageUtilization?: number; averageValue?: string } };
}

/** kubectl's formatHPAMetrics for Resource metrics: "<name>: <current>/<target>", "<unknown>" before a metric. */
export function hpaTargets(object: KubeObject): string {
  const specs = ((object.spec as { metrics?: MetricSpec[] }).metrics ?? []).filter(
    (m) => m.type === 'Resource' && m.resource,
  );
  const statuses = (object.status as { currentMetrics?: MetricStatus[] }).currentMetrics ?? [];
  if (specs.length === 0) return '<none>';
  const parts = specs.map((m, i) => {
    const { name, target } = m.resource!;
    const current = statuses[i]?.resource?.current;
    if (target.averageValue !== undefined)
      return `${name}: ${current?.averageValue ?? '<unknown>'}/${target.averageValue}`;
    const now = current?.averageUtilization !== undefined ? `${current.averageUtilization}%` : '<unknown>';
    const want = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>';
    return `${name}: ${now}/${want}`;
  });
  return parts.length > 2 ? `${parts.slice(0, 2).join(', ')} + ${parts.length - 2} more...` : parts.join(', ');
}

export const HPAS: ResourceDef = {
  resource: 'horizontalpodautoscalers',
  group: 'autoscaling',
  version: 'v2',
  kind: 'HorizontalPodAutoscaler',
  listKind: 'HorizontalPodAutoscalerList',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  subresources: ['status'],
  fieldLabels: [],
  columns: [
    NAME_COLUMN,
    column('Reference', 'string', 'scaleTargetRef: the resource to scale.'),
    column('Targets', 'string', 'metrics: current and target value of each metric.'),
    column('MinPods', 'string', 'minReplicas: the lower limit of the replica count.'),
    column('MaxPods', 'integer', 'maxReplicas: the upper limit of the replica count.'),
    column('Replicas', 'integer', 'currentReplicas, as last seen by the autoscaler.'),
    AGE_COLUMN,
  ],
  row(object, nowMs) {
    const spec = object.spec as {
      scaleTargetRef: { kind: string; name: string };
      minReplicas?: number;
      maxReplicas: number;
    };
    const status = object.status as { currentReplicas?: number };
    return [
      object.metadata.name,
      `${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}`,
      hpaTargets(object),
      spec.minReplicas === undefined ? '<unset>' : String(spec.minReplicas),
      spec.maxReplicas,
      status.currentReplicas ?? 0,
      age(object, nowMs),
    ];
  },
};
