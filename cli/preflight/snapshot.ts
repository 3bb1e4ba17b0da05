// What the preflight read from the cluster (and Prometheus), as plain data: each list either read,
// refused by RBAC (with the verb and resource that were needed) or failed. The checks (checks/) are
// pure functions of this snapshot; read-cluster.ts fills it through @kubernetes/client-node.

/** A list the preflight tried to read. */
export type Readout<T> =
  | { ok: true; items: T[] }
  | { ok: false; forbidden: { verb: string; resource: string; group: string } }
  | { ok: false; error: string };

export interface Container {
  name: string;
  args?: string[];
  command?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface Meta {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Deployment or a StatefulSet. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  metadata: Meta;
  spec: {
    replicas?: number;
    template: {
      metadata?: { labels?: Record<string, string> };
      spec: {
        containers: Container[];
        affinity?: { podAntiAffinity?: unknown };
        topologySpreadConstraints?: unknown[];
      };
    };
  };
}

export interface Hpa {
  metadata: Meta;
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: { type: string; resource?: { name: string } }[];
  };
}

export interface Pdb {
  metadata: Meta;
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
}

export interface Ingress {
  metadata: Meta;
  spec: {
    rules?: { host?: string; http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
    defaultBackend?: { service?: { name?: string } };
  };
}

/** Prometheus, when the env file names one. Values are undefined when the series is absent. */
export interface PrometheusReadout {
  url: string;
  /** Error text when Prometheus did not answer. */
  error?: string;
  pgMaxConnections?: number;
  redisMaxmemory?: number;
}

export interface ClusterSnapshot {
  namespace: string;
  deployments: Readout<Workload>;
  statefulsets: Readout<Workload>;
  hpas: Readout<Hpa>;
  pdbs: Readout<Pdb>;
  ingresses: Readout<Ingress>;
  /** metrics.k8s.io PodMetrics in the namespace: how many pods it reports. */
  podMetrics: Readout<{ name: string }>;
  prometheus?: PrometheusReadout;
}

/** The items of a readout, or undefined when it was not read. */
export function itemsOf<T>(r: Readout<T>): T[] | undefined {
  return r.ok ? r.items : undefined;
}

/** Why a readout has no items: the permission that is missing, or the error. */
export function whyUnread(r: Readout<unknown>): string {
  if (r.ok) return '';
  if ('forbidden' in r) {
    const { verb, resource, group } = r.forbidden;
    return `forbidden: needs "${verb}" on ${group ? `${resource}.${group}` : resource}`;
  }
  return r.error;
}

/** The RBAC fix for an unread readout. */
export function accessFix(r: Readout<unknown>, namespace: string): string | undefined {
  if (r.ok || !('forbidden' in r)) return undefined;
  const { verb, resource, group } = r.forbidden;
  return `grant the kubeconfig user "${verb}" on ${resource} (apiGroup "${group}") in namespace ${namespace} (a Role and RoleBinding)`;
}
