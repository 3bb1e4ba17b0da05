// One request to the Kubernetes API with the kubeconfig's credentials (tokens, client certificates,
// exec plugins: client-node applies them), bounded by a timeout. The preflight's only I/O to the
// cluster; the watcher streams through client-node's Watch instead.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export type ApiAnswer = { status: number; body: unknown } | { error: string };

export type ApiRequest = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<ApiAnswer>;

/** A network error as its code ("ECONNREFUSED", "timeout"), never with headers or tokens. */
function errorCode(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? (e.message ?? String(err)).split('\n')[0].slice(0, 160);
}

export function kubeApiRequest(kc: KubeConfig, timeoutMs = 10_000): ApiRequest {
  return async (method, path, body) => {
    const server = kc.getCurrentCluster()?.server ?? '';
    const url = new URL(path, server.endsWith('/') ? server : `${server}/`);
    const opts: RequestOptions = { method, headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      return { error: `credentials: ${errorCode(err)}` };
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    opts.headers = {
      ...(opts.headers as Record<string, string>),
      Accept: 'application/json',
      ...(payload ? { 'Content-Type': 'application/json' } : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    if (url.protocol !== 'https:') delete opts.agent;
    return new Promise<ApiAnswer>((resolve) => {
      const req = send(url, opts, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          if (text.length < 4_000_000) text += c;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: kept as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', (err) => resolve({ error: errorCode(err) }));
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error('timeout'), { code: `no answer in ${timeoutMs / 1000} s` })),
      );
      req.on('error', (err) => resolve({ error: errorCode(err) }));
      req.end(payload);
    });
  };
}
