// Writes a run's verdict and reports into its folder; returns the paths written.
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict } from '../verdict/index.ts';
import { PROMETHEUS_SOURCE } from '../analysis/index.ts';
import { renderReportHtml, type ReportInput } from './html.ts';
import { renderJunit } from './junit.ts';
import { renderSummaryMarkdown } from './markdown.ts';
import { writeFileAtomic } from './write-atomic.ts';
import { readExtraSeries, type ExtraSeries } from './charts/metric-series.ts';
import { readPlanFacts } from './charts/plan-facts.ts';
import { thresholdLimits } from './charts/threshold-keys.ts';

export const REPORT_FILES = {
  verdict: 'verdict.json',
  junit: 'junit.xml',
  summary: 'summary.md',
  html: 'report.html',
} as const;

/**
 * verdict.json, junit.xml, summary.md and report.html into `runDir`, each written atomically.
 * The inputs carry no secrets (the CLI never passes them); `plan` is filtered again anyway.
 */
export async function writeReports(runDir: string, input: ReportInput): Promise<string[]> {
  await mkdir(runDir, { recursive: true });
  // The page's extra facts, when the caller did not give them: plan.json of the run folder, and a
  // second pass over k6's output for arrivals and the failed thresholds' metrics.
  if (input.facts === undefined) input = { ...input, facts: readPlanFacts(runDir) };
  if (input.extra === undefined) input = { ...input, extra: await extraSeries(input) };
  const files: Array<[string, string]> = [
    [REPORT_FILES.verdict, `${JSON.stringify(input.verdict, null, 2)}\n`],
    [REPORT_FILES.junit, renderJunit(input.verdict)],
    [REPORT_FILES.summary, renderSummaryMarkdown(input.verdict, input.timeline?.cluster)],
    [REPORT_FILES.html, renderReportHtml(input)],
  ];
  const written: string[] = [];
  for (const [name, content] of files) {
    const path = join(runDir, name);
    await writeFileAtomic(path, content);
    written.push(path);
  }
  return written;
}

async function extraSeries(input: ReportInput): Promise<ExtraSeries | null> {
  // An analysis read from Prometheus (a distributed run) has no k6 output to read again: its
  // iterations and spend were read from there with it; a failed threshold's own series is not.
  if (input.analysis.source === PROMETHEUS_SOURCE) {
    const load = input.analysis.load;
    return load
      ? { arrivals: load.iterationsEnded, arrivalsEnded: true, dropped: load.dropped, spend: load.spend, metrics: {} }
      : null;
  }
  if (!input.analysis.source || input.analysis.times.length === 0) return null;
  const failed = thresholdLimits(input.verdict.gates).filter((l) => !l.passed);
  const oneEach = failed.filter((l, i) => failed.findIndex((o) => o.key === l.key) === i);
  try {
    return await readExtraSeries(input.analysis, oneEach);
  } catch {
    return null;
  }
}

/** Appends the Markdown summary to GitHub's step summary when `GITHUB_STEP_SUMMARY` names a file. */
export async function appendStepSummary(
  verdict: Verdict,
  stepSummaryPath = process.env.GITHUB_STEP_SUMMARY,
): Promise<boolean> {
  if (!stepSummaryPath) return false;
  await appendFile(stepSummaryPath, `${renderSummaryMarkdown(verdict)}\n`);
  return true;
}
