// Each runner pod's k6 output kept in the run folder (runners/runner-<i>.log) before its pod goes
// with the TestRun. A log that cannot be read is said, never fatal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperatorClient, RunnerState } from '../../distributed/index.ts';

/** Each runner pod's log as runners/runner-<i>.log in the run folder (the scrub checks it like every file). */
export async function keepRunnerLogs(
  client: Pick<OperatorClient, 'podLog'>,
  runners: readonly RunnerState[],
  runDir: string,
  say: (line: string) => void,
): Promise<void> {
  const dir = join(runDir, 'runners');
  for (const r of runners) {
    if (r.reason === 'no pod') continue;
    try {
      const log = await client.podLog(r.pod);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `runner-${r.index}.log`), log);
    } catch (err) {
      say(`[operator] runner ${r.index}'s log not read: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}
