// Watches the named HPAs and Deployments during a run with the official @kubernetes/client-node
// (KubeConfig + Watch), so kubeconfig auth plugins (EKS/GKE/AKS exec, OIDC) work as with kubectl.
// Records the timeline (timeline.ts) and prints one line per replica-count change. Read-only:
// it needs `watch` on horizontalpodautoscalers (autoscaling) and deployments (apps) in the namespace.
import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { Timeline } from '../verdict/index.ts';
import { newTimeline, onDeployment, onHpa, type DeploymentObject, type HpaObject } from './timeline.ts';

export interface WatcherOptions {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  hpas: string[];
  deployments: string[];
  print: (line: string) => void;
}

export interface K8sWatcher {
  /** Stops watching and returns the timeline (endedAt set). */
  stop(): Promise<Timeline>;
  /** The timeline so far (live object). */
  timeline: Timeline;
}

function loadKubeConfig(o: WatcherOptions): KubeConfig {
  const kc = new KubeConfig();
  if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
  else kc.loadFromDefault();
  if (o.context) {
    if (!kc.getContexts().some((c) => c.name === o.context)) {
      throw new Error(
        `kubeconfig has no context "${o.context}" (contexts: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    }
    kc.setCurrentContext(o.context);
  }
  if (!kc.getCurrentCluster())
    throw new Error('kubeconfig has no current cluster; set kubernetes.context in the env file');
  return kc;
}

/** Error text without anything that could hold a credential (no headers, no URLs with tokens). */
function errText(err: unknown): string {
  if (!err) return 'closed';
  const e = err as { statusCode?: number; code?: string; message?: string };
  return e.statusCode ? `HTTP ${e.statusCode}` : (e.code ?? (e.message ?? String(err)).split('\n')[0].slice(0, 200));
}

export function startWatcher(o: WatcherOptions): K8sWatcher {
  const state = newTimeline(o.namespace, Date.now());
  const note = (msg: string) => state.timeline.notes.push(`${new Date().toISOString()} ${msg}`);
  let kc: KubeConfig;
  try {
    kc = loadKubeConfig(o);
  } catch (err) {
    note(`watcher not started: ${errText(err)}`);
    o.print(`[k8s] watcher not started: ${errText(err)}; the run goes on without a timeline`);
    return { timeline: state.timeline, stop: async () => ({ ...state.timeline, endedAt: Date.now() }) };
  }
  const watch = new Watch(kc);
  const hpas = new Set(o.hpas);
  const deployments = new Set(o.deployments);
  const controllers = new Set<AbortController>();
  let stopped = false;

  const streams: { path: string; handle: (obj: unknown) => void }[] = [
    {
      path: `/apis/autoscaling/v2/namespaces/${o.namespace}/horizontalpodautoscalers`,
      handle: (obj) => {
        const h = obj as HpaObject;
        if (!hpas.has(h.metadata?.name ?? '')) return;
        const line = onHpa(state, h, Date.now());
        if (line) o.print(line);
      },
    },
    {
      path: `/apis/apps/v1/namespaces/${o.namespace}/deployments`,
      handle: (obj) => {
        const d = obj as DeploymentObject;
        if (!deployments.has(d.metadata?.name ?? '')) return;
        for (const line of onDeployment(state, d, Date.now())) o.print(line);
      },
    },
  ];

  const open = (s: (typeof streams)[number], attempt: number): void => {
    if (stopped) return;
    let controller: AbortController | undefined;
    const done = (err: unknown) => {
      if (controller) controllers.delete(controller);
      if (stopped) return;
      // A watch ends normally after the server's timeout; reconnect, backing off on errors (max 10 s).
      const delay = err ? Math.min(10_000, 500 * 2 ** attempt) : 0;
      if (err) note(`${s.path}: ${errText(err)}; reconnecting in ${delay} ms`);
      setTimeout(() => open(s, err ? attempt + 1 : 0), delay).unref();
    };
    watch
      .watch(
        s.path,
        { allowWatchBookmarks: false },
        (phase, obj) => {
          if (phase === 'ADDED' || phase === 'MODIFIED') s.handle(obj);
        },
        done,
      )
      .then((c) => {
        controller = c;
        if (stopped) c.abort();
        else controllers.add(c);
      }, done);
  };
  for (const s of streams) open(s, 0);

  return {
    timeline: state.timeline,
    async stop() {
      stopped = true;
      for (const c of controllers) c.abort();
      controllers.clear();
      return { ...state.timeline, endedAt: Date.now() };
    },
  };
}
