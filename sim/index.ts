/**
 * aurora-sim: a local Aurora on a simulated Kubernetes (see README.md).
 * This file only wires the parts: clock + cluster (pods, HPAs) + Kubernetes API, the ingress with
 * aurora-server and chatbot pods, the Celery queue with its workers, faults and stats.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { JtiRegistry, wsSigningKey } from './chatbot/jwt.ts';
import { createClock } from './clock.ts';
import { Cluster, helmDefaults } from './cluster/cluster.ts';
import { AURORA_DEPLOYMENTS } from './cluster/names.ts';
import { handleControl } from './control.ts';
import { faultsToSpecs, parseFaults, type FaultConfig } from './faults/parse.ts';
import { Ingress } from './ingress/ingress.ts';
import { createServingTls, startK8sApi, writeKubeconfig } from './k8s-api/server.ts';
import { createLog } from './log.ts';
import { resolveOptions, type SimOptions } from './options.ts';
import { Pipeline } from './rca/pipeline.ts';
import { CeleryQueue } from './rca/queue.ts';
import { RateCap } from './rca/rate-cap.ts';
import { parseRateLimits, RestLimiter } from './server/rate-limiter.ts';
import { createRng } from './rng.ts';
import { CELERY_CPU_MS_PER_SLOT_SECOND } from './server/costs.ts';
import { Store } from './server/store.ts';
import { LagMonitor } from './stats.ts';
import { ResourceModel } from './metrics/resource-model.ts';
import { startMetricsExporter, type MetricsExporter } from './metrics/server.ts';
import { memoryLimitOf, type SimParts } from './metrics/snapshot.ts';

export type { SimOptions } from './options.ts';
export { LOCAL_DEFAULT_SECRET } from './defaults.ts';
export { mintWsToken } from './chatbot/jwt.ts';

export interface RunningSim {
  /** http://127.0.0.1:<port>: REST, and `/__sim/*`. */
  url: string;
  /** ws://127.0.0.1:<port>: the chatbot WebSocket (any path). */
  wsUrl: string;
  /** https://127.0.0.1:<port>: the Kubernetes API, its CA in the kubeconfig. */
  k8sUrl: string;
  /** http://127.0.0.1:<port>: the exporters' `GET /metrics` (cAdvisor, kube-state-metrics, celery, postgres, redis). */
  metricsUrl: string;
  kubeconfigPath: string;
  namespace: string;
  /** Replaces the active faults (crash= specs act once). Throws with every problem listed. */
  setFaults(specs: string[]): void;
  clearFaults(): void;
  stats(): SimStats;
  /** The simulated cluster, for tests and tools in-process. */
  cluster: Cluster;
  close(): Promise<void>;
}

export type SimStats = ReturnType<typeof buildStats>;

/** The RBAC-limited user of the simulator's API (only HPAs), in the kubeconfig context aurora-sim-hpa-reader. */
export const HPA_READER = 'hpa-reader';

const { server: SERVER_DEPLOYMENT, chatbot: CHATBOT_DEPLOYMENT, celeryWorker: CELERY_DEPLOYMENT } = AURORA_DEPLOYMENTS;

function buildStats(d: {
  ingress: Ingress;
  queue: CeleryQueue;
  cluster: Cluster;
  lag: LagMonitor;
  faults: FaultConfig;
  log: ReturnType<typeof createLog>;
}) {
  const server: Record<string, { inFlight: number; backlog: number; served: number }> = {};
  for (const [name, p] of d.ingress.serverPods)
    server[name] = { inFlight: p.inFlight, backlog: p.backlogLength, served: p.served };
  const chatbot: Record<string, { connections: number; turns: number }> = {};
  for (const [name, p] of d.ingress.chatbotPods) chatbot[name] = { connections: p.connections, turns: p.turnsServed };
  const replicas: Record<string, { ready: number; desired: number; cpuUtilisationPct: number | null }> = {};
  for (const name of d.cluster.deploymentNames()) {
    const dep = d.cluster.deployment(name);
    const cpu = d.cluster.cpuUtilisation(name);
    replicas[name] = {
      ready: dep.pods.filter((p) => p.ready).length,
      desired: dep.replicas,
      cpuUtilisationPct: cpu === undefined ? null : Math.round(cpu),
    };
  }
  return {
    eventLoopLag: d.lag.read(),
    requestsServed: d.ingress.requests,
    simTimeMs: Math.round(d.cluster.clock.now()),
    timeScale: d.cluster.clock.timeScale,
    pods: { server, chatbot, celery: d.queue.workerStats() },
    celery: { queueDepth: d.queue.depth, active: d.queue.active, completed: d.queue.completed },
    replicas,
    faults: faultsToSpecs(d.faults),
    rejected: d.log.rejectedCounts(),
  };
}

