// k6 test double: a request body as k6/http encodes it: strings and binary as is, an object as a
// form (url-encoded, or multipart when it holds an http.file()). Sets the Content-Type it implies.
import { textEncoder, toBytes } from './convert.ts';
import { isFileData } from './http-params.ts';

/** Request headers by lower-case name: [name as given, value]. */
export type HeaderMap = Map<string, [string, string]>;

export function encodeBody(body: unknown, headers: HeaderMap): Uint8Array | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return toBytes(body);
  if (typeof body === 'object') {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.some(([, v]) => isFileData(v))) return multipartBody(entries, headers);
    // Go's url.Values.Encode(): keys sorted, query-escaped
    const sp = new URLSearchParams();
    for (const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) sp.append(k, String(v));
    if (!headers.has('content-type')) headers.set('content-type', ['Content-Type', 'application/x-www-form-urlencoded']);
    return textEncoder.encode(sp.toString());
  }
  return toBytes(String(body));
}

function multipartBody(entries: [string, unknown][], headers: HeaderMap): Uint8Array {
  const boundary = `k6doubleboundary${Math.random().toString(16).slice(2)}`;
  const chunks: Uint8Array[] = [];
  for (const [k, v] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (isFileData(v)) {
      chunks.push(textEncoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${v.filename ?? 'file'}"\r\nContent-Type: ${v.content_type ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(toBytes(v.data));
      chunks.push(textEncoder.encode('\r\n'));
    } else {
      chunks.push(textEncoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`));
    }
  }
  chunks.push(textEncoder.encode(`--${boundary}--\r\n`));
  if (!headers.has('content-type')) headers.set('content-type', ['Content-Type', `multipart/form-data; boundary=${boundary}`]);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}
