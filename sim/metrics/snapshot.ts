/**
 * Reads the running simulator's parts into what the resource model and the exporters need:
 * one PodProbe per pod (its in-flight work and DB connections) and the ClusterSnapshot.
 */
import type { Cluster } from '../cluster/cluster.ts';
import { AURORA_DEPLOYMENTS } from '../cluster/names.ts';
import type { Ingress } from '../ingress/ingress.ts';
import type { CeleryQueue } from '../rca/queue.ts';
import type { ClusterSnapshot } from './families.ts';
import { parseQuantity } from './quantity.ts';
import { POSTGRES, REDIS, type ModelInput, type PodProbe, type ResourceModel } from './resource-model.ts';

export interface SimParts {
  cluster: Cluster;
  ingress: Ingress;
  queue: CeleryQueue;
  /** Chat sessions stored (Redis keeps their state). */
  sessions: () => number;
  /** The `db-pool` fault's n, or null. */
  dbPool: () => number | null;
}

/** Backlog entries weigh a little: a parsed request waiting for a thread. */
const BACKLOG_WORK = 0.02;

export function probePods(p: SimParts): PodProbe[] {
  const running = p.queue.workerStats();
  const probes: PodProbe[] = [];
  for (const deployment of p.cluster.deploymentNames()) {
    for (const pod of p.cluster.pods(deployment)) {
      const base = { name: pod.name, deployment, ready: pod.ready };
      if (deployment === AURORA_DEPLOYMENTS.server) {
        const s = p.ingress.serverPods.get(pod.name);
        probes.push({
          ...base,
          work: s ? s.inFlight + BACKLOG_WORK * s.backlogLength : 0,
          dbInUse: s?.dbConnectionsInUse ?? 0,
          dbHighWater: s?.takeDbHighWater(),
          dbPoolSize: p.dbPool() ?? POSTGRES.serverPoolPerPod,
        });
      } else if (deployment === AURORA_DEPLOYMENTS.celeryWorker) {
        // A task's DB sessions are short next to its minutes of LLM calls: not counted as connections.
        probes.push({ ...base, work: running[pod.name]?.running ?? 0, dbInUse: 0 });
      } else {
        probes.push({ ...base, work: p.ingress.chatbotPods.get(pod.name)?.connections ?? 0, dbInUse: 0 });
      }
    }
  }
  return probes;
}

export function modelInput(p: SimParts): ModelInput {
  return { pods: probePods(p), queueDepth: p.queue.depth, sessions: p.sessions() };
}

const bytesOf = (q: string | undefined): number | undefined => (q === undefined ? undefined : parseQuantity(q));

export function memoryLimitOf(cluster: Cluster, deployment: string): number | undefined {
  return bytesOf(cluster.deployment(deployment).spec.memoryLimit);
}

export function clusterSnapshot(p: SimParts, model: ResourceModel): ClusterSnapshot {
  const { cluster } = p;
  const probes = new Map(model.probes.map((x) => [x.name, x]));
  const deployments = cluster.deploymentNames().map((name) => {
    const d = cluster.deployment(name);
    return {
      name,
      container: d.spec.container ?? name,
      image: d.spec.image ?? 'aurora-sim:sim',
      specReplicas: d.replicas,
      cpuRequestCores: d.spec.cpuRequestMillicores / 1000,
      cpuLimitCores: d.spec.cpuLimitMillicores === undefined ? undefined : d.spec.cpuLimitMillicores / 1000,
      memoryRequestBytes: bytesOf(d.spec.memoryRequest),
      memoryLimitBytes: bytesOf(d.spec.memoryLimit),
      pods: d.pods.map((pod) => {
        const probe = probes.get(pod.name) ?? {
          name: pod.name,
          deployment: name,
          ready: pod.ready,
          work: 0,
          dbInUse: 0,
        };
        return {
          name: pod.name,
          ready: pod.ready,
          restarts: pod.restarts ?? 0,
          lastTerminatedReason: pod.lastTerminated?.reason,
          cpuSeconds: model.cpuSeconds(pod.name),
          memoryBytes: model.memoryBytes({ ...probe, ready: pod.ready }),
        };
      }),
    };
  });
  const hpas = cluster.hpaNames().map((name) => {
    const h = cluster.hpa(name);
    return {
      name,
      current: h.status.currentReplicas,
      desired: h.status.desiredReplicas,
      min: h.spec.minReplicas,
      max: h.spec.maxReplicas,
    };
  });
  const db = model.dbConnections();
  return {
    namespace: cluster.namespace,
    node: 'aurora-sim-node',
    deployments,
    hpas,
    celery: { queueLength: p.queue.depth, activeWorkers: p.queue.workerCount },
    postgres: { datname: POSTGRES.datname, active: db.active, idle: db.idle, maxConnections: POSTGRES.maxConnections },
    redis: {
      usedBytes: model.redisUsedBytes(),
      maxBytes: REDIS.maxBytes,
      connectedClients: p.queue.workerCount + p.ingress.serverPods.size,
    },
  };
}
