// Opens report.html in headless Chromium: every chart drew, no console errors, nothing fetched
// from the network, and a screenshot (report.png) saved in the run folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeRun, readSummary, type RunAnalysis } from '../../cli/analysis/index.ts';
import { evaluateGates } from '../../cli/gates/index.ts';
import { gatesExitCode } from '../../cli/verdict/index.ts';
import { writeReports, resolvePanels } from '../../cli/report/index.ts';
import { readExtraSeries } from '../../cli/report/charts/metric-series.ts';
import { readPlanFacts } from '../../cli/report/charts/plan-facts.ts';
import { thresholdLimits } from '../../cli/report/charts/threshold-keys.ts';
import type { Timeline, Verdict } from '../../cli/verdict/model.ts';
import { fixturePath, fixturePlan, syntheticTimeline, writeRetaggedNdjson } from './fixture-run.ts';

// Code passed to page.evaluate runs in the browser; this tsconfig has no DOM lib, so the few
// browser globals used there are declared here, for this module only.
interface Canvas2d {
  width: number;
  height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector(selector: string): Canvas2d | null };
declare const window: Record<string, unknown>;
declare const DOMParser: new () => {
  parseFromString(text: string, type: string): { getElementsByTagName(name: string): { length: number } };
};

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false';
const OUT = resolve(process.env.REPORT_TEST_OUT ?? '.tmp/report-browser-test');
const SECRET = 'sk-NEVER-IN-A-REPORT-7f3a';

// Outside CI a machine without Chromium skips visibly; in CI a missing browser is a failure.
const skip =
  !existsSync(CHROMIUM) && !IN_CI
    ? `no Chromium at ${CHROMIUM} (set CHROMIUM_PATH, or apt-get install chromium)`
    : false;

