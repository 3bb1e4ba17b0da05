// The thin @kubernetes/client-node shell of a distributed run: create the Secret, the ConfigMap and
// the TestRun (CustomObjectsApi), read the TestRun's status, its runner pods and their events, and
// delete the three objects. The user's kubeconfig and context, loaded as the watcher loads them
// (cli/k8s/kubeconfig.ts). Errors carry the API's status and message, never credentials.
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { Submission } from './manifests.ts';
import type { PodEvent, PodLike } from '../follow/runner-pods.ts';

export const TESTRUN = { group: 'k6.io', version: 'v1alpha1', plural: 'testruns' } as const;

export interface TestRunStatus {
  stage?: string;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
}

export interface OperatorClient {
  create(s: Submission): Promise<void>;
  status(): Promise<TestRunStatus | undefined>;
  runnerPods(): Promise<PodLike[]>;
  podEvents(pods: string[]): Promise<PodEvent[]>;
  /** A runner pod's log (k6's output), its last `limitBytes`. */
  podLog(pod: string, limitBytes?: number): Promise<string>;
  /** Deletes what exists of the three objects; returns what it deleted. */
  remove(): Promise<string[]>;
}

/** "HTTP 403: testruns.k6.io is forbidden: ..." from a client-node error. */
export function apiError(err: unknown): string {
  const e = err as { code?: number; statusCode?: number; body?: unknown; message?: string };
  const code = e.code ?? e.statusCode;
  let msg: string | undefined;
  try {
    const body = typeof e.body === 'string' ? JSON.parse(e.body) : e.body;
    msg = (body as { message?: string } | undefined)?.message;
  } catch {
    // not JSON
  }
  msg ??= (e.message ?? String(err)).split('\n')[0].slice(0, 300);
  return typeof code === 'number' ? `HTTP ${code}: ${msg}` : msg;
}

/** How long a deleted TestRun may take to go (its runner Jobs and pods first). */
export const GONE_WITHIN_MS = 30_000;

const notFound = (err: unknown) => (err as { code?: number }).code === 404;

export function operatorClient(kc: KubeConfig, s: Submission): OperatorClient {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespace = s.testRun.metadata.namespace;
  const name = s.names.testRun;
  const created: ('secret' | 'configMap' | 'testRun')[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      throw new Error(`creating ${what} in namespace ${namespace} failed: ${apiError(err)}`);
    }
  };
  return {
    async create() {
      await step(`Secret ${s.names.secret}`, () => core.createNamespacedSecret({ namespace, body: s.secret }));
      created.push('secret');
      await step(`ConfigMap ${s.names.configMap}`, () =>
        core.createNamespacedConfigMap({ namespace, body: s.configMap }),
      );
      created.push('configMap');
      await step(`TestRun ${name}`, () =>
        custom.createNamespacedCustomObject({ ...TESTRUN, namespace, body: s.testRun }),
      );
      created.push('testRun');
    },
    async status() {
      const obj = (await custom.getNamespacedCustomObject({ ...TESTRUN, namespace, name })) as {
        status?: TestRunStatus;
      };
      return obj.status;
    },
    async runnerPods() {
      const list = await core.listNamespacedPod({ namespace, labelSelector: `k6_cr=${name}` });
      return list.items as PodLike[];
    },
    async podEvents(pods) {
      if (!pods.length) return [];
      const list = await core.listNamespacedEvent({ namespace, fieldSelector: 'involvedObject.kind=Pod' });
      const wanted = new Set(pods);
      return list.items
        .filter((e) => wanted.has(e.involvedObject?.name ?? ''))
        .map((e) => ({ pod: e.involvedObject?.name ?? '', reason: e.reason ?? '', message: e.message ?? '' }));
    },
    async podLog(pod, limitBytes = 1024 * 1024) {
      return String(await core.readNamespacedPodLog({ namespace, name: pod, limitBytes }));
    },
    async remove() {
      const exists = () =>
        custom.getNamespacedCustomObject({ ...TESTRUN, namespace, name }).then(
          () => true,
          (err: unknown) => !notFound(err),
        );
      const gone: string[] = [];
      const del = async (what: string, fn: () => Promise<unknown>) => {
        try {
          await fn();
          gone.push(what);
        } catch (err) {
          if (!notFound(err)) throw new Error(`deleting ${what} failed: ${apiError(err)}`);
        }
      };
      // The TestRun first: the operator then stops its runners; the script and secret after.
      await del(`TestRun ${name}`, () =>
        custom.deleteNamespacedCustomObject({ ...TESTRUN, namespace, name, propagationPolicy: 'Foreground' }),
      );
      // Foreground deletion: the TestRun stays (with a deletionTimestamp) until its runners are gone.
      const deadline = Date.now() + GONE_WITHIN_MS;
      let lingering = false;
      while (gone.length && (await exists())) {
        lingering = Date.now() > deadline;
        if (lingering) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      await del(`ConfigMap ${s.names.configMap}`, () =>
        core.deleteNamespacedConfigMap({ namespace, name: s.names.configMap }),
      );
      await del(`Secret ${s.names.secret}`, () => core.deleteNamespacedSecret({ namespace, name: s.names.secret }));
      if (lingering)
        throw new Error(
          `TestRun ${name} still present ${GONE_WITHIN_MS / 1000} s after its deletion (its runners may still run); ${gone.join(', ')} deleted`,
        );
      return gone;
    },
  };
}
