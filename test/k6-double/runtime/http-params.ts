// k6 test double: the shapes k6/http takes from scripts: request params, http.url`` values and
// http.file() parts.
import type { CookiesParam } from './cookies.ts';
import type { ResponseCallback } from './response-callback.ts';

/** What http.url`...` returns: the URL plus its template as the `name` tag. */
export interface HttpURL { __brand: 'http-url'; url: string; name: string }

/** What http.file() returns: a multipart file part. */
export interface FileData { __k6doubleFile: true; data: string | ArrayBuffer; filename?: string; content_type?: string }

export interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, unknown>;
  timeout?: string | number;
  jar?: unknown;
  responseType?: 'text' | 'binary' | 'none';
  redirects?: number;
  cookies?: CookiesParam;
  responseCallback?: ResponseCallback;
  auth?: string;
  compression?: string;
}

export function isHttpURL(v: unknown): v is HttpURL {
  return !!v && typeof v === 'object' && (v as HttpURL).__brand === 'http-url';
}

export function isFileData(v: unknown): v is FileData {
  return !!v && typeof v === 'object' && '__k6doubleFile' in (v as object);
}
