// A small Kubernetes API server over the simulated cluster (node:http, 127.0.0.1 only).
//
// Read-only: get, list and watch of apps/v1 Deployments, autoscaling/v2 HorizontalPodAutoscalers
// and v1 Pods, plus the discovery documents clients fetch first. Enough that the official
// @kubernetes/client-node (and `kubectl get --raw`) reads and watches them unchanged.
// Bearer-token auth on everything but /healthz, /livez, /readyz and /version (which real clusters
// also serve to anyone via system:public-info-viewer). See README.md in this folder.
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Cluster } from '../cluster/cluster.ts';
import { type KubeObject, rfc3339, uid } from './objects.ts';
import { type Filter, ObjectStore, type Resource, mirrorCluster, parseSelector } from './store.ts';

export { writeKubeconfig } from './kubeconfig.ts';

export interface K8sApiOptions {
  cluster: Cluster;
  /** 0 picks a free port. */
  port: number;
  /** Default and only sensible value: 127.0.0.1. */
  host?: string;
  token: string;
  /**
   * Serve HTTPS with this PEM key and certificate. Needed for kubectl: client-go only sends
   * credentials over TLS, so over plain http every kubectl call gets 401. client-node works either way.
   */
  tls?: { key: string; cert: string };
}

export interface K8sApi {
  url: string;
  close(): Promise<void>;
}

interface ResourceInfo {
  resource: Resource;
  group: string;
  version: string;
  kind: string;
  listKind: string;
  singular: string;
  shortNames: string[];
}

const RESOURCES: ResourceInfo[] = [
  {
    resource: 'deployments',
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    listKind: 'DeploymentList',
    singular: 'deployment',
    shortNames: ['deploy'],
  },
  {
    resource: 'horizontalpodautoscalers',
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    listKind: 'HorizontalPodAutoscalerList',
    singular: 'horizontalpodautoscaler',
    shortNames: ['hpa'],
  },
  { resource: 'pods', group: '', version: 'v1', kind: 'Pod', listKind: 'PodList', singular: 'pod', shortNames: ['po'] },
];

const VERBS = ['get', 'list', 'watch'];
const OPEN_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);
/** kube-apiserver's --min-request-timeout: watches without timeoutSeconds end after 30-60 min. */
const MAX_WATCH_SECONDS = 1800;

function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function groupVersion(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

function resourceList(gv: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: RESOURCES.filter((r) => groupVersion(r) === gv).flatMap((r) => [
      {
        name: r.resource,
        singularName: r.singular,
        namespaced: true,
        kind: r.kind,
        verbs: VERBS,
        shortNames: r.shortNames,
      },
      { name: `${r.resource}/status`, singularName: '', namespaced: true, kind: r.kind, verbs: ['get'] },
    ]),
  };
}

function apiGroup(name: string) {
  const info = RESOURCES.find((r) => r.group === name)!;
  const gv = { groupVersion: `${name}/${info.version}`, version: info.version };
  return { name, versions: [gv], preferredVersion: gv };
}

const GROUPS = ['apps', 'autoscaling'];

