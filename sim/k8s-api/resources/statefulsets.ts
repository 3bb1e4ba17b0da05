// apps/v1 StatefulSets (Aurora's postgres and redis): discovery entry and `kubectl get sts` columns
// (NAME READY AGE; -o wide adds CONTAINERS IMAGES).
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface StatefulSetShape {
  spec: { replicas?: number; template: { spec: { containers: { name: string; image: string }[] } } };
  status: { readyReplicas?: number };
}

export const STATEFULSETS: ResourceDef = {
  resource: 'statefulsets',
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  listKind: 'StatefulSetList',
  singular: 'statefulset',
  shortNames: ['sts'],
  subresources: ['status'],
  fieldLabels: [],
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    AGE_COLUMN,
    column('Containers', 'string', 'Names of each container in the template.', 1),
    column('Images', 'string', 'Images referenced by each container in the template.', 1),
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as StatefulSetShape;
    const containers = spec.template.spec.containers;
    return [
      object.metadata.name,
      `${status.readyReplicas ?? 0}/${spec.replicas ?? 0}`,
      age(object, nowMs),
      containers.map((c) => c.name).join(','),
      containers.map((c) => c.image).join(','),
    ];
  },
};
