import type { RestLimiter } from '../rate-limiter.ts';
import type { Identity } from '../auth.ts';
import type { Store } from '../store.ts';
import type { Pipeline } from '../../rca/pipeline.ts';
import type { RateCap } from '../../rca/rate-cap.ts';

export interface Reply {
  status: number;
  body: unknown;
}

export interface AppDeps {
  store: Store;
  pipeline: Pipeline;
  cap: RateCap;
  /** Flask-Limiter, when the simulator runs with --rate-limit. */
  limiter?: RestLimiter;
  /** Live view for /health/: celery workers and chatbot pods. */
  health: () => { celeryWorkers: number; chatbotPods: number };
}

export interface HandlerCtx {
  identity: Identity | null;
  /** The `{id}` / `{user_id}` path segment, if the route has one. */
  param: string;
  /** Raw query string without '?', '' if none. */
  query: string;
  /** Parsed JSON body; undefined when there was no body; INVALID_JSON when it did not parse. */
  body: unknown;
  deps: AppDeps;
}

export const INVALID_JSON: unique symbol = Symbol('invalid-json');

export type Handler = (ctx: HandlerCtx) => Reply;

export const reply = (status: number, body: unknown): Reply => ({ status, body });
export const INVALID_BODY = reply(400, { error: 'Invalid request body' });

/** Flask's request.get_json(silent=True) or {}. */
export function silentJson(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** Flask's request.get_json() for a route that 400s on a bad body. */
export function strictJson(body: unknown): Record<string, unknown> | null {
  if (body === INVALID_JSON || body === undefined || body === null || typeof body !== 'object' || Array.isArray(body))
    return null;
  return body as Record<string, unknown>;
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function queryParam(query: string, name: string): string | null {
  if (!query) return null;
  return new URLSearchParams(query).get(name);
}

/** request.args.get(name, default, type=int): a non-integer gives the default. */
export function intParam(query: string, name: string, dflt: number): number {
  const raw = queryParam(query, name);
  if (raw === null || !/^-?\d+$/.test(raw.trim())) return dflt;
  return Number.parseInt(raw, 10);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);
