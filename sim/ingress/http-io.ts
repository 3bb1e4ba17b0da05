/** Small I/O helpers for the ingress: bounded body reading and JSON responses. */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

export const REPLICA_HEADER = 'X-Aurora-Sim-Replica';
export const FAULT_HEADER = 'X-Aurora-Sim-Fault';

/** ingress-nginx `proxy-body-size: 50m`. */
export const DEFAULT_BODY_LIMIT = 50 * 1024 * 1024;

export type BodyResult = { ok: true; body: Buffer | null } | { ok: false; tooLarge: boolean };

/** Reads the whole body (nginx buffers it before proxying), refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number, done: (r: BodyResult) => void): void {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) {
    done({ ok: true, body: null });
    return;
  }
  if (declared !== undefined && Number(declared) > limit) {
    done({ ok: false, tooLarge: true });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (r: BodyResult): void => {
    if (!finished) {
      finished = true;
      done(r);
    }
  };
  req.on('data', (chunk: Buffer) => {
    if (finished) return;
    size += chunk.length;
    if (size > limit) {
      finish({ ok: false, tooLarge: true });
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => finish({ ok: true, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) }));
  req.on('error', () => finish({ ok: false, tooLarge: false }));
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  extra?: OutgoingHttpHeaders,
  head = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: OutgoingHttpHeaders = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  };
  res.writeHead(status, headers);
  res.end(head ? undefined : body);
}
