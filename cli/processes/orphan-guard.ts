// The orphan guard: a tiny watchdog process that outlives the CLI only to stop what the CLI started.
// The CLI holds the write end of the guard's stdin and tells it each child's pid ("+<pid>") and each
// child that ended ("-<pid>"). When that pipe closes without a goodbye ("bye"), the CLI died (even by
// SIGKILL, which no handler sees): the guard sends SIGTERM, then SIGKILL, to every child's process
// group and exits. k6 cannot watch its parent itself; this ties it (and the simulator) to the CLI's
// life on every platform Node runs on (process groups where they exist, the pid alone elsewhere).
import { spawn, type ChildProcess } from 'node:child_process';

/** Seconds between the guard's SIGTERM and its SIGKILL. */
export const GUARD_GRACE_MS = 3000;

// Plain JavaScript run by `node -e`: no loader, no file to find, a few MB of memory.
export const GUARD_SOURCE = `
const pids = new Set();
let bye = false, carry = '';
const hit = (pid, sig) => { try { process.kill(-pid, sig); } catch { try { process.kill(pid, sig); } catch {} } };
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => {
  const lines = (carry + d).split('\\n');
  carry = lines.pop();
  for (const l of lines) {
    if (l === 'bye') bye = true;
    else if (l[0] === '+') pids.add(Number(l.slice(1)));
    else if (l[0] === '-') pids.delete(Number(l.slice(1)));
  }
});
process.stdin.on('close', () => {
  if (bye || pids.size === 0) process.exit(0);
  for (const p of pids) hit(p, 'SIGTERM');
  setTimeout(() => { for (const p of pids) hit(p, 'SIGKILL'); process.exit(0); }, ${GUARD_GRACE_MS});
});
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
`;

export interface OrphanGuard {
  watch(pid: number): void;
  forget(pid: number): void;
  /** The CLI ends normally: the guard exits without stopping anything. */
  release(): void;
  readonly pid: number | undefined;
}

/** Starts the guard. It never keeps the CLI's event loop alive. */
export function startOrphanGuard(): OrphanGuard {
  const guard: ChildProcess = spawn(process.execPath, ['-e', GUARD_SOURCE], {
    stdio: ['pipe', 'ignore', 'ignore'],
    // Its own process group: a terminal's Ctrl-C to the CLI's group does not end it early.
    detached: true,
    windowsHide: true,
  });
  guard.on('error', () => {}); // no guard is no worse than before; the run goes on
  guard.stdin?.on('error', () => {});
  guard.unref();
  (guard.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  const send = (line: string) => {
    if (guard.stdin?.writable) guard.stdin.write(`${line}\n`);
  };
  return {
    pid: guard.pid,
    watch: (pid) => send(`+${pid}`),
    forget: (pid) => send(`-${pid}`),
    release() {
      send('bye');
      guard.stdin?.end();
    },
  };
}
