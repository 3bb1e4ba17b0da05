// A run's reports: verdict.json, junit.xml, summary.md and report.html (written atomically, with a
// minimal fallback when one fails to render), and the Markdown table of npm run compare.
export { writeReports, appendStepSummary, REPORT_FILES } from './write-reports.ts';
export { renderReportHtml, escapeHtml } from './html.ts';
export type { ReportInput } from './html.ts';
export { renderJunit, escapeXml } from './junit.ts';
export { renderSummaryMarkdown, mdCell } from './markdown.ts';
export { renderComparisonMarkdown } from './compare-markdown.ts';
export { REPORT_LAYOUT, resolvePanels, chartRangeMs } from './charts/layout.ts';
export type { PanelSpec, PanelData, SeriesQuery, SeriesData } from './charts/layout.ts';
export { safePlanEntries, orderGates, exitCodeLabel } from './common.ts';
export type { ReportPlan } from './common.ts';
export { writeFileAtomic } from './write-atomic.ts';
export { writeReportsSafely, reportPlan } from './write-safely.ts';
export type { RunReportInput } from './write-safely.ts';
