// Numbers formatted for people, shared by gates, reports and compare.

/** Milliseconds with a precision that suits the size: 0.42 ms, 12.3 ms, 412 ms, 2.35 s, 3m05s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  if (abs < 10) return `${trim(ms.toFixed(2))} ms`;
  if (abs < 100) return `${trim(ms.toFixed(1))} ms`;
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(2))} s`;
  const s = Math.round(ms / 1000);
  return `${ms < 0 ? '-' : ''}${Math.floor(Math.abs(s) / 60)}m${String(Math.abs(s) % 60).padStart(2, '0')}s`;
}

/** A share (0..1) as a percentage: 0.0279 -> "2.79%". */
export function formatPct(share: number): string {
  if (!Number.isFinite(share)) return String(share);
  const pct = share * 100;
  const digits = pct !== 0 && Math.abs(pct) < 1 ? 3 : 2;
  return `${trim(pct.toFixed(digits))}%`;
}

/** Seconds, whole: "23 s", "4m10s". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 120) return `${s} s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** A plain number without float noise: 13.166646 -> "13.17", 170 -> "170". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return trim(n.toFixed(Math.abs(n) < 1 ? 4 : 2));
}

/** A signed relative change: +12.5%, -3%. */
export function formatDelta(share: number): string {
  if (!Number.isFinite(share)) return share > 0 ? '+∞' : 'n/a';
  return `${share >= 0 ? '+' : ''}${trim((share * 100).toFixed(1))}%`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
