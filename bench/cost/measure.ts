// The k6 cost benchmark's arithmetic, pure: CPU time and peak memory from Linux /proc text, medians
// over rounds, the interleaved run order, and the table printed at the end. Tested in
// test/bench/k6-cost.test.ts; the shell that runs k6 is bench/cost/run-k6.ts.

/** CPU of a process and of its reaped children, in clock ticks (fields 14-17 of /proc/<pid>/stat). */
export interface ProcCpu {
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may hold spaces or
 * parentheses itself, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcCpu {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ")": field 3 (state) is index 0, so field n is index n - 3.
  const f = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const at = (field: number): number => {
    const v = Number(f[field - 3]);
    if (!Number.isFinite(v)) throw new Error(`/proc stat field ${field} is not a number`);
    return v;
  };
  return { utime: at(14), stime: at(15), cutime: at(16), cstime: at(17) };
}

/** CPU-ms of the children reaped between two readings of the parent's own /proc/self/stat. */
export function childCpuMs(before: ProcCpu, after: ProcCpu, ticksPerSecond: number): number {
  const ticks = after.cutime + after.cstime - (before.cutime + before.cstime);
  return (ticks * 1000) / ticksPerSecond;
}

/** VmHWM (peak resident set) from /proc/<pid>/status, in kB; null when absent (a zombie, a non-Linux). */
export function parseVmHwmKb(status: string): number | null {
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return m ? Number(m[1]) : null;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export type Workload = 'rest' | 'chatbot';
export type Variant = 'suite' | 'bare';

/** Every (workload, variant) once per round, suite and bare back to back, so drift hits both alike. */
export function interleave(
  workloads: readonly Workload[],
  rounds: number,
): Array<{ round: number; workload: Workload; variant: Variant }> {
  const out: Array<{ round: number; workload: Workload; variant: Variant }> = [];
  for (let round = 1; round <= rounds; round++)
    for (const workload of workloads) {
      // Alternate which goes first, so neither always runs on a warmer machine.
      const order: Variant[] = round % 2 === 1 ? ['suite', 'bare'] : ['bare', 'suite'];
      for (const variant of order) out.push({ round, workload, variant });
    }
  return out;
}

/** One k6 run: its CPU, its peak RSS and the work it did (HTTP requests + WebSocket connections). */
export interface RunCost {
  cpuMs: number;
  maxRssKb: number;
  requests: number;
}

export interface CostRow {
  workload: Workload;
  suite: { cpuMsPerRequest: number; maxRssMb: number };
  bare: { cpuMsPerRequest: number; maxRssMb: number };
  cpuRatio: number;
  rssRatio: number;
}

/** Medians over rounds of CPU-ms per request and of max RSS, and the suite/bare ratios. */
export function costRow(workload: Workload, suite: readonly RunCost[], bare: readonly RunCost[]): CostRow {
  const perRequest = (runs: readonly RunCost[]) =>
    median(runs.map((r) => (r.requests > 0 ? r.cpuMs / r.requests : NaN)));
  const rss = (runs: readonly RunCost[]) => median(runs.map((r) => r.maxRssKb / 1024));
  const s = { cpuMsPerRequest: perRequest(suite), maxRssMb: rss(suite) };
  const b = { cpuMsPerRequest: perRequest(bare), maxRssMb: rss(bare) };
  return {
    workload,
    suite: s,
    bare: b,
    cpuRatio: s.cpuMsPerRequest / b.cpuMsPerRequest,
    rssRatio: s.maxRssMb / b.maxRssMb,
  };
}

/** Targets of issue 13: suite/bare CPU per request and RSS. */
export const TARGETS = { cpuRatio: 1.15, rssRatio: 1.3 } as const;

export function renderCostTable(rows: readonly CostRow[], label: string): string {
  const lines = [
    `k6-cost: ${label}`,
    '| workload | CPU-ms/request suite | bare | ratio (target <= 1.15) | max RSS suite | bare | ratio (target <= 1.3) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.workload} | ${r.suite.cpuMsPerRequest.toFixed(3)} | ${r.bare.cpuMsPerRequest.toFixed(3)} | ${r.cpuRatio.toFixed(2)}x | ` +
        `${r.suite.maxRssMb.toFixed(0)} MB | ${r.bare.maxRssMb.toFixed(0)} MB | ${r.rssRatio.toFixed(2)}x |`,
    );
  return lines.join('\n');
}
