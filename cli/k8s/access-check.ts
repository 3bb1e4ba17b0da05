// The preflight of the watcher's access, before any load: the kubeconfig loads, its context exists,
// the API server answers and accepts the credentials, the named HPAs and Deployments exist in the
// namespace, and the credentials may list and watch them (a list that can 403, then a
// SelfSubjectAccessReview for `watch`). Each problem names the file, server or permission and the
// fix. The judgement is pure (judge* below); the requests go through an injectable ApiRequest.
import { kubeApiRequest, type ApiAnswer, type ApiRequest } from './api-request.ts';
import { loadKubeTarget, type KubeTarget, type PlumbingProblem } from './kubeconfig.ts';

export interface KubeScope {
  namespace: string;
  hpas: string[];
  deployments: string[];
}

export interface WatchedKind {
  label: 'HPA' | 'Deployment';
  group: string;
  version: string;
  resource: string;
  /** The env-file key that names them. */
  key: string;
}

export const WATCHED_KINDS: readonly WatchedKind[] = [
  { label: 'HPA', group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', key: 'kubernetes.hpas' },
  { label: 'Deployment', group: 'apps', version: 'v1', resource: 'deployments', key: 'kubernetes.deployments' },
];

export interface AccessContext {
  server: string;
  context: string;
  file: string;
  namespace: string;
}

const GRANT = (ns: string) =>
  `grant the context get, list and watch on horizontalpodautoscalers (autoscaling) and deployments (apps) in namespace ${ns} (a Role and RoleBinding); check with kubectl auth can-i watch deployments -n ${ns}`;

/** The answer to a list of one kind: null when it is fine, else the problem; `stop` when no later request can do better. */
export function judgeList(
  kind: WatchedKind,
  names: string[],
  answer: ApiAnswer,
  c: AccessContext,
): { problem: PlumbingProblem | null; stop: boolean } {
  const what = `${kind.resource}.${kind.group}`;
  if ('error' in answer) {
    return {
      stop: true,
      problem: {
        message: `Kubernetes API ${c.server} unreachable (${answer.error}); context ${c.context} of ${c.file}`,
        fix: `check the cluster is up and reachable from here (VPN, firewall), e.g. kubectl --context ${c.context} get hpa -n ${c.namespace}`,
      },
    };
  }
  if (answer.status === 401) {
    return {
      stop: true,
      problem: {
        message: `Kubernetes API ${c.server} refused the credentials of context ${c.context} in ${c.file} (401 Unauthorized)`,
        fix: 'renew the credentials (e.g. aws eks update-kubeconfig, gcloud container clusters get-credentials) or fix the token in the kubeconfig',
      },
    };
  }
  if (answer.status === 403) {
    return {
      stop: false,
      problem: {
        message: `context ${c.context} may not list ${what} in namespace ${c.namespace} on ${c.server} (403 Forbidden)`,
        fix: GRANT(c.namespace),
      },
    };
  }
  if (answer.status !== 200) {
    return {
      stop: false,
      problem: {
        message: `Kubernetes API ${c.server} answered ${answer.status} to a list of ${what} in namespace ${c.namespace}`,
        fix:
          answer.status === 404
            ? `the cluster does not serve ${kind.group}/${kind.version} ${kind.resource}; autoscaling/v2 needs Kubernetes 1.23 or newer`
            : `check kubectl --context ${c.context} get ${kind.resource} -n ${c.namespace}`,
      },
    };
  }
  const items = (answer.body as { items?: { metadata?: { name?: string } }[] } | null)?.items ?? [];
  const found = items.map((i) => i.metadata?.name ?? '').filter(Boolean);
  const missing = names.filter((n) => !found.includes(n));
  if (!missing.length) return { stop: false, problem: null };
  return {
    stop: false,
    problem: {
      message: `${kind.label}${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in namespace ${c.namespace} on ${c.server} (found: ${found.join(', ') || 'none'})`,
      fix: `fix ${kind.key} or kubernetes.namespace in the env file`,
    },
  };
}

/** The answer to a SelfSubjectAccessReview for `watch`: a problem only when the server says no. */
export function judgeWatchReview(kind: WatchedKind, answer: ApiAnswer, c: AccessContext): PlumbingProblem | null {
  if ('error' in answer || (answer.status !== 200 && answer.status !== 201)) return null; // cannot tell
  const allowed = (answer.body as { status?: { allowed?: boolean } } | null)?.status?.allowed;
  if (allowed !== false) return null;
  return {
    message: `context ${c.context} may not watch ${kind.resource}.${kind.group} in namespace ${c.namespace} on ${c.server}`,
    fix: GRANT(c.namespace),
  };
}

const listPath = (k: WatchedKind, ns: string) =>
  `/apis/${k.group}/${k.version}/namespaces/${encodeURIComponent(ns)}/${k.resource}`;

const watchReview = (k: WatchedKind, ns: string) => ({
  apiVersion: 'authorization.k8s.io/v1',
  kind: 'SelfSubjectAccessReview',
  spec: { resourceAttributes: { namespace: ns, verb: 'watch', group: k.group, resource: k.resource } },
});

export interface KubeAccessResult {
  problems: PlumbingProblem[];
  /** What was checked, for the one-line summary: "https://… (context staging)". */
  checked?: AccessContext;
}

export async function checkKubeAccess(
  target: KubeTarget,
  scope: KubeScope,
  env: Record<string, string | undefined> = process.env,
  makeRequest: (kc: Parameters<typeof kubeApiRequest>[0]) => ApiRequest = (kc) => kubeApiRequest(kc),
): Promise<KubeAccessResult> {
  const loaded = loadKubeTarget(target, env);
  if (!loaded.ok) return { problems: [loaded.problem] };
  const c: AccessContext = {
    server: loaded.server,
    context: loaded.context,
    file: loaded.file,
    namespace: scope.namespace,
  };
  const request = makeRequest(loaded.kc);
  const problems: PlumbingProblem[] = [];
  for (const kind of WATCHED_KINDS) {
    const names = kind.label === 'HPA' ? scope.hpas : scope.deployments;
    const listed = judgeList(kind, names, await request('GET', listPath(kind, scope.namespace)), c);
    if (listed.problem) problems.push(listed.problem);
    if (listed.stop) return { problems, checked: c };
    if (listed.problem) continue;
    const reviewed = judgeWatchReview(
      kind,
      await request(
        'POST',
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        watchReview(kind, scope.namespace),
      ),
      c,
    );
    if (reviewed) problems.push(reviewed);
  }
  return { problems, checked: c };
}
