// k6 test double companion: which k6 the end-to-end tests run. A REAL k6 when one is present
// (K6_BIN, then `k6` on PATH, version >= 1.6 from `k6 version`), else the double's bin/k6, so the
// double path stays exercised on machines without k6. The double ("-double" in its version) is never
// taken for real k6. Test-only; version parsing is the product's (cli/k6/binary.ts).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSupported, parseK6Version, whichK6 } from '../../cli/k6/binary.ts';

/** The double's stand-in for the k6 binary. */
export const DOUBLE_K6 = join(fileURLToPath(new URL('.', import.meta.url)), 'bin', 'k6');

export type RealK6 = { bin: string; version: string } | { skip: string };

export interface PickedK6 {
  bin: string;
  /** real k6, or the double */
  real: boolean;
  /** which one and why, for a test diagnostic */
  note: string;
}

/** The k6 for end-to-end tests: real k6 when present, else the double (with the reason). */
export function pickK6(env: NodeJS.ProcessEnv = process.env): PickedK6 {
  const real = findRealK6(env);
  return 'bin' in real
    ? { bin: real.bin, real: true, note: `real k6 ${real.version}` }
    : { bin: DOUBLE_K6, real: false, note: `k6 test double (${real.skip})` };
}

/** A real k6 binary, or why none is usable. */
export function findRealK6(env: NodeJS.ProcessEnv = process.env): RealK6 {
  const candidates: [string, string][] = [];
  if (env.K6_BIN) candidates.push([env.K6_BIN, `K6_BIN=${env.K6_BIN}`]);
  const onPath = whichK6(env.PATH);
  if (onPath) candidates.push([onPath, `${onPath} (PATH)`]);
  if (candidates.length === 0) {
    return {
      skip: 'real k6 not found: set K6_BIN or put k6 (>= 1.6) on PATH to run the real-k6 variant of these tests',
    };
  }
  const reasons: string[] = [];
  for (const [bin, label] of candidates) {
    const r = spawnSync(bin, ['version'], { encoding: 'utf8', timeout: 10000 });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const v = r.status === 0 ? parseK6Version(out) : null;
    if (!v) {
      reasons.push(`${label}: \`k6 version\` failed or printed no version`);
      continue;
    }
    if (v.suffix.includes('double') || out.includes('test double')) {
      reasons.push(`${label} is the aurora-load k6 test double, not k6`);
      continue;
    }
    if (!isSupported(v)) {
      reasons.push(`${label} is k6 v${v.major}.${v.minor}.${v.patch}, older than 1.6`);
      continue;
    }
    return { bin, version: `v${v.major}.${v.minor}.${v.patch}${v.suffix}` };
  }
  return { skip: `real k6 not usable: ${reasons.join('; ')}` };
}
