// Step 3 of a run: from whatever was collected to the exit code. Analysis, gates, verdict and reports
// (finish-run.ts), the secret scrub of the run folder, the folder's commit to its final name, the
// verdict line, --save-baseline and the GitHub step summary. A run that was interrupted ends with 130
// even when every gate it reached passed.
import { join, relative } from 'node:path';
import { prometheusSecrets } from '../cluster/index.ts';
import { appendStepSummary } from '../report/index.ts';
import { EXIT, explainVerdict, verdictLine } from '../verdict/index.ts';
import type { Executed } from './execute.ts';
import { saveBaseline } from './folder/baselines.ts';
import { findSecretLeaks } from './folder/scrub.ts';
import { finishRun } from './finish-run.ts';
import type { Interrupts } from './interrupts.ts';
import type { ReadyRun, RunIo } from './prepare.ts';

export async function concludeLoad(
  run: ReadyRun,
  executed: Executed,
  io: RunIo,
  interrupts: Pick<Interrupts, 'count'>,
): Promise<number> {
  const say = (line: string) => io.err(`${line}\n`);
  const { plan, shape, folder, args } = run;
  const runDir = folder.workDir;
  const finished = await finishRun({
    runDir,
    runId: run.runName,
    plan,
    shape,
    startedAt: run.startedAt,
    timeline: executed.timeline,
    baseline: run.baseline,
    outcome: executed.outcome,
    preflight: executed.preflight,
    distributed: executed.distributed,
    thresholdsFromPrometheus: executed.thresholdsFromPrometheus,
    log: say,
  });

  const secrets = [
    run.secret,
    ...(run.rateLimitBypass ? [run.rateLimitBypass] : []),
    ...prometheusSecrets(plan.prometheus, io.env),
  ];
  const leaks = await findSecretLeaks(runDir, secrets);
  if (leaks.length) {
    const names = [plan.secret.envVar, ...(plan.rateLimitBypass ? [plan.rateLimitBypass.envVar] : [])].join(' or ');
    say(`\nSECRET LEAK: the value of ${names} appears in ${leaks.join(', ')} of the run folder.`);
    say(
      'This is a bug in aurora-load; the files stay in place for inspection. Do not upload or share this run folder.',
    );
    say(`  ${runDir}`);
    return EXIT.runFailed;
  }
  const finalDir = folder.commit();
  say(
    `\nreports: ${relative(io.root, finalDir) || finalDir} (${[...new Set(['verdict.json', ...finished.files])].join(', ')})`,
  );
  if (finished.verdict.rateLimited)
    say(`rate limited: ${finished.verdict.rateLimited.count} x ${finished.verdict.rateLimited.message}`);
  io.out(`${[verdictLine(finished.verdict), ...explainVerdict(finished.verdict)].join('\n')}\n`);

  if (args.saveBaseline) {
    if (finished.verdict.passed) {
      const path = saveBaseline(join(finalDir, 'verdict.json'), args.saveBaseline, io.root);
      say(`baseline saved: ${relative(io.root, path)}`);
    } else {
      say(`baseline "${args.saveBaseline}" not saved: the run did not pass`);
    }
  }
  if (args.ci && (await appendStepSummary(finished.verdict, io.env.GITHUB_STEP_SUMMARY)))
    say('summary.md appended to $GITHUB_STEP_SUMMARY');
  const exitCode = finished.verdict.exitCode;
  // Read now, not when k6 ended: a Ctrl-C while the reports were written still counts.
  return exitCode === EXIT.ok && interrupts.count > 0 ? EXIT.interrupted : exitCode;
}
