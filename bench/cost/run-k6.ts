// Runs one k6 process for the cost benchmark and measures it: CPU from the parent's /proc/self/stat
// (cutime + cstime grow by exactly the child's user + system time once it is reaped), peak RSS from
// the child's /proc/<pid>/status VmHWM (polled; the high-water mark only grows), and the work done
// as the simulator counted it. Linux only; the pure parts are bench/cost/measure.ts.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childCpuMs, parseProcStat, parseVmHwmKb, type RunCost } from './measure.ts';

/** USER_HZ: clock ticks per second of /proc's CPU fields (100 on every common Linux). */
export function clockTicksPerSecond(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isInteger(n) && n > 0 ? n : 100;
}

const selfStat = () => parseProcStat(readFileSync('/proc/self/stat', 'utf8'));

function readHwmKb(pid: number): number | null {
  try {
    return parseVmHwmKb(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null; // exited between polls
  }
}

export interface K6Launch {
  k6: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Work the target served so far (HTTP requests + WebSocket connections), read before and after. */
  served: () => number;
  /** Kill k6 after this long (a stuck run must not hang the benchmark). */
  timeoutMs: number;
}

export async function measureK6(
  o: K6Launch,
  ticksPerSecond: number,
): Promise<RunCost & { exitCode: number | null; stderrTail: string }> {
  const servedBefore = o.served();
  const before = selfStat();
  const child = spawn(o.k6, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  let maxRssKb = 0;
  const poll = setInterval(() => {
    const kb = child.pid === undefined ? null : readHwmKb(child.pid);
    if (kb !== null && kb > maxRssKb) maxRssKb = kb;
  }, 100);
  const killer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  clearTimeout(killer);
  const cpuMs = childCpuMs(before, selfStat(), ticksPerSecond);
  return { cpuMs, maxRssKb, requests: o.served() - servedBefore, exitCode, stderrTail: stderr.slice(-600) };
}
