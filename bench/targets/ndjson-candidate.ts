/**
 * A candidate for bench/ndjson-analysis.ts (kept out of bench/ itself, which bench/run.ts imports), run
 * in its own process so that its peak RSS is its own:
 *   streaming <file>  cli/analysis analyzeRun()
 *   naive <file>      read the whole file, JSON.parse every line, keep every http_req_duration value in
 *                     an array per service, sort, pick p50/p95/p99 as k6 does (what one writes without streaming)
 * Prints one JSON line: {ms, baseRssKb, maxRssKb, lines, p50, p95, p99} (quantiles of http_req_duration
 * over all services, so the two candidates can be checked against each other).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeRun, k6Percentile } from '../../cli/analysis/index.ts';

interface Outcome {
  lines: number;
  p50: number;
  p95: number;
  p99: number;
}

async function streaming(path: string): Promise<Outcome> {
  const a = await analyzeRun(path);
  const m = a.metrics.http_req_duration;
  return { lines: a.lines, p50: m?.p50 ?? NaN, p95: m?.p95 ?? NaN, p99: m?.p99 ?? NaN };
}

/** k6's percentile of a sorted array (the definition the streaming analysis uses too). */
const rank = (sorted: number[], p: number): number => k6Percentile(sorted, sorted.length, p / 100);

function naive(path: string): Outcome {
  const text = readFileSync(path, 'utf8');
  const byService = new Map<string, number[]>();
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    lines++;
    const obj = JSON.parse(line) as {
      type?: string;
      metric?: string;
      data?: { value?: number; tags?: Record<string, string> };
    };
    if (obj.type !== 'Point' || obj.metric !== 'http_req_duration' || typeof obj.data?.value !== 'number') continue;
    const service = obj.data.tags?.service ?? 'untagged';
    let values = byService.get(service);
    if (!values) byService.set(service, (values = []));
    values.push(obj.data.value);
  }
  const perService = new Map<string, { p50: number; p95: number; p99: number }>();
  for (const [service, values] of byService) {
    values.sort((x, y) => x - y);
    perService.set(service, { p50: rank(values, 50), p95: rank(values, 95), p99: rank(values, 99) });
  }
  const all = [...byService.values()].flat().sort((x, y) => x - y);
  return { lines, p50: rank(all, 50), p95: rank(all, 95), p99: rank(all, 99) };
}

const [kind, path] = process.argv.slice(2);
if ((kind !== 'streaming' && kind !== 'naive') || !path)
  throw new Error('usage: ndjson-candidate.ts streaming|naive <file>');
const baseRssKb = Math.round(process.memoryUsage().rss / 1024);
const start = performance.now();
const outcome = kind === 'streaming' ? await streaming(path) : naive(path);
const ms = performance.now() - start;
// maxRSS is in kilobytes (the peak resident set of this process over its whole life).
process.stdout.write(`${JSON.stringify({ ms, baseRssKb, maxRssKb: process.resourceUsage().maxRSS, ...outcome })}\n`);
