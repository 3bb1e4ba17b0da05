// POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews: what `kubectl auth can-i` and k9s
// ask before they list or watch. The main token may get, list and watch every resource the simulator
// serves (and GET any non-resource path), and write the writable ones (ConfigMaps, Secrets, TestRuns);
// an RBAC-limited user may only read its resources; anything else is not allowed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendObject, sendStatus } from './responses.ts';
import { RESOURCES, verbsOf } from './resources/index.ts';

export const ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const BODY_LIMIT = 64 * 1024;
const READ_VERBS = new Set(['get', 'list', 'watch']);

interface ReviewSpec {
  resourceAttributes?: { verb?: string; group?: string; resource?: string; subresource?: string; namespace?: string };
  nonResourceAttributes?: { verb?: string; path?: string };
}

/** Resources a user may read: every resource served, or only the named ones (an RBAC-limited user). */
export type ReadScope = 'all' | readonly string[];

/** Whether a user with this read scope may do what the review asks. Pure. */
export function review(spec: ReviewSpec, scope: ReadScope = 'all'): { allowed: boolean; reason?: string } {
  const r = spec.resourceAttributes;
  if (r) {
    const verb = r.verb ?? '';
    const defs = RESOURCES.filter(
      (d) => d.group === (r.group ?? '') && (r.resource === '*' || d.resource === r.resource),
    );
    const served = ((r.group ?? '') === '' && r.resource === 'namespaces') || defs.length > 0;
    const inScope = scope === 'all' || scope.includes(r.resource ?? '');
    const writable = scope === 'all' && defs.length > 0 && defs.every((d) => verbsOf(d).includes(verb));
    const allowed = (READ_VERBS.has(verb) && served && inScope) || writable;
    if (!allowed) return { allowed };
    const reason = READ_VERBS.has(verb)
      ? 'aurora-sim: read access to the simulated cluster'
      : 'aurora-sim: write access to ConfigMaps, Secrets and TestRuns';
    return { allowed, reason };
  }
  const n = spec.nonResourceAttributes;
  return { allowed: n?.verb === 'get' };
}

export function serveAccessReview(req: IncomingMessage, res: ServerResponse, scope: ReadScope = 'all'): void {
  let text = '';
  let tooLarge = false;
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > BODY_LIMIT) tooLarge = true;
  });
  req.on('end', () => {
    if (tooLarge) return sendStatus(res, 413, 'RequestEntityTooLarge', 'request entity too large');
    let body: { spec?: ReviewSpec };
    try {
      body = JSON.parse(text) as { spec?: ReviewSpec };
    } catch {
      return sendStatus(res, 400, 'BadRequest', 'the request body is not a SelfSubjectAccessReview in JSON');
    }
    const spec = body.spec ?? {};
    sendObject(res, 201, {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: review(spec, scope),
    });
  });
}
