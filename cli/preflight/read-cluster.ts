// Reads what the checklist needs from the cluster with the official @kubernetes/client-node (so
// kubeconfig auth plugins work as with kubectl): Deployments, StatefulSets, HPAs, PDBs and Ingresses
// in Aurora's namespace, and metrics.k8s.io PodMetrics. A thin shell: each list is read on its own,
// and a refusal (403) is recorded with the verb and resource it needed, never thrown.
import {
  AppsV1Api,
  AutoscalingV2Api,
  CustomObjectsApi,
  KubeConfig,
  NetworkingV1Api,
  PolicyV1Api,
} from '@kubernetes/client-node';
import type { ClusterSnapshot, Hpa, Ingress, Pdb, Readout, Workload } from './snapshot.ts';

export interface KubeAccess {
  kubeconfig?: string;
  context?: string;
  namespace: string;
}

export function loadKubeConfig(o: KubeAccess): KubeConfig {
  const kc = new KubeConfig();
  if (o.kubeconfig) kc.loadFromFile(o.kubeconfig);
  else kc.loadFromDefault();
  if (o.context) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(o.context))
      throw new Error(`kubeconfig has no context "${o.context}" (contexts: ${names.join(', ') || 'none'})`);
    kc.setCurrentContext(o.context);
  }
  if (!kc.getCurrentCluster())
    throw new Error('kubeconfig has no current cluster; set kubernetes.context in the env file');
  return kc;
}

/** Runs one list; a 403 becomes `forbidden` with what was needed, anything else an error line (no credentials). */
async function readList<T>(
  what: { resource: string; group: string },
  list: () => Promise<{ items?: unknown[] }>,
  shape: (o: unknown) => T,
): Promise<Readout<T>> {
  try {
    const answer = await list();
    return { ok: true, items: (answer.items ?? []).map(shape) };
  } catch (err) {
    const e = err as { code?: number; message?: string };
    if (e.code === 403) return { ok: false, forbidden: { verb: 'list', ...what } };
    if (e.code === 404)
      return {
        ok: false,
        error: `${what.group ? `${what.resource}.${what.group}` : what.resource} is not served (404)`,
      };
    return { ok: false, error: e.code ? `HTTP ${e.code}` : (e.message ?? String(err)).split('\n')[0]!.slice(0, 200) };
  }
}

const asWorkload = (kind: Workload['kind']) => (o: unknown) => ({ ...(o as Workload), kind });
const as = <T>(o: unknown) => o as T;

export async function readCluster(o: KubeAccess): Promise<Omit<ClusterSnapshot, 'prometheus'>> {
  const kc = loadKubeConfig(o);
  const namespace = o.namespace;
  const apps = kc.makeApiClient(AppsV1Api);
  const autoscaling = kc.makeApiClient(AutoscalingV2Api);
  const policy = kc.makeApiClient(PolicyV1Api);
  const networking = kc.makeApiClient(NetworkingV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const [deployments, statefulsets, hpas, pdbs, ingresses, podMetrics] = await Promise.all([
    readList(
      { resource: 'deployments', group: 'apps' },
      () => apps.listNamespacedDeployment({ namespace }),
      asWorkload('Deployment'),
    ),
    readList(
      { resource: 'statefulsets', group: 'apps' },
      () => apps.listNamespacedStatefulSet({ namespace }),
      asWorkload('StatefulSet'),
    ),
    readList(
      { resource: 'horizontalpodautoscalers', group: 'autoscaling' },
      () => autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }),
      as<Hpa>,
    ),
    readList(
      { resource: 'poddisruptionbudgets', group: 'policy' },
      () => policy.listNamespacedPodDisruptionBudget({ namespace }),
      as<Pdb>,
    ),
    readList(
      { resource: 'ingresses', group: 'networking.k8s.io' },
      () => networking.listNamespacedIngress({ namespace }),
      as<Ingress>,
    ),
    readList(
      { resource: 'pods', group: 'metrics.k8s.io' },
      () =>
        custom.listNamespacedCustomObject({
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          namespace,
          plural: 'pods',
        }) as Promise<{
          items?: unknown[];
        }>,
      (p) => ({ name: (p as { metadata?: { name?: string } }).metadata?.name ?? '' }),
    ),
  ]);
  return { namespace, deployments, statefulsets, hpas, pdbs, ingresses, podMetrics };
}
