// The rest of Aurora's Helm chart as API objects, besides what the simulated cluster runs: the
// celery-beat Deployment, the postgres and redis StatefulSets, the chatbot's Ingress (ingress-nginx
// cookie affinity, as the chart annotates it) and a PodDisruptionBudget per scaled Deployment. They
// do no work in the simulator; they are what a scaling-readiness preflight reads, and the
// misconfiguration faults (beat-replicas, no-affinity, no-pdb, db-max-connections) change them. Pure.
import { AURORA_DEPLOYMENTS, RELEASE } from '../cluster/names.ts';
import type { FaultConfig } from '../faults/config.ts';
import { type KubeObject, rfc3339, uid } from './objects.ts';

/** The part of the fault state that changes how the cluster is configured. */
export type Misconfig = Pick<FaultConfig, 'beatReplicas' | 'noAffinity' | 'noRequests' | 'noPdb' | 'dbMaxConnections'>;

export const CELERY_BEAT = `${RELEASE}-celery-beat`;
export const POSTGRES = `${RELEASE}-postgres`;
export const REDIS = `${RELEASE}-redis`;
export const CHATBOT_INGRESS = `${RELEASE}-chatbot`;
/** Postgres' own default max_connections, which the chart keeps. */
export const POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;

export interface Workloads {
  deployments: KubeObject[];
  statefulsets: KubeObject[];
  ingresses: KubeObject[];
  poddisruptionbudgets: KubeObject[];
}

function labels(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': `aurora-${component}`, 'app.kubernetes.io/instance': RELEASE };
}

function meta(
  namespace: string,
  resource: string,
  name: string,
  createdMs: number,
  extra: Record<string, unknown> = {},
) {
  return { name, namespace, uid: uid(namespace, resource, name), creationTimestamp: rfc3339(createdMs), ...extra };
}

function container(name: string, image: string, cpu: string, memory: string, memoryLimit: string, args?: string[]) {
  return {
    name,
    image,
    ...(args ? { args } : {}),
    resources: { limits: { memory: memoryLimit }, requests: { cpu, memory } },
  };
}

function statefulSet(ns: string, createdMs: number, component: string, c: ReturnType<typeof container>): KubeObject {
  const name = `${RELEASE}-${component}`;
  const l = labels(component);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(ns, 'statefulsets', name, createdMs, { labels: l, generation: 1 }),
    spec: {
      replicas: 1,
      serviceName: name,
      selector: { matchLabels: l },
      template: { metadata: { labels: l }, spec: { containers: [c] } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      readyReplicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
    },
  };
}

function beat(ns: string, createdMs: number, replicas: number): KubeObject {
  const l = labels('celery-beat');
  const status: Record<string, unknown> = { observedGeneration: 1 };
  if (replicas > 0)
    Object.assign(status, {
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(ns, 'deployments', CELERY_BEAT, createdMs, {
      labels: l,
      generation: 1,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    }),
    spec: {
      replicas,
      selector: { matchLabels: l },
      template: {
        metadata: { labels: l },
        spec: {
          containers: [
            container('celery-beat', 'aurora-sim/aurora-server:sim', '50m', '256Mi', '512Mi', [
              'celery',
              '-A',
              'celery_config',
              'beat',
            ]),
          ],
        },
      },
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status,
  };
}

function chatbotIngress(ns: string, createdMs: number, affinity: boolean): KubeObject {
  const annotations: Record<string, string> = {
    'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
  };
  if (affinity) {
    annotations['nginx.ingress.kubernetes.io/affinity'] = 'cookie';
    annotations['nginx.ingress.kubernetes.io/affinity-mode'] = 'persistent';
    annotations['nginx.ingress.kubernetes.io/session-cookie-name'] = 'aurora-ws-affinity';
    annotations['nginx.ingress.kubernetes.io/session-cookie-max-age'] = '3600';
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(ns, 'ingresses', CHATBOT_INGRESS, createdMs, {
      labels: labels('chatbot'),
      generation: 1,
      annotations,
    }),
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'ws.aurora.local',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: AURORA_DEPLOYMENTS.chatbot, port: { number: 5006 } } },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } },
  };
}

function pdb(ns: string, createdMs: number, deployment: string, component: string): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(ns, 'poddisruptionbudgets', deployment, createdMs, { labels: labels(component), generation: 1 }),
    spec: { minAvailable: 1, selector: { matchLabels: labels(component) } },
    status: { observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 },
  };
}

/** The chart's other objects in `namespace`, as the misconfiguration state leaves them. */
export function renderWorkloads(namespace: string, createdMs: number, m: Misconfig): Workloads {
  const maxConnections = m.dbMaxConnections ?? POSTGRES_DEFAULT_MAX_CONNECTIONS;
  return {
    deployments: [beat(namespace, createdMs, m.beatReplicas)],
    statefulsets: [
      statefulSet(
        namespace,
        createdMs,
        'postgres',
        container('postgres', 'postgres:15-alpine', '250m', '512Mi', '2Gi', [
          'postgres',
          '-c',
          `max_connections=${maxConnections}`,
        ]),
      ),
      statefulSet(
        namespace,
        createdMs,
        'redis',
        container('redis', 'redis:7-alpine', '100m', '256Mi', '1Gi', [
          'redis-server',
          '--maxmemory',
          '768mb',
          '--maxmemory-policy',
          'allkeys-lru',
        ]),
      ),
    ],
    ingresses: [chatbotIngress(namespace, createdMs, !m.noAffinity)],
    poddisruptionbudgets: m.noPdb
      ? []
      : [
          pdb(namespace, createdMs, AURORA_DEPLOYMENTS.server, 'server'),
          pdb(namespace, createdMs, AURORA_DEPLOYMENTS.celeryWorker, 'celery-worker'),
          pdb(namespace, createdMs, AURORA_DEPLOYMENTS.chatbot, 'chatbot'),
        ],
  };
}
