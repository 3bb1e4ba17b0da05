// core/v1 Events for the cluster's rescales, as the real controllers record them:
// - the HPA controller: "SuccessfulRescale" on the HorizontalPodAutoscaler,
//   message "New size: 4; reason: cpu resource utilization (percentage of request) above target";
// - the deployment controller: "ScalingReplicaSet" on the Deployment,
//   message "Scaled up replica set aurora-oss-server-<hash> from 2 to 4".
// `kubectl describe hpa|deploy` lists them under "Events:". Timestamps are simulated, like every
// other timestamp the API serves. Events are kept for the simulator's life (no 1 h TTL).
import type { Cluster, ScaledEvent } from '../cluster/cluster.ts';
import { type KubeObject, rfc3339, uid } from './objects.ts';

interface Involved {
  kind: string;
  apiVersion: string;
  resource: string;
  name: string;
}

/** One Event object; `seq` keeps names unique, as kube's "<object>.<hex nanoseconds>". */
export function renderEvent(
  namespace: string,
  involved: Involved,
  e: { reason: string; message: string; component: string; epochMs: number; seq: number },
): KubeObject {
  const at = rfc3339(e.epochMs);
  const name = `${involved.name}.${(BigInt(Math.floor(e.epochMs)) * 1_000_000n + BigInt(e.seq)).toString(16)}`;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace, uid: uid(namespace, 'events', name), creationTimestamp: at },
    involvedObject: {
      kind: involved.kind,
      namespace,
      name: involved.name,
      uid: uid(namespace, involved.resource, involved.name),
      apiVersion: involved.apiVersion,
    },
    reason: e.reason,
    message: e.message,
    source: { component: e.component },
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: e.component,
    reportingInstance: '',
  };
}

/** The two Events one rescale produces: the HPA's and the Deployment's. */
export function rescaleEvents(cluster: Cluster, s: ScaledEvent, seq: number): KubeObject[] {
  const ns = cluster.namespace;
  const epochMs = cluster.epochMs(s.at);
  const replicaSet = `${s.deployment}-${cluster.deployment(s.deployment).templateHash}`;
  return [
    renderEvent(
      ns,
      {
        kind: 'HorizontalPodAutoscaler',
        apiVersion: 'autoscaling/v2',
        resource: 'horizontalpodautoscalers',
        name: s.hpa,
      },
      {
        reason: 'SuccessfulRescale',
        message: `New size: ${s.to}; reason: ${s.reason}`,
        component: 'horizontal-pod-autoscaler',
        epochMs,
        seq,
      },
    ),
    renderEvent(
      ns,
      { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', name: s.deployment },
      {
        reason: 'ScalingReplicaSet',
        message: `Scaled ${s.to > s.from ? 'up' : 'down'} replica set ${replicaSet} from ${s.from} to ${s.to}`,
        component: 'deployment-controller',
        epochMs,
        seq: seq + 1,
      },
    ),
  ];
}