let browser: Browser | undefined;
before(async () => {
  if (skip) return;
  assert.ok(existsSync(CHROMIUM), `CI=true but no Chromium at ${CHROMIUM}: install it or set CHROMIUM_PATH`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
after(async () => browser?.close());

const HPA = {
  hpa: 'aurora-oss-server',
  triggerStage: 1,
  scaleUpWithinSeconds: 5,
  minReadyAtPeak: 4,
  scaleDownWithinSeconds: 5,
};
/** The fixture's own schedule as a `load` plan: 4 s ramp-up, 6 s hold, 3 s ramp-down at ~20 iterations/s. */
const LOAD_PLAN = fixturePlan(
  'load',
  { load: { level: 1, rampUp: '4s', hold: '6s', rampDown: '3s' } },
  [
    [0, 4, 20],
    [4, 6, 20],
    [10, 3, 0],
  ],
  [HPA],
);

async function buildRun(
  dir: string,
  opts: { timeline: boolean; stageStartsMs?: (a: RunAnalysis) => number[]; plan?: (a: RunAnalysis) => unknown | null },
): Promise<{ analysis: RunAnalysis; timeline: Timeline | null }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeRetaggedNdjson('v2.2.0', join(dir, 'k6.ndjson.gz'));
  const analysis = await analyzeRun(join(dir, 'k6.ndjson.gz'));
  if (opts.stageStartsMs) analysis.stages = opts.stageStartsMs(analysis).map((startMs, index) => ({ index, startMs }));
  const summary = await readSummary(fixturePath('v2.2.0', 'handle-summary.json'));
  const stage1 = analysis.stages.find((s) => s.index === 1)?.startMs ?? analysis.startMs;
  const timeline = opts.timeline ? syntheticTimeline(stage1, analysis.loadEndMs) : null;
  const hpaExpectations = opts.timeline ? [HPA] : [];
  const baseline = analysis.routes.map((r) => (r.name === 'GET /slow' ? { ...r, p95: r.p95 / 2, p99: r.p99 / 2 } : r));
  const { gates, routes } = evaluateGates({
    summary,
    analysis,
    timeline,
    hpaExpectations,
    baseline,
    tolerance: { relative: 0.2, absoluteMs: 10, errorRateAbsolute: 0.01 },
  });
  const exitCode = gatesExitCode(gates, 99);
  const verdict: Verdict = {
    version: 1,
    runId: 'fixture-v2.2.0',
    env: 'local',
    scenario: 'mixed',
    profile: 'smoke',
    startedAt: new Date(analysis.startMs).toISOString(),
    finishedAt: new Date(analysis.endMs).toISOString(),
    k6ExitCode: 99,
    passed: exitCode === 0,
    exitCode,
    gates,
    routes,
  };
  const plan = opts.plan ? opts.plan(analysis) : LOAD_PLAN;
  if (plan) await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
  await writeReports(dir, {
    verdict,
    summary,
    analysis,
    timeline,
    plan: { target: 'http://127.0.0.1:5080', k6: 'v2.2.0', internalApiSecret: SECRET },
  });
  return { analysis, timeline };
}

interface Loaded {
  page: Page;
  errors: string[];
  external: string[];
}
async function open(file: string): Promise<Loaded> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const external: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
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
      const r = data[i] as number,
        g = data[i + 1] as number,
        b = data[i + 2] as number,
        a = data[i + 3] as number;
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

  const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as Verdict;
  const facts = readPlanFacts(dir);
  const expected = resolvePanels({
    analysis,
    timeline,
    facts,
    extra: await readExtraSeries(
      analysis,
      thresholdLimits(verdict.gates).filter((l) => !l.passed),
    ),
    gates: verdict.gates,
  });
  assert.ok(
    expected.every((p) => !p.empty),
    `fixture-derived data should fill every panel: ${expected.filter((p) => p.empty).map((p) => p.id)}`,
  );
  // The fixture fails `checks` and a latency threshold on a tag no standing panel charts: each gets a panel, first.
  assert.deepEqual(
    expected.map((p) => p.id),
    [
      'gate-checks',
      'gate-http-req-duration-endpoint-slow',
      'latency-aurora-server',
      'latency-celery',
      'arrival',
      'rps',
      'errors',
      'ttfm',
      'rca',
      'spend',
      'replicas',
      'cpu',
    ],
  );

  const { page, errors, external } = await open(join(dir, 'report.html'));
  const drawn = await page.evaluate(
    () => (window.__report as { drawn: Array<{ id: string; series: number; points: number }> }).drawn,
  );
  assert.deepEqual(
    drawn.map((d) => d.id),
    expected.map((p) => p.id),
  );
  for (const d of drawn) {
    assert.ok(d.series > 0 && d.points > 0, `${d.id}: no data points`);
    const pixels = await colourfulPixels(page, d.id);
    assert.ok(pixels > 300, `${d.id}: only ${pixels} series pixels drawn`);
  }
  assert.equal(await page.locator('tr.fail').count(), verdict.gates.filter((g) => !g.passed).length);
  assert.equal(await page.locator('tr.pass').count(), verdict.gates.filter((g) => g.passed).length);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, []);

  // The JUnit file parses as XML in a real parser.
  const xml = await readFile(join(dir, 'junit.xml'), 'utf8');
  const parseErrors = await page.evaluate(
    (text) => new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror').length,
    xml,
  );
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
  assert.match((await page.locator('.notes').textContent()) ?? '', /replicas were not watched/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  await page.close();
});

interface DrawnLabel {
  text: string;
  x: number;
  y: number;
  w: number;
  row: number;
}

/** Coloured pixels (not the grey grid) in a box of a panel's canvas: where a label really landed. */
function inkIn(page: Page, id: string, box: { x: number; y: number; w: number; h: number }): Promise<number> {
  return page.evaluate(
    ([panelId, b]) => {
      const ctx = document.querySelector(`[data-panel="${panelId}"] canvas`)?.getContext('2d');
      if (!ctx) return -1;
      const { data } = ctx.getImageData(
        Math.round(b.x),
        Math.round(b.y),
        Math.max(1, Math.round(b.w)),
        Math.round(b.h),
      );
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] as number,
          g = data[i + 1] as number,
          bl = data[i + 2] as number;
        if ((data[i + 3] as number) > 100 && Math.max(r, g, bl) - Math.min(r, g, bl) > 80) n++;
      }
      return n;
    },
    [id, box] as const,
  );
}

