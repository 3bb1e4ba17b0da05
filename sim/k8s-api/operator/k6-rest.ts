// The starter's side of k6's REST API (api/v1): GET /v1/status to see that a runner is up and
// paused, PATCH /v1/status {"data":{"type":"status","id":"default","attributes":{"paused":false}}}
// to start it. Over loopback HTTP, with a short timeout.
import { request } from 'node:http';

export interface RunnerStatus {
  status: number;
  paused: boolean;
  running: boolean;
  stopped: boolean;
}

/** k6's lib.ExecutionStatus PausedBeforeRun: VUs initialised, waiting to be resumed. */
export const PAUSED_BEFORE_RUN = 4;

export const RESUME_BODY = JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } });

function call(
  address: string,
  method: 'GET' | 'PATCH',
  body?: string,
  timeoutMs = 2000,
): Promise<{ code: number; text: string }> {
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        method,
        path: '/v1/status',
        timeout: timeoutMs,
        headers: body ? { 'Content-Type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${address} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The runner's status, or undefined while its REST API does not answer. */
export async function runnerStatus(address: string): Promise<RunnerStatus | undefined> {
  try {
    const { code, text } = await call(address, 'GET');
    if (code !== 200) return undefined;
    const attrs = (JSON.parse(text) as { data?: { attributes?: RunnerStatus } }).data?.attributes;
    return attrs && typeof attrs.status === 'number' ? attrs : undefined;
  } catch {
    return undefined;
  }
}

/** Ready to be started together: answering, and paused with its VUs initialised (or already past that). */
export function isReady(s: RunnerStatus | undefined): boolean {
  return s !== undefined && s.status >= PAUSED_BEFORE_RUN;
}

/** PATCH paused=false; resolves with the HTTP code and the body (the starter's log line). */
export function resumeRunner(address: string): Promise<{ code: number; text: string }> {
  return call(address, 'PATCH', RESUME_BODY);
}
