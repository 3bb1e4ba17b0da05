// Writes a run's reports without letting a report break the run: calls the writers (write-reports.ts:
// junit.xml, summary.md, report.html); one that fails to render is logged, not fatal: verdict.json
// and the exit code already stand, and a minimal summary.md + junit.xml are written instead so CI
// still sees every gate.
import { join, relative } from 'node:path';
import type { K6Summary, RunAnalysis } from '../analysis/index.ts';
import { describeTarget, type LoadShape, type RunPlan } from '../plan/index.ts';
import { writeReports } from './write-reports.ts';
import { writeFileAtomic } from './write-atomic.ts';
import type { Timeline, Verdict } from '../verdict/index.ts';

/** What a run hands to its reports (the plan still whole; reportPlan() flattens it). */
export interface RunReportInput {
  verdict: Verdict;
  summary: K6Summary | null;
  analysis: RunAnalysis;
  timeline: Timeline | null;
  plan: RunPlan;
  shape: LoadShape;
}

/** The plan as the flat facts a report shows (never a secret: the variable's name at most). */
const minutesSeconds = (sec: number): string => {
  const whole = Math.round(sec);
  return whole >= 60 ? `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s` : `${whole}s`;
};

export function reportPlan(plan: RunPlan, shape: LoadShape): Record<string, string | number | boolean> {
  return {
    'env file': relative(process.cwd(), plan.envFile) || plan.envFile,
    target: describeTarget(plan),
    scenarios: plan.runConfig.scenarios.join(', '),
    scale: `${plan.scale}x`,
    'time scale': `${plan.runConfig.timeScale}x`,
    ...(plan.sim ? { 'simulator faults': plan.sim.faults.join('; ') || 'none', 'simulator seed': plan.sim.seed } : {}),
    stages: shape.stages.length,
    'planned duration': minutesSeconds(shape.durationSeconds),
    'peak arrival rate': `${Math.round(shape.peakArrivalRate * 100) / 100}/s`,
    'max VUs': shape.maxVUs,
    'HPA expectations': plan.hpaExpectations.map((e) => e.hpa).join(', ') || 'none',
  };
}

const xml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

async function minimalReports(runDir: string, v: Verdict): Promise<string[]> {
  const failed = v.gates.filter((g) => !g.passed).length;
  const cases = v.gates.map(
    (g) =>
      `    <testcase classname="aurora-load.${g.kind}" name="${xml(g.name)}">` +
      `${g.passed ? '' : `<failure message="${xml(`${g.measured} (limit ${g.limit})`)}">${xml(g.detail ?? '')}</failure>`}</testcase>`,
  );
  await writeFileAtomic(
    join(runDir, 'junit.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="${v.gates.length}" failures="${failed}">\n` +
      `  <testsuite name="aurora-load ${xml(v.env)} ${xml(v.scenario)} ${xml(v.profile)}" tests="${v.gates.length}" failures="${failed}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`,
  );
  const rows = v.gates.map(
    (g) =>
      `| ${g.passed ? 'pass' : '**FAIL**'} | ${g.kind} | ${g.name.replace(/\|/g, '\\|')} | ${g.measured.replace(/\|/g, '\\|')} | ${g.limit.replace(/\|/g, '\\|')} |`,
  );
  await writeFileAtomic(
    join(runDir, 'summary.md'),
    [
      `## aurora-load: ${v.passed ? 'passed' : `failed (exit ${v.exitCode})`}`,
      '',
      `${v.env} / ${v.scenario} / ${v.profile}, run ${v.runId}`,
      '',
      '| result | kind | gate | measured | limit |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
  return ['junit.xml', 'summary.md'];
}

export async function writeReportsSafely(
  runDir: string,
  input: RunReportInput,
  log: (line: string) => void,
): Promise<string[]> {
  try {
    const written = await writeReports(runDir, {
      verdict: input.verdict,
      summary: input.summary,
      analysis: input.analysis,
      timeline: input.timeline,
      plan: reportPlan(input.plan, input.shape),
    });
    return written.map((p) => p.slice(runDir.length + 1));
  } catch (err) {
    log(`reports: ${(err as Error).message.split('\n')[0]}; writing the minimal summary.md and junit.xml instead`);
  }
  return minimalReports(runDir, input.verdict);
}
