// metrics.k8s.io/v1beta1, as metrics-server serves it: PodMetrics (`kubectl top pods`) and its
// discovery documents. Each Ready pod's CPU is its Deployment's current average utilisation of the
// request (what the HPA reads); memory is a fixed share of the request. Computed at each request,
// not stored: metrics-server keeps no history either. Pure, given the cluster.
import type { Cluster } from '../cluster/cluster.ts';
import { rfc3339 } from './objects.ts';

export const METRICS_GROUP = 'metrics.k8s.io';
export const METRICS_VERSION = 'v1beta1';
export const METRICS_GV = `${METRICS_GROUP}/${METRICS_VERSION}`;

export const METRICS_RESOURCE_LIST = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: METRICS_GV,
  resources: [
    { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
    { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
  ],
};

/** PodMetricsList of the namespace, or undefined when the path is not a metrics path this serves. */
export function podMetrics(cluster: Cluster, segments: string[]): unknown {
  // apis metrics.k8s.io v1beta1 [namespaces <ns>] pods
  const rest = segments.slice(3);
  const namespaced = rest[0] === 'namespaces';
  if (namespaced ? rest[2] !== 'pods' || rest.length !== 3 : rest[0] !== 'pods' || rest.length !== 1) return undefined;
  if (namespaced && rest[1] !== cluster.namespace)
    return { kind: 'PodMetricsList', apiVersion: METRICS_GV, metadata: {}, items: [] };
  const now = rfc3339(cluster.epochMs(cluster.clock.now()));
  const items = cluster.deploymentNames().flatMap((name) => {
    const d = cluster.deployment(name);
    const utilisation = cluster.cpuUtilisation(name) ?? 0;
    const millicores = Math.round((utilisation / 100) * d.spec.cpuRequestMillicores);
    return d.pods
      .filter((p) => p.ready)
      .map((p) => ({
        metadata: { name: p.name, namespace: cluster.namespace, creationTimestamp: now },
        timestamp: now,
        window: '15s',
        containers: [
          { name: d.spec.container ?? name, usage: { cpu: `${millicores}m`, memory: d.spec.memoryRequest ?? '128Mi' } },
        ],
      }));
  });
  return { kind: 'PodMetricsList', apiVersion: METRICS_GV, metadata: {}, items };
}
