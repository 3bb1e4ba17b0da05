/**
 * aurora-server's request pipeline inside one pod, without I/O: Flask's before_request gates
 * (secret, tenant binding), routing, the route decorator, the handler. Returns the reply.
 */
import type { Denied, Headers, Identity } from './auth.ts';
import { authorize, checkSecret, isSecretExempt } from './auth.ts';
import { type RouteCost, UNROUTED_COST } from './costs.ts';
import type { AppDeps, Reply } from './handlers/types.ts';
import { INVALID_JSON, reply } from './handlers/types.ts';
import { matchRoute, type RouteMatch } from './route-match.ts';

export const NOT_FOUND = reply(404, { error: 'Not found' });
export const METHOD_NOT_ALLOWED = reply(405, { error: 'Method not allowed' });
export const INTERNAL_ERROR = reply(500, { error: 'Internal server error' });

/** A request after the gates: either a ready answer or a route to run. */
export interface Admitted {
  match: RouteMatch;
  /** Route template or '' (unmatched). */
  template: string;
  cost: RouteCost;
  denied: Denied | null;
  identity: Identity | null;
}

export function admit(method: string, path: string, headers: Headers, secret: Buffer, deps: AppDeps): Admitted {
  const match = matchRoute(method, path);
  if (!isSecretExempt(method, path)) {
    const denied = checkSecret(headers, secret);
    if (denied) return { match, template: '', cost: UNROUTED_COST, denied, identity: null };
  }
  if (match.kind !== 'route') return { match, template: '', cost: UNROUTED_COST, denied: null, identity: null };
  const { template, auth: kind, cost } = match.route;
  const limited = deps.limiter?.check(method, path, headers);
  if (limited) return { match, template, cost: UNROUTED_COST, denied: limited, identity: null };
  const auth = authorize(kind, path, headers, deps.store);
  if (auth && 'status' in auth) return { match, template, cost: UNROUTED_COST, denied: auth, identity: null };
  return { match, template, cost, denied: null, identity: auth };
}

function parseBody(raw: Buffer | null): unknown {
  if (!raw || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return INVALID_JSON;
  }
}

/** Run an admitted request. Throws only on a bug in a handler; the caller turns that into a 500. */
export function execute(a: Admitted, query: string, rawBody: Buffer | null, deps: AppDeps): Reply {
  if (a.denied) return a.denied;
  if (a.match.kind === 'not-found') return NOT_FOUND;
  if (a.match.kind === 'method-not-allowed') return METHOD_NOT_ALLOWED;
  return a.match.route.handler({ identity: a.identity, param: a.match.param, query, body: parseBody(rawBody), deps });
}
