// k6 test double: a per-VU cookie jar with the semantics of Go's net/http/cookiejar that k6 uses
// (host-only vs domain cookies, default path, path matching, Secure, Max-Age/Expires), plus the part
// of k6's CookieJar JS API the suite uses (cookiesForURL). Pure code, no Node imports.

interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** epoch ms, or null for a session cookie */
  expires: number | null;
  maxAge: number;
  created: number;
  seq: number;
}

interface ParsedSetCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  httpOnly: boolean;
  secure: boolean;
  maxAge: number;
  /** epoch ms or 0 */
  expires: number;
}

let seqCounter = 0;

function httpUrlOf(raw: string): URL {
  const u = new URL(raw);
  // the gorilla dialer maps ws -> http and wss -> https for the jar
  if (u.protocol === 'ws:') u.protocol = 'http:';
  else if (u.protocol === 'wss:') u.protocol = 'https:';
  return u;
}

function isIp(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':') || host.startsWith('[');
}

function defaultPath(pathname: string): string {
  if (!pathname.startsWith('/')) return '/';
  const i = pathname.lastIndexOf('/');
  return i === 0 ? '/' : pathname.slice(0, i);
}

function pathMatch(reqPath: string, cookiePath: string): boolean {
  if (reqPath === cookiePath) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/';
}

/** Parses one Set-Cookie header value (RFC 6265 §5.2, leniently, as Go's readSetCookies). */
function parseSetCookie(line: string): ParsedSetCookie | null {
  const parts = line.split(';');
  const first = parts.shift() ?? '';
  const eq = first.indexOf('=');
  if (eq <= 0) return null;
  const name = first.slice(0, eq).trim();
  let value = first.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!name) return null;
  const c: ParsedSetCookie = {
    name,
    value,
    domain: '',
    path: '',
    httpOnly: false,
    secure: false,
    maxAge: 0,
    expires: 0,
  };
  for (const part of parts) {
    const i = part.indexOf('=');
    const key = (i < 0 ? part : part.slice(0, i)).trim().toLowerCase();
    const val = i < 0 ? '' : part.slice(i + 1).trim();
    switch (key) {
      case 'domain':
        c.domain = val.replace(/^\./, '').toLowerCase();
        break;
      case 'path':
        c.path = val;
        break;
      case 'secure':
        c.secure = true;
        break;
      case 'httponly':
        c.httpOnly = true;
        break;
      case 'max-age': {
        const n = Number.parseInt(val, 10);
        if (Number.isFinite(n)) c.maxAge = n <= 0 ? -1 : n;
        break;
      }
      case 'expires': {
        const t = Date.parse(val);
        if (Number.isFinite(t)) c.expires = t;
        break;
      }
      default:
        break;
    }
  }
  return c;
}

export class DoubleCookieJar {
  private cookies: StoredCookie[] = [];
  /** Stores Set-Cookie header values received for `url` (Go's Jar.SetCookies). */
  storeSetCookies(url: string, lines: string[]): void {
    for (const line of lines) {
      const c = parseSetCookie(line);
      if (c) this.storeParsed(url, c);
    }
  }

  private storeParsed(url: string, c: ParsedSetCookie): void {
    const u = httpUrlOf(url);
    const host = u.hostname.toLowerCase();
    let domain = host;
    let hostOnly = true;
    if (c.domain && c.domain !== host) {
      // a Domain attribute must domain-match the host; IP hosts accept only themselves
      if (isIp(host) || !host.endsWith(`.${c.domain}`)) return;
      domain = c.domain;
      hostOnly = false;
    } else if (c.domain) {
      hostOnly = isIp(host);
    }
    const path = c.path?.startsWith('/') ? c.path : defaultPath(u.pathname);
    const now = Date.now();
    let expires: number | null = null;
    if (c.maxAge < 0)
      expires = 0; // delete
    else if (c.maxAge > 0) expires = now + c.maxAge * 1000;
    else if (c.expires) expires = c.expires;
    const idx = this.cookies.findIndex((x) => x.name === c.name && x.domain === domain && x.path === path);
    if (expires !== null && expires <= now) {
      if (idx >= 0) this.cookies.splice(idx, 1);
      return;
    }
    const stored: StoredCookie = {
      name: c.name,
      value: c.value,
      domain,
      hostOnly,
      path,
      secure: c.secure,
      httpOnly: c.httpOnly,
      expires,
      maxAge: Math.max(c.maxAge, 0),
      created: idx >= 0 ? this.cookies[idx]!.created : now,
      seq: idx >= 0 ? this.cookies[idx]!.seq : ++seqCounter,
    };
    if (idx >= 0) this.cookies[idx] = stored;
    else this.cookies.push(stored);
  }

  /** Cookies to send to `url`, in Go's order (longer paths first, then older first). */
  matching(url: string): StoredCookie[] {
    const u = httpUrlOf(url);
    const host = u.hostname.toLowerCase();
    const https = u.protocol === 'https:';
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expires === null || c.expires > now);
    return this.cookies
      .filter((c) => (c.hostOnly ? c.domain === host : host === c.domain || host.endsWith(`.${c.domain}`)))
      .filter((c) => pathMatch(u.pathname || '/', c.path))
      .filter((c) => !c.secure || https)
      .sort((a, b) => b.path.length - a.path.length || a.seq - b.seq);
  }

  /** The Cookie header value for `url`, or '' when there is none. */
  cookieHeader(url: string): string {
    return this.matching(url)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookiesForURL(url: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const c of this.matching(url)) (out[c.name] ??= []).push(c.value);
    return out;
  }
}
