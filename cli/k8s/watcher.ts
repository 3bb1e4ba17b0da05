// Watches the named HPAs and Deployments during a run with the official @kubernetes/client-node
// (KubeConfig + Watch), so kubeconfig auth plugins (EKS/GKE/AKS exec, OIDC) work as with kubectl.
// Records the timeline (timeline.ts) and prints one line per replica-count change. A watcher that
// goes blind (not started, API down, credentials refused, watches failing past retries) says so in
// the terminal when it happens, with the server and path, and records the span in `timeline.blind`
// (blindness.ts). Read-only: it needs `watch` on horizontalpodautoscalers (autoscaling) and
// deployments (apps) in the namespace.
import { Watch } from '@kubernetes/client-node';
import type { Timeline } from '../verdict/index.ts';
import { closeBlindness, newBlindness, streamFailed, streamUp } from './blindness.ts';
import { loadKubeTarget } from './kubeconfig.ts';
import { newTimeline, onDeployment, onHpa, type DeploymentObject, type HpaObject } from './timeline.ts';

export interface WatcherOptions {
  kubeconfig?: string;
  context?: string;
  namespace: string;
  hpas: string[];
  deployments: string[];
  print: (line: string) => void;
  /** The process environment ($KUBECONFIG, $HOME); default process.env. */
  env?: Record<string, string | undefined>;
}

export interface K8sWatcher {
  /** Stops watching and returns the timeline (endedAt and blind set). */
  stop(): Promise<Timeline>;
  /** The timeline so far (live object). */
  timeline: Timeline;
}

/** Error text without anything that could hold a credential (no headers, no URLs with tokens). */
function errText(err: unknown): string {
  if (!err) return 'closed';
  const e = err as { statusCode?: number; code?: string; message?: string };
  return e.statusCode ? `HTTP ${e.statusCode}` : (e.code ?? (e.message ?? String(err)).split('\n')[0].slice(0, 200));
}

/** 401/403: retrying with the same credentials will not help. */
const isFatal = (err: unknown) => [401, 403].includes((err as { statusCode?: number } | null)?.statusCode ?? 0);

export function startWatcher(o: WatcherOptions): K8sWatcher {
  const startedAt = Date.now();
  const state = newTimeline(o.namespace, startedAt);
  const blindness = newBlindness(startedAt);
  const note = (msg: string) => state.timeline.notes.push(`${new Date().toISOString()} ${msg}`);
  const finish = (): Timeline => {
    const endedAt = Date.now();
    return { ...state.timeline, endedAt, blind: closeBlindness(blindness, endedAt) };
  };
  const loaded = loadKubeTarget({ kubeconfig: o.kubeconfig, context: o.context }, o.env ?? process.env);
  if (!loaded.ok) {
    const reason = `watcher not started: ${loaded.problem.message}`;
    note(reason);
    streamFailed(blindness, 'kubeconfig', reason, startedAt, true);
    o.print(`[k8s] WATCHER BLIND: ${reason} (fix: ${loaded.problem.fix}); HPA gates cannot be judged`);
    return { timeline: state.timeline, stop: async () => finish() };
  }
  const server = loaded.server.replace(/\/+$/, '');
  const watch = new Watch(loaded.kc);
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
    let ended = false;
    const done = (err: unknown) => {
      if (ended) return;
      ended = true;
      if (controller) controllers.delete(controller);
      if (stopped) return;
      // A watch ends normally after the server's timeout; reconnect, backing off on errors (max 10 s).
      const delay = err ? Math.min(10_000, 500 * 2 ** attempt) : 0;
      if (err) {
        note(`${s.path}: ${errText(err)}; reconnecting in ${delay} ms`);
        const line = streamFailed(blindness, s.path, `${server}${s.path}: ${errText(err)}`, Date.now(), isFatal(err));
        if (line) {
          note(line);
          o.print(line);
        }
      }
      setTimeout(() => open(s, err ? attempt + 1 : 0), delay).unref();
    };
    watch
      .watch(
        s.path,
        { allowWatchBookmarks: false },
        (phase, obj) => {
          if (phase === 'ADDED' || phase === 'MODIFIED') s.handle(obj);
          else if (phase === 'ERROR') note(`${s.path}: watch error event: ${errText(obj)}`);
        },
        done,
      )
      .then((c) => {
        controller = c;
        if (stopped) return c.abort();
        if (ended) return; // it failed before it connected: done() has scheduled the retry
        controllers.add(c);
        const line = streamUp(blindness, s.path, Date.now());
        if (line) {
          note(line);
          o.print(line);
        }
      }, done);
  };
  for (const s of streams) open(s, 0);

  return {
    timeline: state.timeline,
    async stop() {
      stopped = true;
      for (const c of controllers) c.abort();
      controllers.clear();
      return finish();
    },
  };
}
