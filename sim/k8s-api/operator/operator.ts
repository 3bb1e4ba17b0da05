// The simulated grafana/k6-operator: watches the store's TestRuns and runs each one created
// (testrun-controller.ts) with the k6 binary the simulator was given; a deleted TestRun (or the
// simulator closing) stops its runners and removes its jobs, pods and temp files. Runner processes
// are registered with an orphan guard (the CLI's, cli/processes/orphan-guard.ts), so none outlives
// the simulator, even one killed with SIGKILL.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type OrphanGuard, startOrphanGuard } from '../../../cli/processes/orphan-guard.ts';
import { ownedTempDir } from '../../../cli/processes/owned-temp.ts';
import type { KubeObject } from '../objects.ts';
import type { ObjectStore } from '../store.ts';
import { TestRunController } from './testrun-controller.ts';

export interface OperatorOptions {
  store: ObjectStore;
  /** Simulated wall-clock ms (timestamps). */
  nowMs: () => number;
  /** The k6 the runners run (real k6, or the test double); unset: every TestRun ends in stage error. */
  k6Binary?: string;
  /** Real ms between SIGTERM and SIGKILL for a runner being stopped. Default 5000. */
  graceMs?: number;
  /** Real ms the runners get to become Ready. Default 120000. */
  readyTimeoutMs?: number;
}

export interface Operator {
  /** The log of a pod the operator made, or undefined. */
  podLog(namespace: string, name: string): string | undefined;
  /** Stops a TestRun's runners and removes what it made; resolves when done. */
  finalize(testrun: KubeObject): Promise<void>;
  /** Stops every runner. */
  close(): Promise<void>;
}

export function startOperator(opts: OperatorOptions): Operator {
  const runs = new Map<string, TestRunController>();
  const finalizing = new Map<string, Promise<void>>();
  let root: string | undefined;
  let guard: OrphanGuard | undefined;
  const guardOf = () => (guard ??= startOrphanGuard());

  const begin = (testrun: KubeObject): void => {
    const uid = String(testrun.metadata.uid);
    if (runs.has(uid) || finalizing.has(uid)) return;
    // Owned by the simulator's pid: a killed simulator's is swept by the next one (owned-temp.ts).
    root ??= ownedTempDir('aurora-sim-testruns-');
    const controller = new TestRunController(
      {
        store: opts.store,
        nowMs: opts.nowMs,
        k6Binary: opts.k6Binary,
        workDir: join(root, `${testrun.metadata.name}-${uid.slice(0, 8)}`),
        guard: guardOf,
        graceMs: opts.graceMs ?? 5000,
        readyTimeoutMs: opts.readyTimeoutMs ?? 120_000,
      },
      testrun,
    );
    runs.set(uid, controller);
    // Outside the store's event fan-out: the controller writes to the store itself.
    setImmediate(
      () => void controller.run().catch((err) => console.error('aurora-sim operator: a TestRun failed:', err)),
    );
  };

  const finalize = (testrun: KubeObject): Promise<void> => {
    const uid = String(testrun.metadata.uid);
    let done = finalizing.get(uid);
    if (!done) {
      done = (runs.get(uid)?.cancel() ?? Promise.resolve()).finally(() => runs.delete(uid));
      finalizing.set(uid, done);
    }
    return done;
  };

  const stopWatching = opts.store.watch('testruns', {}, undefined, (type, object) => {
    if (type === 'ADDED') begin(object);
    else if (type === 'DELETED') void finalize(object);
  });
  if (stopWatching === 'expired') throw new Error('operator: the store refused a watch from now');

  return {
    podLog(namespace, name) {
      for (const run of runs.values()) {
        const log = run.podLog(namespace, name);
        if (log !== undefined) return log;
      }
      return undefined;
    },
    finalize,
    async close() {
      stopWatching();
      await Promise.all([...runs.entries()].map(([uid, run]) => finalizing.get(uid) ?? run.cancel()));
      runs.clear();
      guard?.release();
      guard = undefined;
      if (root) rmSync(root, { recursive: true, force: true });
    },
  };
}
