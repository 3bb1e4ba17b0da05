/**
 * Cookie affinity as ingress-nginx does it for Aurora's annotations (docs/aurora-contract.md §4):
 * `affinity: cookie`, `session-cookie-name: aurora-ws-affinity`, `session-cookie-max-age: 3600`,
 * `session-cookie-change-on-failure: true`, on one Ingress for every host.
 *
 * - The cookie value is a hash of the chosen upstream endpoint (here: md5 of the pod name), so it
 *   is only valid for the upstream service that holds that endpoint.
 * - A valid cookie routes to its pod and no new cookie is sent.
 * - No cookie, a cookie for another upstream, or a pod that is gone or unready: pick a pod
 *   (round-robin) and send Set-Cookie (change-on-failure re-pins instead of failing).
 * - Set-Cookie is `name=value; Path=/; Max-Age=3600; HttpOnly`: no Expires, because Aurora sets
 *   only max-age.
 * Pure apart from the round-robin cursor.
 */
import { createHash } from 'node:crypto';

export const AFFINITY_COOKIE = 'aurora-ws-affinity';
export const AFFINITY_MAX_AGE_S = 3600;

export const endpointHash = (podName: string): string => createHash('md5').update(podName).digest('hex');
export const setCookieFor = (hash: string): string =>
  `${AFFINITY_COOKIE}=${hash}; Path=/; Max-Age=${AFFINITY_MAX_AGE_S}; HttpOnly`;

/** The affinity cookie's value from a Cookie header, without parsing every cookie. */
export function readAffinityCookie(header: string | undefined): string | null {
  if (!header) return null;
  let from = 0;
  for (;;) {
    const at: number = header.indexOf(AFFINITY_COOKIE, from);
    if (at < 0) return null;
    const before = at === 0 ? ' ' : header[at - 1];
    const eq: number = at + AFFINITY_COOKIE.length;
    if ((before === ' ' || before === ';') && header[eq] === '=') {
      const end = header.indexOf(';', eq);
      return header.slice(eq + 1, end < 0 ? undefined : end).trim();
    }
    from = eq;
  }
}

export interface Endpoint {
  name: string;
  hash: string;
  setCookie: string;
}
export interface Pick {
  endpoint: Endpoint;
  setCookie: string | null;
}

export class StickyUpstream {
  private endpoints: Endpoint[] = [];
  private readonly byHash = new Map<string, Endpoint>();
  private cursor = 0;

  setEndpoints(podNames: readonly string[]): void {
    const known = new Map(this.endpoints.map((e) => [e.name, e]));
    this.endpoints = podNames.map(
      (name) => known.get(name) ?? { name, hash: endpointHash(name), setCookie: setCookieFor(endpointHash(name)) },
    );
    this.byHash.clear();
    for (const e of this.endpoints) this.byHash.set(e.hash, e);
  }

  get size(): number {
    return this.endpoints.length;
  }
  names(): string[] {
    return this.endpoints.map((e) => e.name);
  }

  /** null when the upstream has no ready endpoint. */
  pick(cookie: string | null, ignoreCookie: boolean): Pick | null {
    if (!ignoreCookie && cookie) {
      const pinned = this.byHash.get(cookie);
      if (pinned) return { endpoint: pinned, setCookie: null };
    }
    const n = this.endpoints.length;
    if (n === 0) return null;
    const endpoint = this.endpoints[this.cursor++ % n];
    return { endpoint, setCookie: endpoint.setCookie };
  }
}
