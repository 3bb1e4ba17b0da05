// Whether the process a pid-named leftover names is gone: the one liveness rule for the run folders'
// `.<run>.partial-<pid>` (cli/run/folder/stale-partials.ts) and the pid-owned temp folders
// (owned-temp.ts).

/** Whether a process with this pid still runs (EPERM: it runs, as someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a folder named for process `pid` was left by a process that is gone: never our own, never a running one. */
export function ownerGone(pid: number, isAlive: (pid: number) => boolean, ownPid = process.pid): boolean {
  return pid !== ownPid && !isAlive(pid);
}