/** Strips kind/apiVersion from list items, as the API server does. */
function listItem(object: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

interface Route {
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  watchPath: boolean;
}

/** Matches /api/v1/... and /apis/{group}/{version}/..., with the legacy /watch/ prefix. */
function matchResource(segments: string[]): Route | undefined {
  let rest: string[];
  let gv: string;
  if (segments[0] === 'api' && segments[1] === 'v1') {
    gv = 'v1';
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    gv = `${segments[1]}/${segments[2]}`;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const info = RESOURCES.find((r) => groupVersion(r) === gv && r.resource === rest[0]);
  if (!info || rest.length > 3) return undefined;
  return { info, namespace, name: rest[1], subresource: rest[2], watchPath };
}

export async function startK8sApi(opts: K8sApiOptions): Promise<K8sApi> {
  const { cluster } = opts;
  if (opts.token.length === 0) throw new Error('startK8sApi: token must not be empty');
  const host = opts.host ?? '127.0.0.1';
  const expected = sha256(opts.token);
  const store = new ObjectStore();
  const detach = mirrorCluster(store, cluster);
  const openWatches = new Set<() => void>();
  const reported = new Set<string>();

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    return m !== null && timingSafeEqual(sha256(m[1]!.trim()), expected);
  };

  const startWatch = (req: IncomingMessage, res: ServerResponse, route: Route, filter: Filter, query: URLSearchParams) => {
    const rvText = query.get('resourceVersion') ?? '';
    let sinceRv: number | undefined;
    if (rvText !== '') {
      sinceRv = Number(rvText);
      if (!Number.isInteger(sinceRv) || sinceRv < 0) {
        sendJson(res, 400, status(400, 'BadRequest', `invalid resource version: ${JSON.stringify(rvText)}`));
        return;
      }
    }
    const timeoutText = query.get('timeoutSeconds');
    const timeoutSeconds = timeoutText === null ? MAX_WATCH_SECONDS : Number(timeoutText);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) {
      sendJson(res, 400, status(400, 'BadRequest', `invalid timeoutSeconds: ${JSON.stringify(timeoutText)}`));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    let ended = false;
    const write = (line: string) => {
      if (!ended) res.write(`${line}\n`);
    };
    // The initial ADDED burst (or the replayed history) is written synchronously, before live events.
    const cancel = store.watch(route.info.resource, filter, sinceRv, (type, object) => {
      write(JSON.stringify({ type, object }));
    });
    if (cancel === 'expired') {
      write(
        JSON.stringify({
          type: 'ERROR',
          object: status(410, 'Expired', `too old resource version: ${sinceRv} (${store.resourceVersion})`),
        }),
      );
      res.end();
      return;
    }
    const timer = setTimeout(() => finish(), timeoutSeconds * 1000);
    timer.unref();
    const finish = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      cancel();
      openWatches.delete(finish);
      res.end();
    };
    openWatches.add(finish);
    res.on('close', finish);
    req.on('close', finish);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (!OPEN_PATHS.has(path) && !authorized(req)) {
      sendJson(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(
        res,
        405,
        status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method})`),
      );
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/version') {
      sendJson(res, 200, {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0-aurora-sim',
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2024-08-13T00:00:00Z',
        goVersion: 'go1.22.5',
        compiler: 'gc',
        platform: 'linux/amd64',
      });
      return;
    }
    if (path === '/api') {
      sendJson(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `${host}:${port()}` }],
      });
      return;
    }
    if (path === '/apis') {
      sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.map(apiGroup) });
      return;
    }
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === 'apis' && segments.length === 2 && GROUPS.includes(segments[1]!)) {
      sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(segments[1]!) });
      return;
    }
    const gvPath = segments.slice(1).join('/');
    if ((segments[0] === 'api' && segments.length === 2) || (segments[0] === 'apis' && segments.length === 3)) {
      const list = resourceList(gvPath);
      if (list.resources.length > 0) {
        sendJson(res, 200, list);
        return;
      }
    }
    if (segments[0] === 'api' && segments[1] === 'v1' && segments[2] === 'namespaces' && segments.length <= 4) {
      const ns = {
        metadata: {
          name: cluster.namespace,
          uid: uid('namespaces', cluster.namespace),
          creationTimestamp: rfc3339(cluster.startEpochMs),
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      };
      if (segments.length === 3) {
        sendJson(res, 200, { kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: store.resourceVersion }, items: [ns] });
      } else if (segments[3] === cluster.namespace) {
        sendJson(res, 200, { kind: 'Namespace', apiVersion: 'v1', ...ns });
      } else {
        sendJson(res, 404, status(404, 'NotFound', `namespaces "${segments[3]}" not found`, { name: segments[3], kind: 'namespaces' }));
      }
      return;
    }

    const route = matchResource(segments);
    if (!route || (route.subresource !== undefined && route.subresource !== 'status')) {
      sendJson(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
      return;
    }
    const query = url.searchParams;
    const watch = route.watchPath || query.get('watch') === 'true' || query.get('watch') === '1';
    const filter: Filter = { namespace: route.namespace };
    for (const [param, kind] of [
      ['labelSelector', 'label'],
      ['fieldSelector', 'field'],
    ] as const) {
      const text = query.get(param);
      if (!text) continue;
      const parsed = parseSelector(text, kind);
      if (typeof parsed === 'string') {
        sendJson(res, 400, status(400, 'BadRequest', parsed));
        return;
      }
      if (kind === 'label') filter.labels = parsed;
      else filter.fields = parsed;
    }

    if (route.name !== undefined && !watch) {
      const object = route.namespace !== undefined ? store.get(route.info.resource, route.namespace, route.name) : undefined;
      if (!object) {
        const group = route.info.group === '' ? route.info.resource : `${route.info.resource}.${route.info.group}`;
        sendJson(
          res,
          404,
          status(404, 'NotFound', `${group} "${route.name}" not found`, {
            name: route.name,
            ...(route.info.group ? { group: route.info.group } : {}),
            kind: route.info.resource,
          }),
        );
        return;
      }
      sendJson(res, 200, object);
      return;
    }
    if (route.name !== undefined) filter.name = route.name;
    if (watch) {
      startWatch(req, res, route, filter, query);
      return;
    }
    const list = store.list(route.info.resource, filter);
    sendJson(res, 200, {
      kind: route.info.listKind,
      apiVersion: groupVersion(route.info),
      metadata: { resourceVersion: list.resourceVersion },
      items: list.items.map(listItem),
    });
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(req, res);
    } catch (err) {
      if (!reported.has('handler')) {
        reported.add('handler');
        console.error('aurora-sim k8s-api: request failed (further failures are not logged):', err);
      }
      if (!res.headersSent) sendJson(res, 500, status(500, 'InternalError', 'internal error'));
      else res.destroy();
    }
  };
  const server = opts.tls ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest) : createServer(onRequest);
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
    close() {
      closing ??= new Promise<void>((resolve) => {
        detach();
        for (const finish of [...openWatches]) finish();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
