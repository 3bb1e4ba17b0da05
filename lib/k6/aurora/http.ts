// aurora-server calls from k6: every request carries `service`, a stable `name` (route template) and
// `phase` (request | poll | setup) tags, so thresholds and reports group by route and keep RCA polls
// and setup traffic out of the REST budgets.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { sleep } from 'k6';
import type { ServiceTag } from '../../core/metric-names.ts';
import { identityHeaders, type AuroraUser, type AuroraTarget } from '../../core/aurora/target.ts';

export type Phase = 'request' | 'poll' | 'setup';

export interface CallTags {
  name: string;
  phase?: Phase;
  service?: ServiceTag;
}

export type Res = RefinedResponse<ResponseType | undefined>;

export function call(
  target: AuroraTarget,
  method: 'GET' | 'POST',
  path: string,
  tags: CallTags,
  opts: { user?: AuroraUser; body?: unknown; timeout?: string } = {},
): Res {
  const headers: Record<string, string> = opts.user ? identityHeaders(target, opts.user) : {};
  let body: string | null = null;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  return http.request(method, `${target.apiUrl}${path}`, body, {
    headers,
    tags: { service: tags.service ?? 'aurora-server', name: tags.name, phase: tags.phase ?? 'request' },
    timeout: opts.timeout ?? '60s',
  });
}

/** The parsed JSON body, or undefined when there is none or it is not JSON (never throws). */
export function jsonOf(res: Res): unknown {
  if (typeof res.body !== 'string' || res.body.length === 0) return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}

/** The simulator's replica header (real Aurora has none): which pod answered. */
export function replicaOf(res: Res): string | undefined {
  const h = res.headers ?? {};
  return h['X-Aurora-Sim-Replica'] ?? h['x-aurora-sim-replica'];
}

/**
 * For setup calls only: repeats a call that failed with a network error or a 5xx (a target under
 * an injected error rate, a pod restarting) a few times before giving up. Load traffic never retries.
 */
export function retried(make: () => Res, attempts = 5): Res {
  let res = make();
  for (let i = 1; i < attempts && (res.status === 0 || res.status >= 500); i++) {
    sleep(0.2 * i);
    res = make();
  }
  return res;
}
