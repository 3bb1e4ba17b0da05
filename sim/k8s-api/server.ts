// A small Kubernetes API server over the simulated cluster (127.0.0.1 only; HTTPS when given a
// certificate, which kubectl needs: client-go sends bearer tokens only over TLS).
//
// Get, list and watch of apps/v1 Deployments and StatefulSets, autoscaling/v2 (and v1)
// HorizontalPodAutoscalers, v1 Pods (and their logs) and v1 Events (the rescales),
// networking.k8s.io/v1 Ingresses, policy/v1 PodDisruptionBudgets, batch/v1 Jobs, as JSON or as the
// server-side Tables `kubectl get` prints, metrics.k8s.io PodMetrics, plus the discovery documents
// clients fetch first. v1 ConfigMaps and Secrets and k6.io/v1alpha1 TestRuns are also written
// (create, update, patch, delete): the simulated k6-operator (operator/) runs the TestRuns.
// RBAC-limited users get 403 outside their resources. Enough for kubectl, k9s and the official
// @kubernetes/client-node. Bearer-token auth on everything but /healthz, /livez, /readyz and
// /version (which real clusters also serve to anyone via system:public-info-viewer).
// This file is the shell: auth, dispatch, listen, close. See README.md in this folder.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Cluster } from '../cluster/cluster.ts';
import { ACCESS_REVIEW_PATH, type ReadScope, serveAccessReview } from './access-review.ts';
import { VERSION_INFO, discoveryDocument } from './discovery.ts';
import { METRICS_GROUP, podMetrics } from './metrics-api.ts';
import { startOperator } from './operator/operator.ts';
import { sendObject, sendStatus } from './responses.ts';
import { isWatch, matchResource } from './route.ts';
import { type ServeContext, serveNamespaces, serveObjects } from './serve-objects.ts';
import { serveWrite } from './serve-writes.ts';
import { ObjectStore, mirrorCluster } from './store.ts';
import type { Misconfig } from './workloads.ts';

export { writeKubeconfig } from './kubeconfig.ts';
export { createServingTls, type ServingTls } from './tls.ts';

export interface K8sApiOptions {
  cluster: Cluster;
  /** 0 picks a free port. */
  port: number;
  /** Default and only sensible value: 127.0.0.1. */
  host?: string;
  token: string;
  /**
   * Serve HTTPS with this PEM key and certificate (createServingTls() makes a CA-signed pair).
   * Needed for kubectl: over plain http every kubectl call gets 401. client-node works either way.
   */
  tls?: { key: string; cert: string };
  /** How the chart's objects are (mis)configured now; default: as Aurora's chart ships them. */
  config?: () => Misconfig;
  /** RBAC-limited users: their token may only get, list and watch the named resources (plural names). */
  limitedUsers?: readonly LimitedUser[];
  /** The k6 binary TestRun runners run (real k6 or the test double); unset: TestRuns end in stage error. */
  k6Binary?: string;
  /** Real ms a deleted TestRun's runner gets between SIGTERM and SIGKILL. Default 5000. */
  runnerGraceMs?: number;
}

export interface LimitedUser {
  user: string;
  token: string;
  resources: readonly string[];
}

export interface K8sApi {
  url: string;
  /** Re-renders the objects after `config()` changed. */
  refresh(): void;
  close(): Promise<void>;
}

/** Who a request's bearer token is, and what it may read. */
interface Caller {
  user: string;
  scope: ReadScope;
}

