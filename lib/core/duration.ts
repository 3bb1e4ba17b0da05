// k6 duration strings ('1m30s', '500ms', '2h') to seconds and back. lib/core, tiny, so
// bundles need not pull in the zod-based options schema for it.

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
const WHOLE = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;

/** Seconds of a k6 duration string; throws naming the value when it is not one. A bare number is seconds. */
export function parseDurationSeconds(d: string | number, what = 'duration'): number {
  if (typeof d === 'number') {
    if (Number.isFinite(d) && d >= 0) return d;
    throw new Error(`${what} ${d} must be a number of seconds >= 0`);
  }
  const s = d.trim();
  if (!WHOLE.test(s)) throw new Error(`${what} "${d}" is not a k6 duration; write e.g. "30s", "5m" or "1h30m"`);
  let total = 0;
  for (const m of s.matchAll(PART)) total += Number(m[1]) * UNIT_SECONDS[m[2]];
  return total;
}

/** A k6 duration string for whole or fractional seconds: 90 -> '90s', 0.25 -> '250ms'. */
export function formatDuration(seconds: number): string {
  if (Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1000)}ms`;
}