test('stage labels never overlap each other or "load stopped", however short the stages', {
  skip,
  timeout: 30_000,
}, async () => {
  const dir = join(OUT, 'short-stages');
  // Stress-like: a few long plateaus and one-percent step ramps, the last stage ending with the load.
  const fractions = [0, 0.01, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.985, 1];
  await buildRun(dir, {
    timeline: true,
    stageStartsMs: ({ startMs, loadEndMs }) => fractions.slice(0, -1).map((f) => startMs + f * (loadEndMs - startMs)),
    // The default stress plan's nine stages, on the same offsets.
    plan: ({ startMs, loadEndMs }) => {
      const span = (loadEndMs - startMs) / 1000;
      return fixturePlan(
        'stress',
        {},
        fractions.slice(0, -1).map((f, i) => [f * span, ((fractions[i + 1] as number) - f) * span, 10 + i]),
        [HPA],
      );
    },
  });
  const { page, errors } = await open(join(dir, 'report.html'));
  const drawn = await page.evaluate(() =>
    (window.__report as { labels(): Array<{ id: string; labels: DrawnLabel[] }> }).labels(),
  );
  assert.ok(drawn.length > 0);
  for (const { id, labels } of drawn) {
    const stages = labels.filter((l) => l.text !== 'load stopped');
    assert.ok(stages.length >= 7, `${id}: only ${stages.map((l) => l.text)} labelled`);
    assert.deepEqual(
      stages.filter((l) => /^stage \d/.test(l.text)),
      [],
      `${id}: stages are named from the plan`,
    );
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const overlap = a.row === b.row && a.x < b.x + b.w && b.x < a.x + a.w;
        assert.ok(!overlap, `${id}: "${a.text}" overlaps "${b.text}" (${JSON.stringify([a, b])})`);
      }
    }
    const xs = stages.map((l) => l.x);
    assert.deepEqual(
      xs,
      [...xs].sort((p, q) => p - q),
      `${id}: labels follow their stages left to right`,
    );
  }
  // Each label is drawn where it was placed: right of its stage line, not ending at it.
  const { id, labels } = drawn[0]!;
  assert.deepEqual(
    labels
      .filter((l) => l.text !== 'load stopped')
      .map((l) => l.text)
      .slice(0, 2),
    ['ramp-up', 'baseline'],
  );
  const label = labels.find((l) => l.text === '↗ step 1')!;
  assert.ok(label, `no "↗ step 1" label: ${labels.map((l) => l.text)}`);
  assert.ok(
    (await inkIn(page, id, { x: label.x, y: label.y, w: label.w, h: 9 })) > 20,
    'no ink where "↗ step 1" was placed',
  );
  assert.equal(
    await inkIn(page, id, { x: label.x - label.w - 6, y: label.y, w: label.w, h: 9 }),
    0,
    '"↗ step 1" drawn left of its line',
  );
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  await page.close();
});

