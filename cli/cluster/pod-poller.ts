// Without Prometheus: polls the pods of the namespace through the Kubernetes API (official
// @kubernetes/client-node, the same kubeconfig and context as the watcher) and keeps, per pod, its
// restart count and whether its last termination was OOMKilled. Needs `list` on pods.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { SeriesPoint } from './types.ts';

export interface PodStatusLike {
  metadata?: { name?: string };
  status?: { containerStatuses?: { restartCount?: number; lastState?: { terminated?: { reason?: string } } }[] };
}

export interface PodObservations {
  restarts: Map<string, SeriesPoint[]>;
  oomReasons: Map<string, SeriesPoint[]>;
  /** Successful polls. */
  polls: number;
  errors: string[];
}

export const emptyObservations = (): PodObservations => ({
  restarts: new Map(),
  oomReasons: new Map(),
  polls: 0,
  errors: [],
});

/** Adds one poll's pods at time t. Pure apart from mutating `obs`. */
export function observePods(obs: PodObservations, pods: readonly PodStatusLike[], t: number): void {
  obs.polls += 1;
  for (const pod of pods) {
    const name = pod.metadata?.name;
    if (!name) continue;
    const statuses = pod.status?.containerStatuses ?? [];
    const restarts = statuses.reduce((s, c) => s + (c.restartCount ?? 0), 0);
    const oom = statuses.some((c) => c.lastState?.terminated?.reason === 'OOMKilled');
    push(obs.restarts, name, [t, restarts]);
    if (oom) push(obs.oomReasons, name, [t, 1]);
  }
}

function push(map: Map<string, SeriesPoint[]>, key: string, p: SeriesPoint): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

export interface PodPoller {
  stop(): Promise<PodObservations>;
}

/** Error text with nothing that could hold a credential. */
function errText(err: unknown): string {
  const e = err as { code?: number | string; statusCode?: number; message?: string };
  const status = e.code ?? e.statusCode;
  return typeof status === 'number' ? `HTTP ${status}` : (e.message ?? String(err)).split('\n')[0]!.slice(0, 200);
}

export function startPodPoller(o: {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  intervalMs: number;
}): PodPoller {
  const obs = emptyObservations();
  let api: CoreV1Api;
  try {
    const kc = new KubeConfig();
    if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
    else kc.loadFromDefault();
    if (o.context) kc.setCurrentContext(o.context);
    api = kc.makeApiClient(CoreV1Api);
  } catch (err) {
    obs.errors.push(`pods not polled: ${errText(err)}`);
    return { stop: async () => obs };
  }
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const poll = (): Promise<void> =>
    api.listNamespacedPod({ namespace: o.namespace }).then(
      (list) => observePods(obs, list.items as PodStatusLike[], Date.now()),
      (err: unknown) => {
        if (obs.errors.length < 5) obs.errors.push(`listing pods: ${errText(err)}`);
      },
    );
  inFlight = poll();
  const timer = setInterval(() => {
    if (!stopped) inFlight = inFlight.then(poll);
  }, o.intervalMs);
  timer.unref();
  let stopping: Promise<PodObservations> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        clearInterval(timer);
        await inFlight;
        await poll(); // the state at the end of the run
        return obs;
      })()),
  };
}
