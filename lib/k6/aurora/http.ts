// aurora-server calls from k6: every request carries `service`, a stable `name` (route template) and
// `phase` (request | poll | setup) tags, so thresholds and reports group by route and keep RCA polls
// and setup traffic out of the REST budgets.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { sleep } from 'k6';
import type { ServiceTag } from '../../core/metric-names.ts';
import {
  identityHeaders,
  RATE_LIMIT_BYPASS_HEADER,
  type AuroraUser,
  type AuroraTarget,
} from '../../core/aurora/target.ts';
import { rateLimitedMessage } from '../../core/aurora/rate-limit.ts';
import { restRateLimited } from '../metrics.ts';
import { logWarn } from '../log.ts';

export type Phase = 'request' | 'poll' | 'setup';

export interface CallTags {
  name: string;
  phase?: Phase;
  service?: ServiceTag;
}

export type Res = RefinedResponse<ResponseType | undefined>;

/** Request params by user, tags, body and timeout: built once per VU and reused (k6 only reads them). */
const paramsCache = new Map<
  string,
  { headers: Record<string, string>; tags: Record<string, string>; timeout: string }
>();

function paramsFor(target: AuroraTarget, tags: CallTags, user: AuroraUser | undefined, json: boolean, timeout: string) {
  const service = tags.service ?? 'aurora-server';
  const phase = tags.phase ?? 'request';
  const key = `${user?.id ?? ''}\u0000${user?.orgId ?? ''}\u0000${tags.name}\u0000${phase}\u0000${service}\u0000${json ? 1 : 0}\u0000${timeout}`;
  let params = paramsCache.get(key);
  if (!params) {
    const headers: Record<string, string> = user ? identityHeaders(target, user) : {};
    if (json) headers['Content-Type'] = 'application/json';
    if (target.rateLimitBypass) headers[RATE_LIMIT_BYPASS_HEADER] = target.rateLimitBypass;
    params = { headers, tags: { service, name: tags.name, phase }, timeout };
    paramsCache.set(key, params);
  }
  return params;
}

export function call(
  target: AuroraTarget,
  method: 'GET' | 'POST',
  path: string,
  tags: CallTags,
  opts: { user?: AuroraUser; body?: unknown; timeout?: string } = {},
): Res {
  const json = opts.body !== undefined;
  const params = paramsFor(target, tags, opts.user, json, opts.timeout ?? '60s');
  const res = http.request(method, `${target.apiUrl}${path}`, json ? JSON.stringify(opts.body) : null, params);
  if (res.status === 429) noteRateLimited(target, tags);
  else if (!rateLimitSeen) {
    // A zero keeps the counter in the summary of a clean run: "0 rate limited", not "no data".
    rateLimitSeen = true;
    restRateLimited.add(0);
  }
  return res;
}

let rateLimitExplained = false;
let rateLimitSeen = false;

/** A 429 is Aurora's Flask-Limiter: its own error kind, explained once per VU. */
function noteRateLimited(target: AuroraTarget, tags: CallTags): void {
  rateLimitSeen = true;
  restRateLimited.add(1, { name: tags.name, phase: tags.phase ?? 'request' });
  if (rateLimitExplained) return;
  rateLimitExplained = true;
  logWarn(`${tags.name}: ${rateLimitedMessage({ users: target.userCount, bypass: Boolean(target.rateLimitBypass) })}`);
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
