// Child processes the CLI started, so that every exit path (normal end, error, Ctrl-C, SIGTERM)
// stops them: no orphaned simulator or k6. Each child is spawned detached in its own process group
// so a signal reaches its grandchildren (tsx -> node) too, and each is registered with the orphan
// guard (orphan-guard.ts), which stops them should the CLI die without a chance to (SIGKILL).
import type { ChildProcess } from 'node:child_process';
import { startOrphanGuard, type OrphanGuard } from './orphan-guard.ts';

const live = new Set<ChildProcess>();
let guard: OrphanGuard | undefined;

export function track(child: ChildProcess): void {
  live.add(child);
  const pid = child.pid;
  if (pid) {
    guard ??= startOrphanGuard();
    guard.watch(pid);
  }
  child.once('exit', () => {
    live.delete(child);
    if (pid) guard?.forget(pid);
  });
}

/** The CLI is about to end on its own: the guard goes without stopping anything. */
export function releaseGuard(): void {
  guard?.release();
  guard = undefined;
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Sends a signal to the child's process group (falls back to the child alone). */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid || !isRunning(child)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after graceMs if it is still there. */
export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (!isRunning(child)) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Stops every tracked child; used on the way out, whatever the way. */
export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...live].map((c) => stop(c, graceMs)));
}

/** Last resort from a synchronous 'exit' handler: SIGKILL whatever is left. */
export function killAllNow(): void {
  for (const c of live) signalGroup(c, 'SIGKILL');
  releaseGuard();
}
