// k6 test double: the script's handle on the VU's cookie jar (what http.cookieJar() returns and a
// WebSocket's `jar` param takes); the jar itself is ../cookie-jar.ts.
import type { DoubleCookieJar } from '../cookie-jar.ts';

export class CookieJar {
  /** @internal */
  readonly __jar: DoubleCookieJar;
  constructor(jar: DoubleCookieJar) {
    this.__jar = jar;
  }
  cookiesForURL(url: string): Record<string, string[]> {
    return this.__jar.cookiesForURL(url);
  }
}

/** The jar behind a `jar` param: a CookieJar's, else none (cookies are neither sent nor stored). */
export function jarOf(j: unknown): DoubleCookieJar | null {
  return j instanceof CookieJar ? j.__jar : null;
}