/** Pixels of a panel's canvas within a small distance of `hex`: where a series of that colour was drawn. */
function pixelsOfColour(page: Page, id: string, hex: string): Promise<number> {
  return page.evaluate(
    ([panelId, colour]) => {
      const canvas = document.querySelector(`[data-panel="${panelId}"] canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return -1;
      const n = parseInt(colour.slice(1), 16);
      const want = [n >> 16, (n >> 8) & 255, n & 255];
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) {
        if ((data[i + 3] as number) < 200) continue;
        const d =
          Math.abs((data[i] as number) - want[0]!) +
          Math.abs((data[i + 1] as number) - want[1]!) +
          Math.abs((data[i + 2] as number) - want[2]!);
        if (d < 40) hits++;
      }
      return hits;
    },
    [id, hex] as const,
  );
}

interface GateMarks {
  id: string;
  limits: Array<{ label: string; y?: number; above?: boolean }>;
  markers: Array<{ label: string; x: number }>;
}

test('the report reads at a glance: distinct colours, named stages, limit lines, a chart for each failed gate', {
  skip,
  timeout: 40_000,
}, async () => {
  const dir = join(OUT, 'glance');
  await buildRun(dir, { timeline: true });
  const verdict = JSON.parse(await readFile(join(dir, 'verdict.json'), 'utf8')) as Verdict;
  const { page, errors } = await open(join(dir, 'report.html'));

  // The gate table does not push the charts down: failed gates and a summary line, passed ones folded.
  assert.match(
    (await page.locator('.gate-summary').textContent()) ?? '',
    new RegExp(`${verdict.gates.length} gates: ${verdict.gates.filter((g) => !g.passed).length} failed`),
  );
  assert.equal(await page.locator('details.passed').getAttribute('open'), null);
  const firstChart = await page.locator('.panel').first().boundingBox();
  assert.ok(firstChart && firstChart.y < 900, `first chart starts at ${firstChart?.y} px`);

  // Every series of a panel has its own colour, and that colour is on the canvas.
  const colours = await page.evaluate(
    () => (window.__report as { colors: Array<{ id: string; colors: string[] }> }).colors,
  );
  assert.ok(colours.length >= 10);
  for (const { id, colors } of colours) {
    assert.equal(new Set(colors).size, colors.length, `${id}: series share a colour (${colors})`);
    for (const c of colors) assert.ok((await pixelsOfColour(page, id, c)) > 10, `${id}: no ${c} pixels drawn`);
  }
  // Legends show each series' figure before any hover, not a placeholder.
  const legend = await page.locator('.u-legend .u-series:not(:first-child) .u-value').allTextContents();
  assert.ok(legend.length > 20);
  assert.deepEqual(
    legend.filter((v) => !/^(peak|avg|end) /.test(v)),
    [],
    'legend values before hover',
  );

  // Stages named from the plan; load stopped where the plan's stages end, the wind-down after it.
  const labels = await page.evaluate(() =>
    (window.__report as { labels(): Array<{ id: string; labels: DrawnLabel[] }> }).labels(),
  );
  for (const { id, labels: drawn } of labels) {
    assert.deepEqual(drawn.map((l) => l.text).sort(), ['hold', 'load stopped', 'ramp-down', 'ramp-up'], id);
  }
  const data = JSON.parse((await page.locator('#report-data').textContent()) ?? '{}') as {
    xRange: [number, number];
    loadStop: number;
    stages: Array<{ end: number }>;
  };
  assert.ok(data.loadStop < data.xRange[1] - 1, 'the watch outlives the load: a wind-down is shown');
  assert.equal(data.stages.at(-1)?.end, data.loadStop, 'the last stage band ends where the load stopped');

  // Limit lines: the error-rate SLO on the errors chart (drawn in red), the HPA's deadline and minimum ready count.
  const marks = await page.evaluate(() => (window.__report as { gates(): GateMarks[] }).gates());
  const errorLimit = marks.find((m) => m.id === 'errors')?.limits.find((l) => l.label === 'rate < 1% ✗');
  assert.ok(
    errorLimit?.y !== undefined,
    `no error-rate limit line: ${JSON.stringify(marks.find((m) => m.id === 'errors'))}`,
  );
  assert.ok(
    (await inkIn(page, 'errors', { x: 80, y: errorLimit.y - 1, w: 400, h: 3 })) > 100,
    'the limit line is not on the canvas',
  );
  const replicas = marks.find((m) => m.id === 'replicas')!;
  assert.deepEqual(
    replicas.markers.map((m) => m.label),
    ['aurora-oss-server scale-up deadline'],
  );
  assert.ok(replicas.limits.some((l) => l.label === 'aurora-oss-server ready ≥ 4 at peak' && l.y !== undefined));

  // Each failed threshold is named on a panel that charts its metric, with its limit.
  const failedThresholds = verdict.gates.filter((g) => g.kind === 'threshold' && !g.passed);
  assert.ok(failedThresholds.length >= 3);
  for (const g of failedThresholds) {
    const panel = page.locator('.panel.failed', { hasText: g.name });
    assert.equal((await panel.locator('canvas').count()) > 0, true, `no chart for the failed gate ${g.name}`);
    const id = await panel.first().getAttribute('data-panel');
    assert.ok((marks.find((m) => m.id === id)?.limits.length ?? 0) > 0, `${id}: no limit line`);
  }
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
  await page.close();
});
