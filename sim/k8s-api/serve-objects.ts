// get, list and watch of one resource (Deployments, HPAs, Pods, Events) and of the one namespace.
// Answers in the form the client asked for: the objects as JSON, or a meta.k8s.io Table (what
// `kubectl get` requests) with the resource's columns. A pod's log (`kubectl logs`, with -f) too.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendObject, sendStatus } from './responses.ts';
import { type KubeObject, rfc3339, uid } from './objects.ts';
import { groupVersion } from './resources/index.ts';
import { type Route, filterFor, isWatch } from './route.ts';
import type { ObjectStore } from './store.ts';
import { includeObjectOf, tableVersionFor, toTable } from './table.ts';
import { startWatch } from './watch.ts';

export interface ServeContext {
  store: ObjectStore;
  /** Simulated wall-clock ms: what AGE columns count from. */
  nowMs: () => number;
  /** Registers an open watch's finish function until it ends. */
  watches: Set<() => void>;
  /** A pod's log (`kubectl logs`), for the pods that have one. */
  podLog?: (namespace: string, name: string) => string | undefined;
}

/** Strips kind/apiVersion from list items, as the API server does. */
function listItem(object: KubeObject): Record<string, unknown> {
  const { apiVersion: _a, kind: _k, ...rest } = object;
  return rest;
}

export function serveObjects(
  ctx: ServeContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  query: URLSearchParams,
): void {
  const { def } = route;
  const filter = filterFor(route, query);
  if (typeof filter === 'string') return sendStatus(res, 400, 'BadRequest', filter);
  const tableVersion = tableVersionFor(req.headers.accept);
  const include = includeObjectOf(query.get('includeObject'));
  if (include !== 'None' && include !== 'Metadata' && include !== 'Object')
    return sendStatus(res, 400, 'BadRequest', include);
  const view = def.fromStored ?? ((o: KubeObject) => o);
  const asTable = (objects: KubeObject[], resourceVersion?: string) =>
    toTable(def, objects, { resourceVersion, nowMs: ctx.nowMs(), version: tableVersion!, include });

  const watch = isWatch(route, query);
  if (route.name !== undefined && !watch) {
    const object = route.namespace !== undefined ? ctx.store.get(def.resource, route.namespace, route.name) : undefined;
    if (object && route.subresource === 'log') return servePodLog(ctx, res, object, query);
    if (!object) {
      const what = def.group === '' ? def.resource : `${def.resource}.${def.group}`;
      return sendStatus(res, 404, 'NotFound', `${what} "${route.name}" not found`, {
        name: route.name,
        ...(def.group ? { group: def.group } : {}),
        kind: def.resource,
      });
    }
    return sendObject(res, 200, tableVersion ? asTable([object], object.metadata.resourceVersion) : view(object));
  }
  if (route.name !== undefined) filter.name = route.name;
  if (watch) {
    const encode = tableVersion ? (o: KubeObject) => asTable([o], o.metadata.resourceVersion) : view;
    const finish = startWatch(ctx.store, { req, res, route, filter, query, encode }, (done) =>
      ctx.watches.delete(done),
    );
    if (finish) ctx.watches.add(finish);
    return;
  }
  const list = ctx.store.list(def.resource, filter);
  if (tableVersion) return sendObject(res, 200, asTable(list.items, list.resourceVersion));
  sendObject(res, 200, {
    kind: def.listKind,
    apiVersion: groupVersion(def),
    metadata: { resourceVersion: list.resourceVersion },
    items: list.items.map((o) => listItem(view(o))),
  });
}

/** /api/v1/namespaces[/{name}]: the simulator's one namespace. */
export function serveNamespaces(
  res: ServerResponse,
  segments: string[],
  ns: { name: string; createdEpochMs: number; resourceVersion: string },
): void {
  const object = {
    metadata: { name: ns.name, uid: uid('namespaces', ns.name), creationTimestamp: rfc3339(ns.createdEpochMs) },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
  if (segments.length === 3) {
    sendObject(res, 200, {
      kind: 'NamespaceList',
      apiVersion: 'v1',
      metadata: { resourceVersion: ns.resourceVersion },
      items: [object],
    });
  } else if (segments[3] === ns.name) {
    sendObject(res, 200, { kind: 'Namespace', apiVersion: 'v1', ...object });
  } else {
    sendStatus(res, 404, 'NotFound', `namespaces "${segments[3]}" not found`, {
      name: segments[3],
      kind: 'namespaces',
    });
  }
}

/** GET .../pods/{name}/log as text (tailLines and limitBytes honoured); empty for a pod without output. */
function servePodLog(ctx: ServeContext, res: ServerResponse, pod: KubeObject, query: URLSearchParams): void {
  const ns = pod.metadata.namespace ?? '';
  const read = () => ctx.podLog?.(ns, pod.metadata.name) ?? '';
  let text = read();
  const full = text.length;
  const tail = Number(query.get('tailLines') ?? Number.NaN);
  if (Number.isInteger(tail) && tail >= 0) {
    const lines = text.split('\n');
    const last = lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
    text = tail === 0 ? '' : `${last.slice(-tail).join('\n')}\n`;
  }
  const limit = Number(query.get('limitBytes') ?? Number.NaN);
  if (Number.isInteger(limit) && limit > 0) text = Buffer.from(text).subarray(0, limit).toString('utf8');
  const follow = query.get('follow') === 'true' || query.get('follow') === '1';
  if (!follow) {
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(text);
    return;
  }
  // kubectl logs -f: what there is, then what comes, until the container ends (or the pod goes).
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.write(text);
  let sent = full;
  const ended = (): boolean => {
    const now = ctx.store.get('pods', ns, pod.metadata.name);
    const phase = (now?.status as { phase?: string } | undefined)?.phase;
    return !now || phase === 'Succeeded' || phase === 'Failed';
  };
  let over = false;
  const finish = (): void => {
    if (over) return;
    over = true;
    clearInterval(timer);
    ctx.watches.delete(finish);
    res.end();
  };
  const timer = setInterval(() => {
    const done = ended();
    const next = read();
    if (next.length > sent) res.write(next.slice(sent));
    sent = Math.max(sent, next.length);
    if (done) finish();
  }, 200);
  timer.unref();
  ctx.watches.add(finish);
  res.on('close', finish);
}
