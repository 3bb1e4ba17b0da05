// `npm run load`, in three steps. Returns the exit code; cli/load.ts only calls it and exits.
//   prepare (prepare.ts): plan, safety, dry run, confirmation, k6, baseline, secret, run folder
//   execute (execute.ts): simulator (local), target probe, bundle, Kubernetes watcher + k6
//   conclude (conclude.ts): analysis, gates, verdict, reports, secret scrub, commit, baseline
// What execute starts goes on a cleanup stack that unwinds in reverse order on every path out
// (success, failure, Ctrl-C): no simulator, k6 or watcher outlives the run.
import type { LoadArgs } from '../plan/index.ts';
import { releaseGuard, stopAll } from '../processes/index.ts';
import { EXIT } from '../verdict/index.ts';
import { CleanupStack } from './cleanup-stack.ts';
import { concludeLoad } from './conclude.ts';
import { executeLoad } from './execute.ts';
import { watchInterrupts } from './interrupts.ts';
import { prepareLoad, type RunIo } from './prepare.ts';

export type { RunIo } from './prepare.ts';

export async function runLoad(args: LoadArgs, io: RunIo): Promise<number> {
  const say = (line: string) => io.err(`${line}\n`);
  const prepared = await prepareLoad(args, io);
  if ('exitCode' in prepared) return prepared.exitCode;
  const run = prepared.ready;

  const cleanup = new CleanupStack();
  cleanup.push('orphan guard', () => releaseGuard()); // last: once every child is stopped
  cleanup.push('child processes', () => stopAll());
  const interrupts = watchInterrupts(say);
  cleanup.push('signal handlers', () => interrupts.dispose());
  try {
    const executed = await executeLoad(run, io, cleanup, interrupts);
    if (executed.stoppedBeforeLoad) {
      for (const line of executed.stoppedBeforeLoad) say(line);
      run.folder.discard();
      return EXIT.invalidConfig;
    }
    return await concludeLoad(run, executed, io, interrupts);
  } catch (err) {
    say(`aurora-load: ${(err as Error).message}`);
    say(`  what was collected stays in ${run.folder.workDir}`);
    return EXIT.runFailed;
  } finally {
    await cleanup.unwind((step, err) => say(`aurora-load: cleanup (${step}) failed: ${(err as Error).message}`));
  }
}
