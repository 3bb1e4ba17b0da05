// k6 test double: http.CookieJar (a script's handle on a per-VU DoubleCookieJar) and the Cookie
// header of one request, composed from the jar's cookies and the request's own `cookies` param.
import { DoubleCookieJar } from '../cookie-jar.ts';

export class CookieJar {
  /** @internal */
  readonly __jar: DoubleCookieJar;
  constructor(jar?: DoubleCookieJar) {
    this.__jar = jar ?? new DoubleCookieJar();
  }
  cookiesForURL(url: string): Record<string, string[]> {
    return this.__jar.cookiesForURL(url);
  }
  set(url: string, name: string, value: string, options?: Parameters<DoubleCookieJar['set']>[3]): void {
    this.__jar.set(url, name, value, options);
  }
  clear(url: string): void {
    this.__jar.clear(url);
  }
  delete(url: string, name: string): void {
    this.__jar.delete(url, name);
  }
}

/** The jar behind a `jar` param: a CookieJar's, else none (cookies are neither sent nor stored). */
export function jarOf(j: unknown): DoubleCookieJar | null {
  if (j instanceof CookieJar) return j.__jar;
  return null;
}

/** The `cookies` request param: a value, or { value, replace } where replace drops the jar's cookie. */
export type CookiesParam = Record<string, string | { value?: string; replace?: boolean }>;
/** Response.request.cookies */
export type RequestCookies = Record<string, { name: string; value: string; replace: boolean }[]>;

/**
 * The cookies one request sends: the jar's, then the request's own (replace:true drops the jar's
 * cookie of that name), after an explicit Cookie header. `header` is undefined when there are none.
 */
export function requestCookies(
  jarCookies: readonly { name: string; value: string }[], own: CookiesParam | undefined, explicitHeader: string | undefined,
): { reqCookies: RequestCookies; header: string | undefined } {
  const reqCookies: RequestCookies = {};
  const pairs: [string, string][] = [];
  const replaced = new Set<string>();
  for (const [name, v] of Object.entries(own ?? {})) {
    const value = typeof v === 'string' ? v : v?.value ?? '';
    const replace = typeof v === 'object' && !!v?.replace;
    if (replace) replaced.add(name);
    (reqCookies[name] ??= []).push({ name, value, replace });
  }
  for (const c of jarCookies) {
    if (replaced.has(c.name)) continue;
    pairs.push([c.name, c.value]);
    (reqCookies[c.name] ??= []).unshift({ name: c.name, value: c.value, replace: false });
  }
  for (const [name, v] of Object.entries(own ?? {})) {
    pairs.push([name, typeof v === 'string' ? v : v?.value ?? '']);
  }
  const parts = pairs.map(([k, v]) => `${k}=${v}`);
  if (explicitHeader !== undefined) parts.unshift(explicitHeader);
  return { reqCookies, header: parts.length ? parts.join('; ') : undefined };
}