const OPEN_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export async function startK8sApi(opts: K8sApiOptions): Promise<K8sApi> {
  const { cluster } = opts;
  if (opts.token.length === 0) throw new Error('startK8sApi: token must not be empty');
  const host = opts.host ?? '127.0.0.1';
  const expected = sha256(opts.token);
  const limited = (opts.limitedUsers ?? []).map((u) => ({ ...u, hash: sha256(u.token) }));
  const store = new ObjectStore();
  const mirror = mirrorCluster(store, cluster, opts.config);
  const nowMs = () => cluster.epochMs(cluster.clock.now());
  const operator = startOperator({ store, nowMs, k6Binary: opts.k6Binary, graceMs: opts.runnerGraceMs });
  const ctx: ServeContext = {
    store,
    nowMs,
    watches: new Set(),
    podLog: (namespace, name) => operator.podLog(namespace, name),
  };
  const writes = { store, nowMs, namespaces: [cluster.namespace], finalizers: { testruns: operator.finalize } };
  let reported = false;

  const callerOf = (req: IncomingMessage): Caller | undefined => {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) return undefined;
    const given = sha256(m[1]!.trim());
    if (timingSafeEqual(given, expected)) return { user: 'aurora-sim', scope: 'all' };
    const user = limited.find((u) => timingSafeEqual(given, u.hash));
    return user && { user: user.user, scope: user.resources };
  };
  const forbid = (res: ServerResponse, caller: Caller, verb: string, resource: string, group: string) => {
    const what = group === '' ? resource : `${resource}.${group}`;
    const message = `${what} is forbidden: User "${caller.user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${cluster.namespace}"`;
    sendStatus(res, 403, 'Forbidden', message, { group, kind: resource });
  };

  /** metrics.k8s.io PodMetrics: for the main user only (an RBAC-limited one gets 403). */
  const serveMetrics = (res: ServerResponse, segments: string[], caller: Caller | undefined): void => {
    const metrics = podMetrics(cluster, segments);
    if (!metrics) sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource', {});
    else if (caller && caller.scope !== 'all') forbid(res, caller, 'list', 'pods', METRICS_GROUP);
    else sendObject(res, 200, metrics);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const caller = callerOf(req);
    if (!OPEN_PATHS.has(path) && !caller) return sendStatus(res, 401, 'Unauthorized', 'Unauthorized');
    if (req.method === 'POST' && path === ACCESS_REVIEW_PATH) return serveAccessReview(req, res, caller?.scope);
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method ?? '')) {
      const route = matchResource(path.split('/').filter(Boolean).map(decodeURIComponent));
      if (route?.def.writable) {
        if (caller && caller.scope !== 'all') {
          const verb = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[req.method!]!;
          return forbid(res, caller, verb, route.def.resource, route.def.group);
        }
        void serveWrite(writes, req, res, route, url.searchParams).catch((err) => onError(res, err));
        return;
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendStatus(
        res,
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource (${req.method})`,
      );
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/version') return sendObject(res, 200, VERSION_INFO);
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const discovery = discoveryDocument(segments, `${host}:${port()}`);
    if (discovery) return sendObject(res, 200, discovery);
    if (segments[0] === 'api' && segments[1] === 'v1' && segments[2] === 'namespaces' && segments.length <= 4) {
      const ns = {
        name: cluster.namespace,
        createdEpochMs: cluster.startEpochMs,
        resourceVersion: store.resourceVersion,
      };
      return serveNamespaces(res, segments, ns);
    }
    if (segments[0] === 'apis' && segments[1] === METRICS_GROUP) {
      serveMetrics(res, segments, caller);
      return;
    }
    const route = matchResource(segments);
    if (!route) return sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource', {});
    const scope = caller?.scope ?? 'all';
    if (scope !== 'all' && caller && !scope.includes(route.def.resource)) {
      const verb = isWatch(route, url.searchParams) ? 'watch' : route.name !== undefined ? 'get' : 'list';
      forbid(res, caller, verb, route.def.resource, route.def.group);
      return;
    }
    serveObjects(ctx, req, res, route, url.searchParams);
  };

  const onError = (res: ServerResponse, err: unknown): void => {
    if (!reported) {
      reported = true;
      console.error('aurora-sim k8s-api: request failed (further failures are not logged):', err);
    }
    if (!res.headersSent) sendStatus(res, 500, 'InternalError', 'internal error');
    else res.destroy();
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res);
    } catch (err) {
      onError(res, err);
    }
  };
  const server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest)
    : createServer(onRequest);
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (): number => (server.address() as AddressInfo).port;
  const url = `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port()}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    refresh: () => mirror.refresh(),
    close() {
      closing ??= operator.close().then(
        () =>
          new Promise<void>((resolve) => {
            mirror.detach();
            for (const finish of [...ctx.watches]) finish();
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      return closing;
    },
  };
}
