// Helpers of the `npm run load` end-to-end tests: run the CLI as a child process against the
// simulator (127.0.0.1), with real k6 when one is found and the k6 test double otherwise.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pickK6 } from '../k6-double/pick-k6.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FAST_ENV = join(ROOT, 'test/cli/fixtures/env-local-fast.yaml');
/** Each CLI run in these tests is bounded; nothing may hang the suite. */
export const RUN_TIMEOUT_MS = 120_000;

/** Real k6 when present, else the double (and the reason, for a visible test diagnostic). */
export const K6 = pickK6();

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh `aurora-load-<prefix>-XXXXXX` temp folder; given the test, it goes when the test ends, whatever the outcome. */
export function tempDir(prefix: string, t?: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), `aurora-load-${prefix}-`));
  t?.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts `npm run load -- <args>` (node --import tsx cli/load.ts, one process). */
export function startCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = RUN_TIMEOUT_MS,
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/load.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '', GITHUB_STEP_SUMMARY: '', K6_BIN: K6.bin, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done };
}

/**
 * When the test ends, whatever the outcome: a CLI still running (an assertion failed before it was
 * stopped) gets Ctrl-C and is awaited, then its folder is removed (no process still writing into it).
 */
export function endWithTest(
  t: TestContext,
  started: { child: ChildProcess; done: Promise<CliResult> },
  dir: string,
): void {
  t.after(async () => {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      started.child.kill('SIGINT');
      await started.done;
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
}

export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<CliResult> {
  return startCli(args, env, timeoutMs).done;
}

export interface LocalRun {
  r: CliResult;
  /** The run folder (`--out`). */
  out: string;
  /** Its parent, removed when the test ends; room for a second run beside the first. */
  dir: string;
}

/**
 * One `npm run load -- --env <fast local env> <args> --out <fresh folder>/run` against the simulator;
 * the folder goes when the test ends, whatever the outcome.
 */
export async function localRun(
  t: TestContext,
  prefix: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<LocalRun> {
  const dir = tempDir(prefix, t);
  const out = join(dir, 'run');
  const r = await runCli(['--env', FAST_ENV, ...args, '--out', out], env, timeoutMs);
  return { r, out, dir };
}

/** Every file under a folder, relative paths. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1))
    .sort();
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Descendant pids of a process (from ps), so a test can check none outlives the CLI. */
export function descendants(pid: number): number[] {
  const r = spawnSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of r.stdout.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Running (a zombie waiting for a reaper that this container may not have does not count). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function sizeOf(path: string): number {
  return statSync(path).size;
}
