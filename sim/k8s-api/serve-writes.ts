// create (POST), update (PUT), patch (PATCH, JSON merge) and delete (DELETE) of the writable
// resources (ConfigMaps, Secrets, TestRuns), answered as kube-apiserver answers them: 201 with the
// stored object, 409 AlreadyExists / Conflict, 404 NotFound, 422 Invalid with the causes, 400 for a
// namespace that does not match the path, `?dryRun=All` checked but not stored. DELETE honours
// propagationPolicy (query or DeleteOptions body): Foreground keeps the object, with a
// deletionTimestamp and the foregroundDeletion finalizer, until its finalizer (the operator's
// clean-up) is done; Background and Orphan remove it at once and clean up behind.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendObject, sendStatus } from './responses.ts';
import { type KubeObject, rfc3339 } from './objects.ts';
import type { ResourceDef, ResourceName } from './resources/index.ts';
import type { Route } from './route.ts';
import type { ObjectStore } from './store.ts';

/** kube-apiserver's request body limit (3 MiB): a 1 MiB ConfigMap fits, base64 and all. */
const BODY_LIMIT = 3 * 1024 * 1024;

export interface WriteContext {
  store: ObjectStore;
  nowMs: () => number;
  /** The namespaces that exist. */
  namespaces: readonly string[];
  /** What must happen before an object of a resource is gone (the operator stops a TestRun's runners). */
  finalizers: Partial<Record<ResourceName, (object: KubeObject) => Promise<void>>>;
}

type Body = { ok: true; value: unknown } | { ok: false; code: number; reason: string; message: string };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= BODY_LIMIT) chunks.push(c);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT)
        return resolve({ ok: false, code: 413, reason: 'RequestEntityTooLarge', message: 'request entity too large' });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({ ok: true, value: undefined });
      try {
        resolve({ ok: true, value: JSON.parse(text) });
      } catch (e) {
        resolve({
          ok: false,
          code: 400,
          reason: 'BadRequest',
          message: `the body is not JSON: ${(e as Error).message}`,
        });
      }
    });
  });
}

const qualified = (def: ResourceDef) => (def.group === '' ? def.resource : `${def.resource}.${def.group}`);
const kindName = (def: ResourceDef) => (def.group === '' ? def.kind : `${def.kind}.${def.group}`);

/** 422 Invalid as kube-apiserver words it: `TestRun.k6.io "x" is invalid: [a: Required value, b: ...]`. */
export function sendInvalid(res: ServerResponse, def: ResourceDef, name: string, errors: string[]): void {
  const causes = errors.map((e) => {
    const at = e.indexOf(': ');
    const field = at > 0 ? e.slice(0, at) : '';
    const message = at > 0 ? e.slice(at + 2) : e;
    const reason = message.startsWith('Required value')
      ? 'FieldValueRequired'
      : message.startsWith('Unsupported value')
        ? 'FieldValueNotSupported'
        : message.startsWith('Too long')
          ? 'FieldValueTooLong'
          : 'FieldValueInvalid';
    return { reason, message, field };
  });
  const list = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  sendStatus(res, 422, 'Invalid', `${kindName(def)} "${name}" is invalid: ${list}`, {
    name,
    ...(def.group ? { group: def.group } : {}),
    kind: def.kind,
    causes,
  });
}

