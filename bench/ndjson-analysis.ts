/**
 * Does the streaming NDJSON analysis (cli/analysis analyzeRun) keep memory flat on a long run, and what
 * does streaming cost in time? Measured side by side in one run, reported as ratios.
 *
 * Input: a synthetic `k6 run --out json` file of ~1.5M lines (~400 MB, a ~1 h run at ~400 samples/s),
 * written to a temp dir: the real k6 v2.2.0 fixture's Metric lines once, then its Point lines repeated
 * with each copy shifted in time (copies spread over one hour) and Trend values varied (x0.6..1.4,
 * deterministic). A second file with a quarter of the copies is a run 4x shorter.
 *
 * Candidates, each in its own child process (bench/targets/ndjson-candidate.ts) so peak RSS (maxRSS,
 * Node and tsx included) is per candidate:
 *   streaming  analyzeRun() on the long file; and again on the 4x shorter file
 *   naive      the whole file in memory, JSON.parse of every line, every http_req_duration value kept
 *              in arrays per service, sorted for p50/p95/p99. It computes far less than analyzeRun
 *              (one metric, no totals, buckets or routes), so the time ratio flatters naive; it is
 *              reported, not a target.
 *
 * Targets (exit code 1 when missed):
 *   - peak RSS streaming <= 0.25x naive on the long file (well below), and
 *   - flat: peak RSS streaming on the long file <= 1.5x its peak RSS on the 4x shorter file.
 * Whole-run percentiles are exact in both (k6's interpolation; the streaming analysis keeps every Trend
 * sample as a float64, 8 bytes each, and histograms only per time bucket): their p50/p95/p99 must be
 * equal, or the bench fails.
 * Two alternating rounds: best time and highest peak RSS of each candidate. Takes ~30-45 s on 2 cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, statSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/k6/v2.2.0/k6-out.ndjson.gz');
const CANDIDATE = join(ROOT, 'bench/targets/ndjson-candidate.ts');

export const TARGET_LINES = 1_500_000;
const RUN_SECONDS = 3600;
const ROUNDS = 2;
export const TARGET_RSS_VS_NAIVE = 0.25;
export const TARGET_RSS_FLAT = 1.5;

/** A Point line cut around its time and value, so copies are built by concatenation. */
interface Template {
  head: string;
  t: number;
  subMs: string;
  mid: string;
  value: number;
  tail: string;
  trend: boolean;
}

function templates(text: string): { metricLines: string[]; points: Template[] } {
  const metricLines: string[] = [];
  const trends = new Set<string>();
  const points: Template[] = [];
  const re = /^(\{"metric":"([^"]+)","type":"Point","data":\{"time":")([^"]+)(","value":)([^,]+)(,"tags".*)$/;
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    if (line.startsWith('{"type":"Metric"')) {
      metricLines.push(line);
      const m = JSON.parse(line) as { data: { name: string; type: string } };
      if (m.data.type === 'trend') trends.add(m.data.name);
      continue;
    }
    const m = re.exec(line);
    if (!m) throw new Error(`unexpected fixture line: ${line.slice(0, 120)}`);
    const [, head, metric, time, mid, value, tail] = m as unknown as string[];
    // k6 writes nanoseconds: keep the digits below the millisecond as they were.
    const frac = /\.(\d+)Z$/.exec(time as string)?.[1] ?? '';
    points.push({
      head: head as string,
      t: Date.parse(time as string),
      subMs: frac.slice(3),
      mid: mid as string,
      value: Number(value),
      tail: tail as string,
      trend: trends.has(metric as string),
    });
  }
  return { metricLines, points };
}

