// Opens report.html in headless Chromium: every chart drew, no console errors, nothing fetched
// from the network, and a screenshot (report.png) saved in the run folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeRun, readSummary, type RunAnalysis } from '../../cli/analysis/index.ts';
import { evaluateGates } from '../../cli/gates/index.ts';
import { gatesExitCode } from '../../cli/verdict/index.ts';
import { writeReports, resolvePanels } from '../../cli/report/index.ts';
import type { Timeline, Verdict } from '../../cli/verdict/model.ts';
import { fixturePath, syntheticTimeline, writeRetaggedNdjson } from './fixture-run.ts';

// Code passed to page.evaluate runs in the browser; this tsconfig has no DOM lib, so the few
// browser globals used there are declared here, for this module only.
interface Canvas2d { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null }
declare const document: { querySelector(selector: string): Canvas2d | null };
declare const window: Record<string, unknown>;
declare const DOMParser: new () => { parseFromString(text: string, type: string): { getElementsByTagName(name: string): { length: number } } };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false';
const OUT = resolve(process.env.REPORT_TEST_OUT ?? '.tmp/report-browser-test');
const SECRET = 'sk-NEVER-IN-A-REPORT-7f3a';

// Outside CI a machine without Chromium skips visibly; in CI a missing browser is a failure.
const skip = !existsSync(CHROMIUM) && !IN_CI ? `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)` : false;

let browser: Browser | undefined;
before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `CI=true but no Chromium at ${CHROMIUM}: install it or set CHROMIUM_PATH`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => browser?.close());

async function buildRun(dir: string, opts: { timeline: boolean; stageStartsMs?: (a: RunAnalysis) => number[] }): Promise<{ analysis: RunAnalysis; timeline: Timeline | null }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeRetaggedNdjson('v2.2.0', join(dir, 'k6.ndjson.gz'));
  const analysis = await analyzeRun(join(dir, 'k6.ndjson.gz'));
  if (opts.stageStartsMs) analysis.stages = opts.stageStartsMs(analysis).map((startMs, index) => ({ index, startMs }));
  const summary = await readSummary(fixturePath('v2.2.0', 'handle-summary.json'));
  const stage1 = analysis.stages.find((s) => s.index === 1)?.startMs ?? analysis.startMs;
  const timeline = opts.timeline ? syntheticTimeline(stage1, analysis.loadEndMs) : null;
  const hpaExpectations = opts.timeline ? [{ hpa: 'aurora-oss-server', triggerStage: 1, scaleUpWithinSeconds: 5, minReadyAtPeak: 4, scaleDownWithinSeconds: 5 }] : [];
  const baseline = analysis.routes.map((r) => (r.name === 'GET /slow' ? { ...r, p95: r.p95 / 2, p99: r.p99 / 2 } : r));
  const { gates, routes } = evaluateGates({ summary, analysis, timeline, hpaExpectations, baseline, tolerance: { relative: 0.2, absoluteMs: 10, errorRateAbsolute: 0.01 } });
  const exitCode = gatesExitCode(gates, 99);
  const verdict: Verdict = {
    version: 1, runId: 'fixture-v2.2.0', env: 'local', scenario: 'mixed', profile: 'smoke',
    startedAt: new Date(analysis.startMs).toISOString(), finishedAt: new Date(analysis.endMs).toISOString(),
    k6ExitCode: 99, passed: exitCode === 0, exitCode, gates, routes,
  };
  await writeReports(dir, { verdict, summary, analysis, timeline, plan: { target: 'http://127.0.0.1:5080', k6: 'v2.2.0', internalApiSecret: SECRET } });
  return { analysis, timeline };
}

interface Loaded { page: Page; errors: string[]; external: string[] }
async function open(file: string): Promise<Loaded> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => '__report' in window, null, { timeout: 10_000 });
  return { page, errors, external };
}

/** Opaque, saturated pixels of a panel's canvas: series lines, not grey axes or faint stage bands. */
function colourfulPixels(page: Page, id: string): Promise<number> {
  return page.evaluate((panelId) => {
    const canvas = document.querySelector(`[data-panel="${panelId}"] canvas`);
    if (!canvas) return -1;
    const ctx = canvas.getContext('2d');
    if (!ctx) return -1;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] as number, g = data[i + 1] as number, b = data[i + 2] as number, a = data[i + 3] as number;
      if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 80) n++;
    }
    return n;
  }, id);
}

