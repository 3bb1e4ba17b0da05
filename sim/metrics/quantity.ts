/** Kubernetes resource quantities ("512Mi", "2Gi", "200m", "1") as numbers. Pure. */

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

/** Bytes (memory) or cores (cpu) of a quantity string; throws on a malformed one. */
export function parseQuantity(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]*)$/.exec(q.trim());
  if (!m) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(q)}`);
  const n = Number(m[1]);
  const suffix = m[2] as string;
  if (suffix === '') return n;
  const k = BINARY[suffix] ?? DECIMAL[suffix];
  if (k === undefined) throw new Error(`unknown quantity suffix in ${JSON.stringify(q)}`);
  return n * k;
}

export const MiB = 2 ** 20;