/** Writes Metric lines once, then `copies` copies of the Points, copy i shifted by i * periodMs. */
function writeRun(path: string, metricLines: string[], points: Template[], copies: number, periodMs: number): number {
  const fd = openSync(path, 'w');
  let seed = 0x2545f491;
  const random = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  let lines = metricLines.length;
  try {
    writeSync(fd, `${metricLines.join('\n')}\n`);
    for (let c = 0; c < copies; c++) {
      const shift = c * periodMs;
      const out: string[] = [];
      for (const p of points) {
        const time = `${new Date(p.t + shift).toISOString().slice(0, -1)}${p.subMs}Z`;
        const value = p.trend ? Math.round(p.value * (0.6 + 0.8 * random()) * 1e6) / 1e6 : p.value;
        out.push(`${p.head}${time}${p.mid}${value}${p.tail}`);
      }
      writeSync(fd, `${out.join('\n')}\n`);
      lines += out.length;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

interface Measured {
  ms: number;
  baseRssKb: number;
  maxRssKb: number;
  lines: number;
  p50: number;
  p95: number;
  p99: number;
}

async function measure(kind: 'streaming' | 'naive', path: string): Promise<Measured> {
  const child = spawn(process.execPath, ['--import', 'tsx', CANDIDATE, kind, path], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 180_000);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out += s;
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  clearTimeout(killer);
  if (code !== 0) throw new Error(`${kind} candidate exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
}

function combine(runs: Measured[]): Measured {
  const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
  return {
    ...best,
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
    baseRssKb: Math.max(...runs.map((r) => r.baseRssKb)),
  };
}

const mb = (kb: number): string =>
  kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${Math.round(kb / 1024)} MB`;
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function run(): Promise<boolean> {
  if (!existsSync(FIXTURE)) {
    console.log(
      `ndjson-analysis: the recorded k6 output ${FIXTURE} is missing from this checkout: SKIPPED, counted as a miss`,
    );
    return false;
  }
  const dir = await mkdtemp(join(tmpdir(), 'aurora-bench-ndjson-'));
  try {
    const { metricLines, points } = templates(gunzipSync(await readFile(FIXTURE)).toString('utf8'));
    const copies = Math.max(4, Math.round((TARGET_LINES - metricLines.length) / points.length));
    const periodMs = Math.round((RUN_SECONDS * 1000) / copies);
    const long = join(dir, 'long.ndjson');
    const short = join(dir, 'short.ndjson');
    const genStart = performance.now();
    const longLines = writeRun(long, metricLines, points, copies, periodMs);
    const shortLines = writeRun(short, metricLines, points, Math.round(copies / 4), periodMs);
    const genMs = performance.now() - genStart;

    // Two alternating rounds, so a noisy neighbour on a shared machine hurts every candidate alike:
    // best time, worst (highest) peak RSS of each.
    const rounds: Array<[Measured, Measured, Measured]> = [];
    for (let i = 0; i < ROUNDS; i++)
      rounds.push([await measure('streaming', long), await measure('naive', long), await measure('streaming', short)]);
    const [s, n, q] = ([0, 1, 2] as const).map((k) => combine(rounds.map((r) => r[k]))) as [
      Measured,
      Measured,
      Measured,
    ];
    for (const m of [s, n])
      if (m.lines !== longLines) throw new Error(`candidate read ${m.lines} lines, expected ${longLines}`);
    if (q.lines !== shortLines) throw new Error(`candidate read ${q.lines} lines, expected ${shortLines}`);

    const rssVsNaive = s.maxRssKb / n.maxRssKb;
    const flat = s.maxRssKb / q.maxRssKb;
    const samePercentiles = s.p50 === n.p50 && s.p95 === n.p95 && s.p99 === n.p99;
    const ok = rssVsNaive <= TARGET_RSS_VS_NAIVE && flat <= TARGET_RSS_FLAT && samePercentiles;
    console.log(
      `ndjson-analysis: ${(longLines / 1e6).toFixed(2)}M lines (${Math.round(statSync(long).size / 1e6)} MB), streaming ${sec(s.ms)} / naive ${sec(n.ms)} (${(s.ms / n.ms).toFixed(2)}x time), ` +
        `peak RSS streaming ${mb(s.maxRssKb)} / naive ${mb(n.maxRssKb)} (${rssVsNaive.toFixed(2)}x, target <= ${TARGET_RSS_VS_NAIVE}); ` +
        `4x shorter run (${(shortLines / 1e6).toFixed(2)}M lines, ${sec(q.ms)}): RSS ${mb(q.maxRssKb)}, long/short ${flat.toFixed(2)}x ` +
        `(target <= ${TARGET_RSS_FLAT}, ${flat <= TARGET_RSS_FLAT ? 'flat' : 'GROWS'}) ${ok ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `ndjson-analysis: streaming ${Math.round(s.lines / (s.ms / 1000) / 1000)}k lines/s; RSS at process start ${mb(s.baseRssKb)}; ` +
        `http_req_duration p95 streaming ${s.p95} ms / naive ${n.p95} ms, p99 ${s.p99} / ${n.p99} (${samePercentiles ? 'equal' : 'DIFFERENT'}); ` +
        `generating both files took ${sec(genMs)}`,
    );
    return ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
