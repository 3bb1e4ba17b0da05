// Loads the kubeconfig a run uses, the way kubectl picks it (kubernetes.kubeconfig, else $KUBECONFIG,
// else ~/.kube/config, else the in-cluster service account), and says what is wrong with it in the
// terms of the env file: the file and where it was named, the context, the fix. Shared by the
// preflight (access-check.ts) and the watcher, so both read the same cluster.
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeTarget {
  /** kubernetes.kubeconfig of the env file; unset: $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  context?: string;
  /** Where the kubeconfig was named, for messages: "kubernetes.kubeconfig in envs/staging.yaml". */
  origin?: string;
}

/** Something the run's own plumbing lacks: what, naming the file/server/permission, and the fix. */
export interface PlumbingProblem {
  message: string;
  fix: string;
}

export type LoadedKubeConfig =
  | { ok: true; kc: KubeConfig; file: string; context: string; server: string }
  | { ok: false; problem: PlumbingProblem };

const fail = (message: string, fix: string): LoadedKubeConfig => ({ ok: false, problem: { message, fix } });

/** The kubeconfig file kubectl would read, and where it was named; null: none (in-cluster or nothing). */
export function kubeconfigFile(
  t: KubeTarget,
  env: Record<string, string | undefined>,
): { path: string; named: string } | null {
  if (t.kubeconfig) return { path: t.kubeconfig, named: t.origin ?? 'kubernetes.kubeconfig' };
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (fromEnv.length) return { path: fromEnv.find((p) => existsSync(p)) ?? fromEnv[0], named: '$KUBECONFIG' };
  const home = env.HOME || homedir();
  const dflt = join(home, '.kube', 'config');
  if (existsSync(dflt) || !env.KUBERNETES_SERVICE_HOST) return { path: dflt, named: 'the default ~/.kube/config' };
  return null;
}

export function loadKubeTarget(t: KubeTarget, env: Record<string, string | undefined> = process.env): LoadedKubeConfig {
  const kc = new KubeConfig();
  const where = kubeconfigFile(t, env);
  const fixPath = t.kubeconfig
    ? `point ${t.origin ?? 'kubernetes.kubeconfig'} at a readable kubeconfig, or remove it to use $KUBECONFIG or ~/.kube/config`
    : 'set kubernetes.kubeconfig in the env file, or export KUBECONFIG=<path of a kubeconfig>';
  if (where) {
    if (!existsSync(where.path)) return fail(`kubeconfig ${where.path} does not exist (${where.named})`, fixPath);
    try {
      accessSync(where.path, constants.R_OK);
    } catch {
      return fail(`kubeconfig ${where.path} is not readable by this user (${where.named})`, fixPath);
    }
    try {
      // Named in the env file: that file. Else kubectl's way, which merges every file in $KUBECONFIG.
      if (t.kubeconfig) kc.loadFromFile(where.path);
      else kc.loadFromDefault();
    } catch (err) {
      return fail(
        `kubeconfig ${where.path} is not a valid kubeconfig (${(err as Error).message.split('\n')[0].slice(0, 160)})`,
        fixPath,
      );
    }
  } else {
    kc.loadFromCluster();
  }
  const file = where?.path ?? 'the in-cluster service account';
  const contexts = kc.getContexts().map((c) => c.name);
  if (t.context) {
    if (!contexts.includes(t.context)) {
      return fail(
        `kubeconfig ${file} has no context "${t.context}" (contexts: ${contexts.join(', ') || 'none'})`,
        `set kubernetes.context to one of them, or add the context (e.g. aws eks update-kubeconfig / gcloud container clusters get-credentials)`,
      );
    }
    kc.setCurrentContext(t.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    return fail(
      `kubeconfig ${file} has no current context with a cluster (contexts: ${contexts.join(', ') || 'none'})`,
      'set kubernetes.context in the env file',
    );
  }
  return { ok: true, kc, file, context: kc.getCurrentContext(), server: cluster.server };
}
