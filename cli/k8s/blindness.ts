// When the watcher is blind, pure: stream failures and recoveries in, blind spans and the lines to
// print out. One failure is a reconnect, not blindness (a watch may drop); the watcher is blind
// once a stream has failed BLIND_AFTER_FAILURES times in a row, or at once when the API refuses the
// credentials (401/403: retrying will not help). The span starts at the first failure, because
// nothing was seen from then, and ends when every stream is back or the watcher stops.
import type { BlindSpan } from '../verdict/index.ts';

export const BLIND_AFTER_FAILURES = 3;

interface StreamHealth {
  failures: number;
  since?: number;
}

export interface Blindness {
  streams: Map<string, StreamHealth>;
  open?: { from: number; reason: string };
  spans: BlindSpan[];
  /** The watcher's start, for the "+12.3s" offsets of the lines. */
  startedAt: number;
}

export function newBlindness(startedAt: number): Blindness {
  return { streams: new Map(), spans: [], startedAt };
}

const offset = (b: Blindness, t: number) => `+${((t - b.startedAt) / 1000).toFixed(1)}s`;

/** A stream failed. Returns the line to print when this makes the watcher blind, else null. */
export function streamFailed(b: Blindness, stream: string, reason: string, t: number, fatal: boolean): string | null {
  const h = b.streams.get(stream) ?? { failures: 0 };
  h.failures += 1;
  h.since ??= t;
  b.streams.set(stream, h);
  if (b.open || !(fatal || h.failures >= BLIND_AFTER_FAILURES)) return null;
  b.open = { from: h.since, reason };
  return (
    `[k8s ${offset(b, t)}] WATCHER BLIND since ${offset(b, h.since)}: ${reason}; ` +
    'HPA gates over this time cannot be judged (still retrying)'
  );
}

/** A stream is connected again. Returns the line to print when the watcher sees again, else null. */
export function streamUp(b: Blindness, stream: string, t: number): string | null {
  b.streams.set(stream, { failures: 0 });
  if (!b.open || [...b.streams.values()].some((h) => h.failures > 0)) return null;
  const span = { from: b.open.from, to: t, reason: b.open.reason };
  b.spans.push(span);
  b.open = undefined;
  return `[k8s ${offset(b, t)}] watcher sees the cluster again after ${((t - span.from) / 1000).toFixed(1)} s blind`;
}

/** The watcher stops (or never started): an open span ends here. Returns every span. */
export function closeBlindness(b: Blindness, t: number): BlindSpan[] {
  if (b.open) {
    b.spans.push({ from: b.open.from, to: t, reason: b.open.reason });
    b.open = undefined;
  }
  return [...b.spans];
}
