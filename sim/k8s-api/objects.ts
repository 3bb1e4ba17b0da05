// Renders the simulated cluster as Kubernetes API objects (apps/v1 Deployment, autoscaling/v2
// HorizontalPodAutoscaler, v1 Pod), in the JSON shape the API server returns: zero-valued
// `omitempty` fields left out, timestamps RFC 3339 to the second, quantities as strings.
// Timestamps are simulated: cluster.startEpochMs + simulated ms, so the gap between two
// lastScaleTime values is the simulated gap (e.g. 60 s between scale-ups at any time scale).
import { createHash } from 'node:crypto';
import type { Cluster, PodView } from '../cluster/cluster.ts';
import type { HpaCondition } from '../cluster/hpa-controller.ts';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> } & Record<
    string,
    unknown
  >;
} & Record<string, unknown>;

export function rfc3339(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A stable UID per object, so a restarted simulator with the same seed shows the same UIDs. */
export function uid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function millicpu(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

function resources(spec: {
  cpuRequestMillicores: number;
  memoryRequest?: string;
  cpuLimitMillicores?: number;
  memoryLimit?: string;
}) {
  const requests: Record<string, string> = { cpu: millicpu(spec.cpuRequestMillicores) };
  if (spec.memoryRequest) requests.memory = spec.memoryRequest;
  const limits: Record<string, string> = {};
  if (spec.cpuLimitMillicores) limits.cpu = millicpu(spec.cpuLimitMillicores);
  if (spec.memoryLimit) limits.memory = spec.memoryLimit;
  return Object.keys(limits).length > 0 ? { limits, requests } : { requests };
}

function labelsOf(cluster: Cluster, deployment: string): Record<string, string> {
  return cluster.deployment(deployment).spec.labels ?? { app: deployment };
}

function withoutZero<T extends Record<string, unknown>>(obj: T): T {
  for (const key of Object.keys(obj)) if (obj[key] === 0 || obj[key] === undefined) delete obj[key];
  return obj;
}

/** The chart's pod spread: one zone skew at most, scheduled anyway (a single-node cluster still runs). */
function spreadOf(labels: Record<string, string>) {
  return [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: labels },
    },
  ];
}

/** The container's resources, or none under the `no-requests=<deployment>` misconfiguration. */
function resourcesOf(d: { spec: Parameters<typeof resources>[0] }, deployment: string, noRequests: readonly string[]) {
  return noRequests.includes(deployment) ? {} : resources(d.spec);
}

export function renderDeployment(cluster: Cluster, name: string, noRequests: readonly string[] = []): KubeObject {
  const d = cluster.deployment(name);
  const labels = labelsOf(cluster, name);
  const total = d.pods.length;
  const ready = d.pods.filter((p) => p.ready).length;
  // Default RollingUpdate maxUnavailable is 25%, rounded down: the Available condition's threshold.
  const minAvailable = d.replicas - Math.floor(d.replicas * 0.25);
  const available = ready >= minAvailable;
  const since = rfc3339(cluster.startEpochMs);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: cluster.namespace,
      uid: uid(cluster.namespace, 'deployments', name),
      generation: d.generation,
      creationTimestamp: since,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: d.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: d.spec.container ?? name,
              image: d.spec.image ?? 'aurora-sim:sim',
              resources: resourcesOf(d, name, noRequests),
            },
          ],
          topologySpreadConstraints: spreadOf(labels),
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: withoutZero({
      observedGeneration: d.generation,
      replicas: total,
      updatedReplicas: total,
      readyReplicas: ready,
      availableReplicas: ready,
      unavailableReplicas: Math.max(0, total - ready),
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          lastUpdateTime: since,
          lastTransitionTime: since,
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${name}-${d.templateHash}" has successfully progressed.`,
          lastUpdateTime: since,
          lastTransitionTime: since,
        },
      ],
    }),
  };
}

function renderCondition(cluster: Cluster, c: HpaCondition) {
  return {
    type: c.type,
    status: c.status,
    lastTransitionTime: rfc3339(cluster.epochMs(c.lastTransitionTime)),
    reason: c.reason,
    message: c.message,
  };
}

