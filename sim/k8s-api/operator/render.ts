// The objects the simulated k6-operator shows for a TestRun, shaped as a cluster shows them: a
// batch/v1 Job per role (`<testrun>-initializer`, `<testrun>-<i>` for runner i, `<testrun>-starter`)
// owned by the TestRun, and its one v1 Pod (`<job>-<5 chars>`) owned by the Job, labelled
// app=k6, k6_cr=<testrun> (runners also runner=true). The pod's status follows its process:
// Pending (ContainerCreating, or CreateContainerConfigError) -> Running (Ready once the k6 REST API
// answers) -> Succeeded / Failed with the exit code (reason Completed / Error). Env values are
// shown as written in the TestRun (secretRef names, never secret values). Pure.
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../objects.ts';

export type Role = 'initializer' | 'runner' | 'starter';

export interface PodState {
  name: string;
  job: string;
  role: Role;
  /** 1..N for runners. */
  index?: number;
  uid: string;
  jobUid: string;
  command: string[];
  createdMs: number;
  /** Process started (simulated epoch ms). */
  startedMs?: number;
  readyMs?: number;
  finishedMs?: number;
  exitCode?: number;
  /** Why the container is not started (e.g. CreateContainerConfigError). */
  waiting?: { reason: string; message: string };
  /** 127.0.0.1:<port> of a runner's REST API. */
  address?: string;
}

export interface Owner {
  name: string;
  namespace: string;
  uid: string;
}

const NODE = 'aurora-sim-node';

export function podLabels(testrun: string, pod: Pick<PodState, 'role' | 'job' | 'jobUid'>): Record<string, string> {
  return {
    app: 'k6',
    k6_cr: testrun,
    ...(pod.role === 'runner' ? { runner: 'true' } : {}),
    ...(pod.role === 'starter' ? { starter: 'true' } : {}),
    ...(pod.role === 'initializer' ? { initializer: 'true' } : {}),
    'batch.kubernetes.io/controller-uid': pod.jobUid,
    'batch.kubernetes.io/job-name': pod.job,
    'controller-uid': pod.jobUid,
    'job-name': pod.job,
  };
}

function phaseOf(pod: PodState): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (pod.exitCode !== undefined) return pod.exitCode === 0 ? 'Succeeded' : 'Failed';
  return pod.startedMs !== undefined ? 'Running' : 'Pending';
}

function containerState(pod: PodState) {
  if (pod.exitCode !== undefined) {
    return {
      terminated: {
        exitCode: pod.exitCode,
        reason: pod.exitCode === 0 ? 'Completed' : 'Error',
        startedAt: rfc3339(pod.startedMs ?? pod.createdMs),
        finishedAt: rfc3339(pod.finishedMs ?? pod.createdMs),
      },
    };
  }
  if (pod.startedMs !== undefined) return { running: { startedAt: rfc3339(pod.startedMs) } };
  return { waiting: pod.waiting ?? { reason: 'ContainerCreating' } };
}

/** The runner container's spec from spec.runner (or spec.initializer / spec.starter). */
export function containerSpec(podSpec: Record<string, unknown>, command: string[], address?: string) {
  const port = address ? Number(address.slice(address.lastIndexOf(':') + 1)) : undefined;
  return {
    name: 'k6',
    image: (podSpec.image as string | undefined) ?? 'grafana/k6:latest',
    imagePullPolicy: (podSpec.imagePullPolicy as string | undefined) ?? 'IfNotPresent',
    command,
    ...(podSpec.env ? { env: podSpec.env } : {}),
    ...(podSpec.envFrom ? { envFrom: podSpec.envFrom } : {}),
    resources: (podSpec.resources as object | undefined) ?? {},
    ...(port ? { ports: [{ containerPort: port, protocol: 'TCP' }] } : {}),
  };
}

function podTemplateSpec(podSpec: Record<string, unknown>, pod: PodState) {
  return {
    containers: [containerSpec(podSpec, pod.command, pod.address)],
    restartPolicy: 'Never',
    ...(podSpec.nodeSelector ? { nodeSelector: podSpec.nodeSelector } : {}),
    ...(podSpec.tolerations ? { tolerations: podSpec.tolerations } : {}),
    ...(podSpec.affinity ? { affinity: podSpec.affinity } : {}),
    serviceAccountName: (podSpec.serviceAccountName as string | undefined) ?? 'default',
  };
}

export function renderPod(owner: Owner, podSpec: Record<string, unknown>, pod: PodState): KubeObject {
  const ready = pod.readyMs !== undefined && pod.exitCode === undefined;
  const phase = phaseOf(pod);
  const created = rfc3339(pod.createdMs);
  const readySince = rfc3339(pod.readyMs ?? pod.finishedMs ?? pod.createdMs);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: pod.name,
      namespace: owner.namespace,
      uid: pod.uid,
      creationTimestamp: created,
      labels: podLabels(owner.name, pod),
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: pod.job,
          uid: pod.jobUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...podTemplateSpec(podSpec, pod), nodeName: NODE },
    status: {
      phase,
      conditions: [
        { type: 'PodScheduled', status: 'True', lastTransitionTime: created },
        { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readySince },
        { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: readySince },
      ],
      hostIP: '127.0.0.1',
      ...(pod.startedMs !== undefined ? { podIP: '127.0.0.1' } : {}),
      startTime: created,
      containerStatuses: [
        {
          name: 'k6',
          ready,
          started: phase === 'Running',
          restartCount: 0,
          image: (podSpec.image as string | undefined) ?? 'grafana/k6:latest',
          state: containerState(pod),
        },
      ],
    },
  };
}

export function renderJob(owner: Owner, podSpec: Record<string, unknown>, pod: PodState): KubeObject {
  const phase = phaseOf(pod);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const labels = podLabels(owner.name, pod);
  const finished = rfc3339(pod.finishedMs ?? pod.createdMs);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: pod.job,
      namespace: owner.namespace,
      uid: pod.jobUid,
      creationTimestamp: rfc3339(pod.createdMs),
      generation: 1,
      labels: { app: 'k6', k6_cr: owner.name, ...(pod.role === 'runner' ? { runner: 'true' } : {}) },
      ownerReferences: [
        {
          apiVersion: 'k6.io/v1alpha1',
          kind: 'TestRun',
          name: owner.name,
          uid: owner.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': pod.jobUid } },
      template: { metadata: { labels }, spec: podTemplateSpec(podSpec, pod) },
    },
    status: {
      startTime: rfc3339(pod.createdMs),
      ...(done ? {} : { active: 1 }),
      ...(phase === 'Succeeded' ? { succeeded: 1, completionTime: finished } : {}),
      ...(phase === 'Failed' ? { failed: 1 } : {}),
      ...(done
        ? {
            conditions: [
              {
                type: phase === 'Succeeded' ? 'Complete' : 'Failed',
                status: 'True',
                lastProbeTime: finished,
                lastTransitionTime: finished,
                ...(phase === 'Failed'
                  ? { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }
                  : {}),
              },
            ],
          }
        : {}),
      ready: phase === 'Running' && pod.readyMs !== undefined ? 1 : 0,
    },
  };
}