function listen(server: import('node:http').Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(options: SimOptions = {}): Promise<RunningSim> {
  const o = resolveOptions(options);
  const log = createLog(o.quiet);
  const initial = parseFaults(o.faults);
  if (!initial.ok) throw new Error(`invalid faults:\n  ${initial.errors.join('\n  ')}`);
  let faults = initial.config;
  const getFaults = (): FaultConfig => faults;

  const clock = createClock(o.timeScale);
  const rng = createRng(o.seed);
  const cluster = new Cluster({
    clock,
    seed: o.seed,
    ...helmDefaults(),
    ...(o.podStartupSimMs ? { podStartupMs: o.podStartupSimMs } : {}),
  });
  const model = new ResourceModel({
    memoryLimit: (d) => memoryLimitOf(cluster, d),
    faults: () => faults,
    onOom: (pod) => oomKill(pod),
  });
  const addCpu = (pod: string, cpuMs: number): void => {
    cluster.addCpu(pod, cpuMs);
    model.addCpu(pod, cpuMs);
  };
  const store = new Store();
  const cap = new RateCap(() => clock.now());
  const queue = new CeleryQueue({
    clock,
    addCpu,
    stalled: () => faults.workersStalled,
    cpuMsPerSlotSecond: CELERY_CPU_MS_PER_SLOT_SECOND,
    onError: (kind, err) => log.reject(kind, err),
  });
  const pipeline = new Pipeline({
    store,
    queue,
    cap,
    rng,
    duration: o.rcaDuration,
    costSpike: () => faults.costSpike,
    now: () => clock.now(),
    setSimTimeout: (fn, ms) => void clock.setTimeout(fn, ms),
  });
  const limits = o.rateLimit ? parseRateLimits(o.rateLimit) : [];
  if ('error' in limits) throw new RangeError(limits.error);
  const limiter = limits.length ? new RestLimiter(limits, () => clock.now(), o.rateLimitBypassToken) : undefined;
  const lag = new LagMonitor();
  const secret = Buffer.from(o.secret);

  let ingress: Ingress;
  const stats = () => buildStats({ ingress, queue, cluster, lag, faults, log });
  const applyFaults = (specs: string[]): { crashed: string[] } => {
    const parsed = parseFaults(specs);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const targets = parsed.actions.map((a) => resolveCrashTarget(a.target, ingress, cluster));
    const unknown = targets.find((t) => t.startsWith('!'));
    if (unknown) throw new Error(unknown.slice(1));
    faults = parsed.config;
    cluster.setHpaFrozen(faults.hpaFrozen);
    k8s?.refresh();
    queue.dispatch();
    for (const pod of targets) {
      ingress.crash(pod);
      cluster.crashPod(pod);
    }
    if (targets.length > 0) syncWorkers();
    return { crashed: targets };
  };
  const control = {
    stats,
    faultSpecs: () => faultsToSpecs(faults),
    setFaults: applyFaults,
    clearFaults: () => void applyFaults([]),
  };

  ingress = new Ingress({
    app: {
      store,
      pipeline,
      cap,
      limiter,
      health: () => ({
        celeryWorkers: cluster.readyPods(CELERY_DEPLOYMENT).length,
        chatbotPods: cluster.readyPods(CHATBOT_DEPLOYMENT).length,
      }),
    },
    secret,
    rng,
    faults: getFaults,
    addCpu,
    log,
    bodyLimit: o.bodyLimitBytes,
    chatbot: {
      key: wsSigningKey(o.secret),
      jtis: new JtiRegistry(() => clock.now()),
      simNow: () => clock.now(),
      pingIntervalMs: o.wsPingIntervalMs,
    },
    control: (req, res, path, body) => handleControl(control, req, res, path, body),
  });
  // OOMKilled: whatever the container held is lost at once, then the kubelet restarts it in place.
  const oomKill = (pod: string): void => {
    ingress.crash(pod);
    cluster.restartContainer(pod, 'OOMKilled');
    log.info(`${pod} OOMKilled (memory limit reached); restarting its container`);
  };
  const parts: SimParts = { cluster, ingress, queue, sessions: () => store.sessions.size, dbPool: () => faults.dbPool };
  const syncWorkers = (): void => queue.setWorkers(cluster.readyPods(CELERY_DEPLOYMENT).map((p) => p.name));
  cluster.on('pods', (deployment: string, pods: { name: string }[]) => {
    if (deployment === CELERY_DEPLOYMENT) queue.setWorkers(pods.map((p) => p.name));
    else
      ingress.onPods(
        deployment,
        pods.map((p) => p.name),
      );
  });
  for (const dep of [SERVER_DEPLOYMENT, CHATBOT_DEPLOYMENT])
    ingress.onPods(
      dep,
      cluster.readyPods(dep).map((p) => p.name),
    );
  syncWorkers();
  cluster.setHpaFrozen(faults.hpaFrozen);
  cluster.start();

  const k8sToken = randomBytes(24).toString('hex');
  // A second user that may only read HPAs (its own kubeconfig context), to try clients under RBAC.
  const hpaReader = {
    user: HPA_READER,
    token: randomBytes(24).toString('hex'),
    resources: ['horizontalpodautoscalers'],
  };
  let k8s: Awaited<ReturnType<typeof startK8sApi>> | undefined;
  let exporter: MetricsExporter | undefined;
  let port: number;
  // A CA made for this run signs the API's certificate; the kubeconfig carries the CA (kubectl sends tokens only over TLS).
  let tls: Awaited<ReturnType<typeof createServingTls>>;
  try {
    port = await listen(ingress.server, o.port, o.host);
    tls = await createServingTls();
    k8s = await startK8sApi({
      cluster,
      port: o.k8sPort,
      host: o.host,
      token: k8sToken,
      tls,
      config: getFaults,
      limitedUsers: [hpaReader],
      k6Binary: o.k6Binary,
    });
    exporter = await startMetricsExporter({
      model,
      parts,
      clock,
      port: o.metricsPort,
      host: o.host,
      onError: (err) => log.reject('metrics scrape', err),
    });
  } catch (err) {
    ingress.close();
    ingress.server.close();
    cluster.stop();
    queue.stop();
    lag.stop();
    await k8s?.close();
    await exporter?.close();
    throw err;
  }
  const k8sPortUsed = Number(new URL(k8s.url).port);
  const kubeconfigPath = o.kubeconfigPath ?? join(tmpdir(), 'aurora-sim', `kubeconfig-${k8sPortUsed}.yaml`);
  // The default folder is shared and removed by the last simulator to close: should one remove it
  // between this mkdir and the write, make it again.
  for (let attempt = 1; ; attempt++) {
    mkdirSync(dirname(kubeconfigPath), { recursive: true });
    try {
      writeKubeconfig(kubeconfigPath, {
        server: k8s.url,
        token: k8sToken,
        namespace: cluster.namespace,
        caPem: tls.caPem,
        extraUsers: [{ name: HPA_READER, token: hpaReader.token }],
      });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw err;
    }
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      cluster.stop();
      queue.stop();
      lag.stop();
      ingress.close();
      ingress.server.closeAllConnections();
      await new Promise<void>((r) => ingress.server.close(() => r()));
      await k8s?.close();
      await exporter?.close();
      if (!o.kubeconfigPath) {
        rmSync(kubeconfigPath, { force: true });
        try {
          rmdirSync(dirname(kubeconfigPath)); // the shared default folder, once no simulator uses it
        } catch {
          // another simulator's kubeconfig is still in it
        }
      }
    })();
    return closing;
  };
  if (initial.actions.length > 0) {
    // A crash= naming no pod is only found now; close the ports so the process can exit.
    try {
      applyFaults(o.faults);
    } catch (err) {
      await close();
      throw err;
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    k8sUrl: k8s.url,
    metricsUrl: (exporter as MetricsExporter).url,
    kubeconfigPath,
    namespace: cluster.namespace,
    setFaults: (specs) => void applyFaults(specs),
    clearFaults: () => void applyFaults([]),
    stats,
    cluster,
    close,
  };
}

/** `server` / `chatbot` / `celery` name the first ready pod of that Deployment; else an exact pod name. '!' prefix = error. */
function resolveCrashTarget(target: string, ingress: Ingress, cluster: Cluster): string {
  const alias: Record<string, string> = {
    server: SERVER_DEPLOYMENT,
    chatbot: CHATBOT_DEPLOYMENT,
    celery: CELERY_DEPLOYMENT,
    'celery-worker': CELERY_DEPLOYMENT,
  };
  const dep = alias[target];
  if (dep) {
    const first =
      dep === SERVER_DEPLOYMENT
        ? ingress.serverUpstream.names()[0]
        : dep === CHATBOT_DEPLOYMENT
          ? ingress.chatbotUpstream.names()[0]
          : cluster.readyPods(dep)[0]?.name;
    return first ?? `!crash=${target}: ${dep} has no ready pod to crash`;
  }
  const all = cluster.deploymentNames().flatMap((d) => cluster.pods(d).map((p) => p.name));
  return all.includes(target)
    ? target
    : `!crash=${target}: no such pod; use server, chatbot, celery or one of: ${all.join(', ')}`;
}
