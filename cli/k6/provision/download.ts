// HTTP(S) downloads of the k6 release files, through HTTP(S)_PROXY / NO_PROXY when set (undici's
// ProxyAgent), following redirects (GitHub answers with one to its file host). A file is
// streamed to disk while its SHA-256 is computed; every failure becomes a DownloadError whose message
// names the URL and the cause (HTTP status, proxy, refused connection, DNS, truncated body).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Agent, fetch, ProxyAgent, type Dispatcher } from 'undici';

export class DownloadError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

const STALL_MS = 30_000;

/** Pure: whether NO_PROXY ("*", "host", ".domain", "host:port", comma- or space-separated) exempts `url`. */
export function noProxyMatches(url: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const { hostname, port } = new URL(url);
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((rule) => {
      if (rule === '*') return true;
      const [h, p] = rule
        .toLowerCase()
        .replace(/^\*?\./, '.')
        .split(':');
      if (p && p !== port) return false;
      return h!.startsWith('.') ? hostname.endsWith(h!) || hostname === h!.slice(1) : hostname === h;
    });
}

/** The proxy for `url` from HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case) in `env`, if any. */
export function proxyFor(url: string, env: Record<string, string | undefined>): string | undefined {
  const https = url.startsWith('https:');
  const proxy = (https ? (env.HTTPS_PROXY ?? env.https_proxy) : (env.HTTP_PROXY ?? env.http_proxy)) || undefined;
  return proxy && !noProxyMatches(url, env.NO_PROXY ?? env.no_proxy) ? proxy : undefined;
}

/** An HTTP client for `url`: through its proxy when the environment names one. */
export function makeDispatcher(url: string, env: Record<string, string | undefined>): Dispatcher {
  const timeouts = { headersTimeout: STALL_MS, bodyTimeout: STALL_MS, connect: { timeout: STALL_MS } };
  const proxy = proxyFor(url, env);
  return proxy ? new ProxyAgent({ uri: proxy, ...timeouts }) : new Agent(timeouts);
}

/** The error and its causes, outermost first (fetch wraps undici's errors one or two deep). */
function causeChain(err: unknown): { message?: string; code?: unknown }[] {
  const chain: { message?: string; code?: unknown }[] = [];
  for (
    let e = err as { message?: string; code?: unknown; cause?: unknown } | undefined;
    e && chain.length < 5;
    e = e.cause as typeof e
  )
    chain.push(e);
  return chain;
}

/** Pure: a person-readable cause for a fetch failure. */
export function describeFailure(err: unknown, proxy: string | undefined): string {
  const chain = causeChain(err);
  const via = proxy ? ` (through the proxy ${proxy})` : '';
  const proxyAnswer = chain.map((e) => /Proxy response \((\d+)\)/.exec(e.message ?? '')).find(Boolean);
  if (proxyAnswer) return `proxy error: the proxy answered HTTP ${proxyAnswer[1]} to CONNECT (proxy ${proxy})`;
  const code = chain.map((e) => e.code).find((c): c is string => typeof c === 'string');
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused${via}: no network, or nothing listens there`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found${via}: no network or no DNS`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection closed early${via}`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return `no answer within ${STALL_MS / 1000} s${via}`;
    default:
      break;
  }
  const msg = chain.at(-1)?.message ?? String(err);
  return proxy && /proxy/i.test(msg) ? `proxy error: ${msg} (proxy ${proxy})` : `${msg}${via}`;
}

async function get(url: string, dispatcher: Dispatcher, env: Record<string, string | undefined>) {
  const proxy = proxyFor(url, env);
  let res: Response;
  try {
    res = await fetch(url, { dispatcher, redirect: 'follow' });
  } catch (err) {
    throw new DownloadError(url, describeFailure(err, proxy));
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const from =
      proxy && (res.status === 407 || res.status === 502 || res.status === 504) ? ` from the proxy ${proxy}` : '';
    throw new DownloadError(url, `HTTP ${res.status} ${res.statusText}${from}`.trim());
  }
  return { res, proxy };
}

/** The body as text (the checksums file: small). */
export async function fetchText(
  url: string,
  dispatcher: Dispatcher,
  env: Record<string, string | undefined>,
): Promise<string> {
  const { res, proxy } = await get(url, dispatcher, env);
  try {
    return await res.text();
  } catch (err) {
    throw new DownloadError(url, describeFailure(err, proxy));
  }
}

export type Progress = (received: number, total: number | undefined) => void;

/** Streams the body into `dest`; returns its size and SHA-256. A short body (vs Content-Length) fails. */
export async function downloadTo(
  url: string,
  dest: string,
  dispatcher: Dispatcher,
  env: Record<string, string | undefined>,
  onProgress: Progress,
): Promise<{ bytes: number; sha256: string }> {
  const { res, proxy } = await get(url, dispatcher, env);
  const lengthHeader = res.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const hash = createHash('sha256');
  const file = createWriteStream(dest);
  let received = 0;
  try {
    onProgress(0, total);
    for await (const chunk of res.body ?? []) {
      const buf = chunk as Uint8Array;
      hash.update(buf);
      received += buf.byteLength;
      if (!file.write(buf)) await once(file, 'drain');
      onProgress(received, total);
    }
  } catch (err) {
    file.destroy();
    const got = total !== undefined ? ` after ${received} of ${total} bytes` : ` after ${received} bytes`;
    throw new DownloadError(url, `download cut short${got}: ${describeFailure(err, proxy)}`);
  } finally {
    file.end();
    await finished(file).catch(() => undefined);
  }
  if (total !== undefined && received !== total) {
    throw new DownloadError(url, `download cut short: got ${received} of ${total} bytes`);
  }
  return { bytes: received, sha256: hash.digest('hex') };
}
