// k6 test double: pure value conversions shared by the runtime modules (bytes, tags, headers,
// durations, log arguments, the wall clock).
import { safeJson } from './errors.ts';
import type { Tags } from '../types.ts';

export const textEncoder = new TextEncoder();
export const textDecoder = new TextDecoder('utf-8');

/** A string (UTF-8), ArrayBuffer or typed array as bytes; anything else via String(). */
export function toBytes(v: unknown): Uint8Array {
  if (typeof v === 'string') return textEncoder.encode(v);
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return textEncoder.encode(String(v));
}

/** A copy of the bytes in a fresh ArrayBuffer (what k6 hands to scripts as binary). */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(b.byteLength);
  new Uint8Array(out).set(b);
  return out;
}

/** Go's textproto.CanonicalMIMEHeaderKey */
export function canonicalHeaderKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

/** k6 durations: "10s", "1m30s", "500ms" or a number of milliseconds. */
export function parseDurationMs(v: unknown, fallback: number): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v) return fallback;
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h|d)/g;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(v))) {
    matched += m[0];
    const n = Number(m[1]);
    const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2]!]!;
    total += n * unit;
  }
  if (matched !== v) {
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000; // bare number in a string means seconds
    return fallback;
  }
  return total;
}

/** Tag values as strings; null and undefined values are dropped. */
export function stringifyTags(t: Record<string, unknown> | null | undefined): Tags {
  const out: Tags = {};
  if (!t) return out;
  for (const [k, v] of Object.entries(t)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

/** Epoch milliseconds, fractional. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One console.log argument as k6 prints it. */
export function formatArg(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.stack ?? String(a);
  if (typeof a === 'object' && a !== null) return safeJson(a);
  return String(a);
}
