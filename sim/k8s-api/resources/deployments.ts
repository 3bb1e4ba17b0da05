// apps/v1 Deployments: discovery entry and `kubectl get deploy` columns
// (NAME READY UP-TO-DATE AVAILABLE AGE; -o wide adds CONTAINERS IMAGES SELECTOR).
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface DeploymentShape {
  spec: {
    replicas?: number;
    selector: { matchLabels?: Record<string, string> };
    template: { spec: { containers: { name: string; image: string }[] } };
  };
  status: { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
}

export const DEPLOYMENTS: ResourceDef = {
  resource: 'deployments',
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  listKind: 'DeploymentList',
  singular: 'deployment',
  shortNames: ['deploy'],
  subresources: ['status'],
  fieldLabels: [],
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'integer', 'Pods that have the desired template spec.'),
    column('Available', 'integer', 'Available pods (ready for at least minReadySeconds).'),
    AGE_COLUMN,
    column('Containers', 'string', 'Names of each container in the template.', 1),
    column('Images', 'string', 'Images referenced by each container in the template.', 1),
    column('Selector', 'string', 'Label selector for pods.', 1),
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as DeploymentShape;
    const containers = spec.template.spec.containers;
    return [
      object.metadata.name,
      `${status.readyReplicas ?? 0}/${spec.replicas ?? 0}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      age(object, nowMs),
      containers.map((c) => c.name).join(','),
      containers.map((c) => c.image).join(','),
      Object.entries(spec.selector.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ];
  },
};