test('report.html draws every chart offline, with no console errors', { skip, timeout: 30_000 }, async () => {
  const dir = join(OUT, 'full');
  const { analysis, timeline } = await buildRun(dir, { timeline: true });
  const html = await readFile(join(dir, 'report.html'), 'utf8');
  assert.ok(!html.includes(SECRET), 'a secret-looking plan value reached the report');
  assert.ok(!/<(script|link)[^>]+(src|href)=/i.test(html), 'report.html must not load external files');

  const expected = resolvePanels(analysis, timeline);
  assert.ok(expected.every((p) => !p.empty), `fixture-derived data should fill every panel: ${expected.filter((p) => p.empty).map((p) => p.id)}`);
  assert.deepEqual(expected.map((p) => p.id), ['latency-aurora-server', 'latency-celery', 'rps', 'errors', 'ttfm', 'rca', 'replicas']);

  const { page, errors, external } = await open(join(dir, 'report.html'));
  const drawn = await page.evaluate(() => (window.__report as { drawn: Array<{ id: string; series: number; points: number }> }).drawn);
  assert.deepEqual(drawn.map((d) => d.id), expected.map((p) => p.id));
  for (const d of drawn) {
    assert.ok(d.series > 0 && d.points > 0, `${d.id}: no data points`);
    const pixels = await colourfulPixels(page, d.id);
    assert.ok(pixels > 500, `${d.id}: only ${pixels} series pixels drawn`);
  }
  const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as Verdict;
  assert.equal(await page.locator('tr.fail').count(), verdict.gates.filter((g) => !g.passed).length);
  assert.equal(await page.locator('tr.pass').count(), verdict.gates.filter((g) => g.passed).length);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);

  // The JUnit file parses as XML in a real parser.
  const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
  const parseErrors = await page.evaluate((text) => new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror').length, xml);
  assert.equal(parseErrors, 0);

  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  assert.ok(existsSync(join(dir, 'report.png')));
  await page.close();
});

test('panels without data say so instead of drawing an empty chart', { skip, timeout: 30_000 }, async () => {
  const dir = join(OUT, 'no-timeline');
  await buildRun(dir, { timeline: false });
  const { page, errors } = await open(join(dir, 'report.html'));
  assert.equal(await page.locator('[data-panel="replicas"] .empty').textContent(), 'No data in this run.');
  assert.equal(await page.locator('[data-panel="replicas"] canvas').count(), 0);
  assert.match(await page.locator('.notes').textContent() ?? '', /replicas were not watched/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  await page.close();
});

interface DrawnLabel { text: string; x: number; y: number; w: number; row: number }

/** Coloured pixels (not the grey grid) in a box of a panel's canvas: where a label really landed. */
function inkIn(page: Page, id: string, box: { x: number; y: number; w: number; h: number }): Promise<number> {
  return page.evaluate(([panelId, b]) => {
    const ctx = document.querySelector(`[data-panel="${panelId}"] canvas`)?.getContext('2d');
    if (!ctx) return -1;
    const { data } = ctx.getImageData(Math.round(b.x), Math.round(b.y), Math.max(1, Math.round(b.w)), Math.round(b.h));
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] as number, g = data[i + 1] as number, bl = data[i + 2] as number;
      if ((data[i + 3] as number) > 100 && Math.max(r, g, bl) - Math.min(r, g, bl) > 80) n++;
    }
    return n;
  }, [id, box] as const);
}

test('stage labels never overlap each other or "load stopped", however short the stages', { skip, timeout: 30_000 }, async () => {
  const dir = join(OUT, 'short-stages');
  // Stress-like: a few long plateaus and one-percent step ramps, the last stage ending with the load.
  await buildRun(dir, {
    timeline: true,
    stageStartsMs: ({ startMs, loadEndMs }) => [0, 0.01, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.985]
      .map((f) => startMs + f * (loadEndMs - startMs)),
  });
  const { page, errors } = await open(join(dir, 'report.html'));
  const drawn = await page.evaluate(() => (window.__report as { labels(): Array<{ id: string; labels: DrawnLabel[] }> }).labels());
  assert.ok(drawn.length > 0);
  for (const { id, labels } of drawn) {
    const stages = labels.filter((l) => l.text.startsWith('stage '));
    assert.ok(stages.length >= 7, `${id}: only ${stages.map((l) => l.text)} labelled`);
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const overlap = a.row === b.row && a.x < b.x + b.w && b.x < a.x + a.w;
        assert.ok(!overlap, `${id}: "${a.text}" overlaps "${b.text}" (${JSON.stringify([a, b])})`);
      }
    }
    const xs = stages.map((l) => l.x);
    assert.deepEqual(xs, [...xs].sort((p, q) => p - q), `${id}: labels follow their stages left to right`);
  }
  // Each label is drawn where it was placed: right of its stage line, not ending at it.
  const { id, labels } = drawn[0]!;
  const label = labels.find((l) => l.text === 'stage 2')!;
  assert.ok(await inkIn(page, id, { x: label.x, y: label.y, w: label.w, h: 9 }) > 20, 'no ink where "stage 2" was placed');
  assert.equal(await inkIn(page, id, { x: label.x - label.w - 6, y: label.y, w: label.w, h: 9 }), 0, '"stage 2" drawn left of its line');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  await page.close();
});