export function renderHpa(cluster: Cluster, name: string): KubeObject {
  const { spec, status } = cluster.hpa(name);
  const behavior = spec.behavior
    ? Object.fromEntries(
        (['scaleUp', 'scaleDown'] as const)
          .filter((dir) => spec.behavior?.[dir])
          .map((dir) => {
            const r = spec.behavior![dir]!;
            const rules: Record<string, unknown> = {};
            if (r.stabilizationWindowSeconds !== undefined)
              rules.stabilizationWindowSeconds = r.stabilizationWindowSeconds;
            // The API server fills selectPolicy (and default policies) on write.
            rules.selectPolicy = r.selectPolicy ?? 'Max';
            rules.policies =
              r.policies ??
              (dir === 'scaleUp'
                ? [
                    { type: 'Pods', value: 4, periodSeconds: 15 },
                    { type: 'Percent', value: 100, periodSeconds: 15 },
                  ]
                : [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
            return [dir, rules];
          }),
      )
    : undefined;
  const renderedStatus: Record<string, unknown> = {};
  if (status.lastScaleTime !== undefined) renderedStatus.lastScaleTime = rfc3339(cluster.epochMs(status.lastScaleTime));
  if (status.currentReplicas !== 0) renderedStatus.currentReplicas = status.currentReplicas;
  renderedStatus.desiredReplicas = status.desiredReplicas;
  if (status.currentMetrics.length > 0) {
    renderedStatus.currentMetrics = status.currentMetrics.map((m) => ({
      type: 'Resource',
      resource: {
        name: 'cpu',
        current: { averageValue: `${m.averageMillicores}m`, averageUtilization: m.averageUtilization },
      },
    }));
  }
  if (status.conditions.length > 0)
    renderedStatus.conditions = status.conditions.map((c) => renderCondition(cluster, c));
  const hpaSpec: Record<string, unknown> = {
    scaleTargetRef: { kind: 'Deployment', name: spec.targetDeployment, apiVersion: 'apps/v1' },
    minReplicas: spec.minReplicas,
    maxReplicas: spec.maxReplicas,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCpuUtilization } },
      },
    ],
  };
  if (behavior) hpaSpec.behavior = behavior;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name,
      namespace: cluster.namespace,
      uid: uid(cluster.namespace, 'horizontalpodautoscalers', name),
      creationTimestamp: rfc3339(cluster.startEpochMs),
      labels: labelsOf(cluster, spec.targetDeployment),
    },
    spec: hpaSpec,
    status: renderedStatus,
  };
}

export function renderPod(cluster: Cluster, pod: PodView, noRequests: readonly string[] = []): KubeObject {
  const d = cluster.deployment(pod.deployment);
  const labels = { ...labelsOf(cluster, pod.deployment), 'pod-template-hash': d.templateHash };
  const created = rfc3339(cluster.epochMs(pod.createdAt));
  const readyTime = pod.readyAt !== undefined ? rfc3339(cluster.epochMs(pod.readyAt)) : created;
  const containerName = d.spec.container ?? pod.deployment;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      generateName: pod.name.slice(0, pod.name.lastIndexOf('-') + 1),
      namespace: cluster.namespace,
      uid: uid(cluster.namespace, 'pods', pod.name),
      creationTimestamp: created,
      labels,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: `${pod.deployment}-${d.templateHash}`,
          uid: uid(cluster.namespace, 'replicasets', `${pod.deployment}-${d.templateHash}`),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      containers: [
        {
          name: containerName,
          image: d.spec.image ?? 'aurora-sim:sim',
          resources: resourcesOf(d, pod.deployment, noRequests),
        },
      ],
      topologySpreadConstraints: spreadOf(labelsOf(cluster, pod.deployment)),
      nodeName: 'aurora-sim-node',
    },
    status: {
      // Scheduled and started at once; "Pending" here stands for "not Ready yet" so that the
      // HPA's unready-pod rule and a watcher's pod phase agree.
      phase: pod.ready ? 'Running' : 'Pending',
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: created },
        { type: 'Ready', status: pod.ready ? 'True' : 'False', lastTransitionTime: readyTime },
        { type: 'ContainersReady', status: pod.ready ? 'True' : 'False', lastTransitionTime: readyTime },
      ],
      startTime: created,
      containerStatuses: [
        {
          name: containerName,
          ready: pod.ready,
          started: pod.ready,
          restartCount: pod.restarts ?? 0,
          image: d.spec.image ?? 'aurora-sim:sim',
          state: pod.ready
            ? { running: { startedAt: readyTime } }
            : { waiting: { reason: pod.lastTerminated ? 'CrashLoopBackOff' : 'ContainerCreating' } },
          ...(pod.lastTerminated
            ? {
                lastState: {
                  terminated: {
                    exitCode: pod.lastTerminated.exitCode,
                    reason: pod.lastTerminated.reason,
                    startedAt: rfc3339(cluster.epochMs(pod.lastTerminated.startedAt)),
                    finishedAt: rfc3339(cluster.epochMs(pod.lastTerminated.at)),
                  },
                },
              }
            : {}),
        },
      ],
    },
  };
}