function notFound(res: ServerResponse, def: ResourceDef, name: string): void {
  sendStatus(res, 404, 'NotFound', `${qualified(def)} "${name}" not found`, {
    name,
    ...(def.group ? { group: def.group } : {}),
    kind: def.resource,
  });
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export async function serveWrite(
  ctx: WriteContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
  query: URLSearchParams,
): Promise<void> {
  const { def } = route;
  const ns = route.namespace;
  if (!def.writable || route.subresource !== undefined || ns === undefined) {
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      `the server does not allow this method on the requested resource (${req.method})`,
    );
  }
  if (!ctx.namespaces.includes(ns)) {
    return sendStatus(res, 404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
  }
  const body = await readBody(req);
  if (!body.ok) return sendStatus(res, body.code, body.reason, body.message);
  const dryRun = query.getAll('dryRun').includes('All');
  if (req.method === 'DELETE') return deleteObject(ctx, res, def, ns, route.name, query, body.value, dryRun);

  const existing = route.name !== undefined ? ctx.store.get(def.resource, ns, route.name) : undefined;
  let given = body.value as KubeObject | undefined;
  if (req.method === 'PATCH') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/merge-patch+json' && type !== 'application/strategic-merge-patch+json') {
      return sendStatus(
        res,
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json`,
      );
    }
    if (!existing || route.name === undefined) return notFound(res, def, route.name ?? '');
    given = mergePatch(existing, given) as KubeObject;
  }
  if (!given || typeof given !== 'object' || Array.isArray(given)) {
    return sendStatus(res, 400, 'BadRequest', `the body must be a ${def.kind} object`);
  }
  const metadata = (given.metadata ?? {}) as KubeObject['metadata'] & { generateName?: string };
  if (given.kind !== undefined && given.kind !== def.kind)
    return sendStatus(
      res,
      400,
      'BadRequest',
      `the API version in the data (${String(given.apiVersion)}) does not match the expected API version or kind ${def.kind}, got ${String(given.kind)}`,
    );
  if (metadata.namespace !== undefined && metadata.namespace !== ns)
    return sendStatus(
      res,
      400,
      'BadRequest',
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  let name =
    metadata.name ??
    (req.method === 'POST' && metadata.generateName ? `${metadata.generateName}${randomUUID().slice(0, 5)}` : '');
  if (req.method === 'POST' && route.name !== undefined)
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource (POST)',
    );
  if (req.method !== 'POST') {
    if (name === '') name = route.name!;
    if (name !== route.name)
      return sendStatus(res, 400, 'BadRequest', 'the name of the object does not match the name on the URL');
    if (!existing) return notFound(res, def, name);
    const rv = metadata.resourceVersion;
    if (req.method === 'PUT' && rv !== undefined && rv !== existing.metadata.resourceVersion) {
      return sendStatus(
        res,
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, ...(def.group ? { group: def.group } : {}), kind: def.resource },
      );
    }
  } else if (ctx.store.get(def.resource, ns, name)) {
    return sendStatus(res, 409, 'AlreadyExists', `${qualified(def)} "${name}" already exists`, {
      name,
      ...(def.group ? { group: def.group } : {}),
      kind: def.resource,
    });
  }
  const candidate: KubeObject = {
    ...given,
    apiVersion: def.group === '' ? def.version : `${def.group}/${def.version}`,
    kind: def.kind,
    metadata: { ...metadata, name, namespace: ns },
  };
  delete (candidate.metadata as { generateName?: string }).generateName;
  const admitted = def.admit ? def.admit(candidate) : { object: candidate };
  if ('errors' in admitted) return sendInvalid(res, def, name || '<unnamed>', admitted.errors);
  if (name === '')
    return sendInvalid(res, def, '<unnamed>', ['metadata.name: Required value: name or generateName is required']);
  const object = admitted.object;
  const { resourceVersion: _rv, ...meta } = object.metadata;
  if (existing) {
    for (const key of def.keepOnUpdate ?? []) if (existing[key] !== undefined) object[key] = existing[key];
    const old = existing.metadata as Record<string, unknown>;
    const changed =
      JSON.stringify({ ...object, metadata: undefined }) !== JSON.stringify({ ...existing, metadata: undefined });
    object.metadata = {
      ...meta,
      uid: old.uid,
      creationTimestamp: old.creationTimestamp,
      ...(old.generation !== undefined ? { generation: (old.generation as number) + (changed ? 1 : 0) } : {}),
    };
  } else {
    object.metadata = {
      ...meta,
      uid: randomUUID(),
      creationTimestamp: rfc3339(ctx.nowMs()),
      ...(def.group !== '' ? { generation: 1 } : {}),
    };
  }
  if (!dryRun) ctx.store.upsert(def.resource, object);
  const stored = dryRun ? object : (ctx.store.get(def.resource, ns, name) ?? object);
  sendObject(res, existing ? 200 : 201, stored);
}

async function deleteObject(
  ctx: WriteContext,
  res: ServerResponse,
  def: ResourceDef,
  ns: string,
  name: string | undefined,
  query: URLSearchParams,
  options: unknown,
  dryRun: boolean,
): Promise<void> {
  if (name === undefined)
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource (DELETE collection)',
    );
  const existing = ctx.store.get(def.resource, ns, name);
  if (!existing) return notFound(res, def, name);
  const policy =
    query.get('propagationPolicy') ??
    (options as { propagationPolicy?: string } | undefined)?.propagationPolicy ??
    'Background';
  if (!['Foreground', 'Background', 'Orphan'].includes(policy))
    return sendInvalid(res, def, name, [
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    ]);
  if (dryRun) return sendObject(res, 200, existing);
  const finalize = ctx.finalizers[def.resource];
  if (policy === 'Foreground' && finalize) {
    if (existing.metadata.deletionTimestamp) return sendObject(res, 200, existing);
    ctx.store.upsert(def.resource, {
      ...existing,
      metadata: {
        ...existing.metadata,
        deletionTimestamp: rfc3339(ctx.nowMs()),
        deletionGracePeriodSeconds: 0,
        finalizers: [...((existing.metadata.finalizers as string[]) ?? []), 'foregroundDeletion'],
      },
    });
    const marked = ctx.store.get(def.resource, ns, name)!;
    sendObject(res, 200, marked);
    await finalize(marked).catch(() => {});
    ctx.store.remove(def.resource, ns, name);
    return;
  }
  ctx.store.remove(def.resource, ns, name);
  sendObject(res, 200, existing);
  await finalize?.(existing).catch(() => {});
}
