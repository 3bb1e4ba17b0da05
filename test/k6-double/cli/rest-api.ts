// k6 test double: the part of k6's REST API (api/v1) that the k6-operator's starter and tests use:
//   GET   /v1/status  -> {"data":{"type":"status","id":"default","attributes":{status,paused,vus,
//                         "vus-max",stopped,running,tainted}}}
//   PATCH /v1/status  -> attributes.stopped=true stops the test; otherwise attributes.paused=false
//                        resumes a paused run (k6 refuses other pause changes with 500 "Pause error")
// Errors have k6's shape: {"errors":[{"status":"400","title":"Invalid data","detail":...}]}.
// Unlike k6 (localhost:6565 by default) the double serves this only when given --address.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunControl } from './run-control.ts';

export interface StatusSource {
  control: RunControl;
  /** Currently active VUs. */
  vus(): number;
  /** Initialised VUs. */
  vusMax(): number;
  /** Whether a threshold is crossed now. */
  tainted(): boolean;
  /** The first scenario, named in k6's pause error. */
  firstExecutor(): { type: string; name: string };
}

export interface StatusAttributes {
  status: number;
  paused: boolean;
  vus: number;
  'vus-max': number;
  stopped: boolean;
  running: boolean;
  tainted: boolean;
}

export function statusDocument(src: StatusSource) {
  const attributes: StatusAttributes = {
    status: src.control.status,
    paused: src.control.isPaused,
    vus: src.vus(),
    'vus-max': src.vusMax(),
    stopped: src.control.stopped,
    running: src.control.running,
    tainted: src.tainted(),
  };
  return { data: { type: 'status', id: 'default', attributes } };
}

export function apiError(status: number, title: string, detail: string) {
  return { errors: [{ status: String(status), title, detail }] };
}

/** Applies a PATCH /v1/status body; returns the HTTP code and the document to answer. Pure but for `src`. */
export function patchStatus(src: StatusSource, body: string): { code: number; doc: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return { code: 400, doc: apiError(400, 'Invalid data', (e as Error).message) };
  }
  const attrs = (parsed as { data?: { attributes?: Record<string, unknown> } } | null)?.data?.attributes;
  if (parsed === null || typeof parsed !== 'object' || (attrs !== undefined && typeof attrs !== 'object')) {
    return {
      code: 400,
      doc: apiError(400, 'Invalid data', 'json: cannot unmarshal into Go value of type v1.StatusJSONAPI'),
    };
  }
  if (attrs?.stopped === true) src.control.stop();
  else if (typeof attrs?.paused === 'boolean') {
    const outcome = src.control.setPaused(attrs.paused, src.firstExecutor());
    if (!outcome.ok) return { code: 500, doc: apiError(500, 'Pause error', outcome.detail) };
  }
  return { code: 200, doc: statusDocument(src) };
}

function send(res: ServerResponse, code: number, doc: unknown): void {
  const text = JSON.stringify(doc);
  res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function handle(src: StatusSource, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  if (path !== '/v1/status')
    return send(res, 404, apiError(404, 'Not Found', `the k6 test double serves /v1/status only, not ${path}`));
  if (req.method === 'GET') return send(res, 200, statusDocument(src));
  if (req.method !== 'PATCH') return send(res, 405, apiError(405, 'Method Not Allowed', `${req.method} /v1/status`));
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => {
    body += c;
  });
  req.on('end', () => {
    const { code, doc } = patchStatus(src, body);
    send(res, code, doc);
  });
}

/** Parses host:port as k6's --address (":6565" means every interface; the double binds 127.0.0.1 then). */
export function parseAddress(address: string): { host: string; port: number } | string {
  const m = /^(.*):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535) return `invalid --address "${address}": expected host:port, e.g. 127.0.0.1:6565`;
  const host = m[1]!.replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' || host === '0.0.0.0' ? '127.0.0.1' : host, port };
}

export interface RestApi {
  /** host:port it listens on. */
  address: string;
  close(): Promise<void>;
}

export async function startRestApi(src: StatusSource, address: string): Promise<RestApi> {
  const where = parseAddress(address);
  if (typeof where === 'string') throw new Error(where);
  const server: Server = createServer((req, res) => handle(src, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return {
    address: `${a.address}:${a.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
