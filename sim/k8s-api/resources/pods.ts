// v1 Pods: discovery entry, field selectors and `kubectl get pods` columns
// (NAME READY STATUS RESTARTS AGE; -o wide adds IP NODE NOMINATED NODE READINESS GATES).
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface ContainerStatus {
  ready: boolean;
  restartCount: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
}
interface PodShape {
  spec: { containers: unknown[]; nodeName?: string };
  status: { phase?: string; reason?: string; podIP?: string; containerStatuses?: ContainerStatus[] };
}

/** kubectl's STATUS: the phase, or a waiting/terminated container's reason (ContainerCreating, …). */
export function podStatusReason(object: { status: PodShape['status'] }): string {
  let reason = object.status.reason || object.status.phase || 'Unknown';
  for (const c of object.status.containerStatuses ?? []) {
    const r = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (r) reason = r;
  }
  return reason;
}

export const PODS: ResourceDef = {
  resource: 'pods',
  group: '',
  version: 'v1',
  kind: 'Pod',
  listKind: 'PodList',
  singular: 'pod',
  shortNames: ['po'],
  subresources: ['status', 'log'],
  fieldLabels: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'How many times the containers in this pod have been restarted.'),
    AGE_COLUMN,
    column('IP', 'string', 'IP address allocated to the pod.', 1),
    column('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    column('Nominated Node', 'string', 'nominatedNodeName: set while this pod preempts others.', 1),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as PodShape;
    const containers = status.containerStatuses ?? [];
    const restarts = containers.reduce((n, c) => n + c.restartCount, 0);
    return [
      object.metadata.name,
      `${containers.filter((c) => c.ready).length}/${spec.containers.length}`,
      podStatusReason({ status }),
      String(restarts),
      age(object, nowMs),
      status.podIP ?? '<none>',
      spec.nodeName ?? '<none>',
      '<none>',
      '<none>',
    ];
  },
};
