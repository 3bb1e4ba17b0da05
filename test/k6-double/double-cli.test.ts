// Fidelity tests of the k6 test double's binary stand-in (test/k6-double/bin/k6): real bundles
// (k6 modules external), k6-shaped NDJSON and summary export, exit codes 0 / 99 / 105.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScenarios } from '../../build.mjs';
import { startTestServer, type TestServer } from './test-server.ts';
import { DOUBLE_K6, findRealK6 } from './pick-k6.ts';
import { K6_FIXTURES } from '../k6-fixtures.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const K6 = DOUBLE_K6;
const FIXTURE_NDJSON = join(K6_FIXTURES, 'v2.2.0', 'k6-out.ndjson.gz');
let srv: TestServer;
let dir: string;
let smoke: string;
/** The smoke bundle reads its target from the run config, as the CLI passes it. */
const target = (): string =>
  `AURORA_LOAD_CONFIG=${JSON.stringify({ apiUrl: srv.url, wsUrl: srv.url.replace(/^http/, 'ws') })}`;
let failing: string;

before(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'k6-double-cli-'));
  smoke = (await buildScenarios({ names: ['smoke'], outdir: join(dir, 'dist') }))[0]!.path;
  failing = (
    await buildScenarios({
      names: ['smoke-like'],
      scenariosDir: join(HERE, 'fixtures', 'scenarios'),
      outdir: join(dir, 'dist'),
    })
  )[0]!.path;
});
after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a k6 binary; `interruptOn`: send SIGINT once stdout matches it (the run is under way). */
function k6(
  bin: string,
  args: string[],
  opts: { cwd: string; interruptOn?: RegExp },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (opts.interruptOn && !interrupted && opts.interruptOn.test(stdout)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

type Line = { type: string; metric: string; data: Record<string, unknown> };
const readNdjson = (text: string): Line[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
const keys = (o: object) => Object.keys(o).sort();

test('bin/k6 version says it is the double', async () => {
  const r = await k6(K6, ['version'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), 'k6 v2.2.0-double (aurora-load k6 test double, not k6)');
});

test('bin/k6 run: scenarios/smoke.ts bundle against a liveness server, --out json, exit 0, k6-shaped NDJSON', async () => {
  const r = await k6(
    K6,
    ['run', '--out', 'json=out.ndjson', '--summary-export', 'export.json', '-e', target(), '--no-color', smoke],
    { cwd: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /running \(\d+\.\ds\), \d+\/\d+ VUs, \d+ complete and 0 interrupted iterations/);
  const mine = readNdjson(readFileSync(join(dir, 'out.ndjson'), 'utf8'));
  const real = readNdjson(gunzipSync(readFileSync(FIXTURE_NDJSON)).toString('utf8'));
  const realMetric = real.find((l) => l.type === 'Metric' && l.metric === 'http_req_duration')!;
  const realPoint = real.find((l) => l.type === 'Point' && l.metric === 'http_req_duration')!;
  const seen = new Set<string>();
  for (const l of mine) {
    if (l.type === 'Metric') {
      assert.ok(!seen.has(l.metric), `one Metric line per metric (${l.metric})`);
      seen.add(l.metric);
      assert.deepEqual(keys(l), keys(realMetric));
      assert.deepEqual(keys(l.data), keys(realMetric.data));
    } else {
      assert.ok(seen.has(l.metric), `Metric line before the first Point of ${l.metric}`);
      assert.deepEqual(keys(l), keys(realPoint));
      assert.deepEqual(keys(l.data), ['tags', 'time', 'value']);
      assert.match(String(l.data.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/);
    }
  }
  const req = mine.find((l) => l.type === 'Point' && l.metric === 'http_reqs')!;
  // The suite's systemTags leave out `url` (it would carry the chatbot's connect token).
  assert.deepEqual(keys(req.data.tags as object), [
    'expected_response',
    'group',
    'method',
    'name',
    'phase',
    'proto',
    'scenario',
    'service',
    'status',
  ]);
  assert.equal((req.data.tags as Record<string, string>).name, 'GET /health/liveness');
  const durMetric = mine.find((l) => l.type === 'Metric' && l.metric === 'http_req_duration')!;
  assert.deepEqual((durMetric.data.submetrics as { name: string }[]).map((s) => s.name).sort(), [
    'http_req_duration{expected_response:true}',
    'http_req_duration{service:aurora-server,name:GET /health/liveness}',
  ]);
  const exp = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8')) as {
    metrics: Record<string, Record<string, unknown>>;
  };
  assert.deepEqual(exp.metrics.http_req_failed!.thresholds, { 'rate<0.01': false });
  assert.equal(
    srv.requests.filter((q) => q.path === '/health/liveness').length,
    exp.metrics.http_reqs!.count as number,
  );
});

test('bin/k6 run: a failing threshold exits 99 and says which metrics crossed', async () => {
  const r = await k6(K6, ['run', '-q', '-e', `BASE_URL=${srv.url}`, failing], { cwd: dir });
  assert.equal(r.code, 99, r.stderr);
  assert.match(r.stderr, /level=error msg="thresholds on metrics 'http_req_duration' have been crossed"/);
});

test('bin/k6 run: SIGINT stops gracefully, still writes the summary export, exits 105', async () => {
  const r = await k6(K6, ['run', '--summary-export', 'sigint.json', '-e', target(), smoke], {
    cwd: dir,
    interruptOn: /running \(/,
  });
  assert.equal(r.code, 105, r.stderr);
  assert.ok(existsSync(join(dir, 'sigint.json')));
});

test('bin/k6 run: a malformed --execution-segment is refused as k6 refuses it (255); a segment not in its sequence is invalid config (104)', async () => {
  const bad = await k6(K6, ['run', '-q', '--execution-segment=half', '-e', target(), smoke], { cwd: dir });
  assert.equal(bad.code, 255, bad.stderr);
  assert.match(bad.stderr, /level=error msg="'half' is not a valid percentage, decimal, fraction or interval value"/);
  const order = await k6(K6, ['run', '-q', '--execution-segment', '1/2:1/4', '-e', target(), smoke], { cwd: dir });
  assert.equal(order.code, 255, order.stderr);
  assert.match(order.stderr, /segment start\(0\.50\) must be less than its end\(0\.25\)/);
  const missing = await k6(
    K6,
    ['run', '-q', '--execution-segment=1/3:2/3', '--execution-segment-sequence=0,1/2,1', '-e', target(), smoke],
    { cwd: dir },
  );
  assert.equal(missing.code, 104, missing.stderr);
  assert.match(missing.stderr, /provided segment 1\/3:2\/3 can't be found in sequence 0,1\/2,1/);
});

test('bin/k6 run: --execution-segment splits the rate: two halves of the smoke run together send its requests', async () => {
  const before = srv.requests.filter((q) => q.path === '/health/liveness').length;
  const seq = '--execution-segment-sequence=0,1/2,1';
  const [a, b] = await Promise.all(
    ['0:1/2', '1/2:1'].map((seg) =>
      k6(
        K6,
        [
          'run',
          '-q',
          `--execution-segment=${seg}`,
          seq,
          '--summary-export',
          `seg-${seg.replace(/[:/]/g, '_')}.json`,
          '-e',
          target(),
          smoke,
        ],
        { cwd: dir },
      ),
    ),
  );
  assert.equal(a!.code, 0, a!.stderr);
  assert.equal(b!.code, 0, b!.stderr);
  const metric = (f: string, name: string): number =>
    (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { metrics: Record<string, { count?: number }> }).metrics[name]
      ?.count ?? 0;
  const [reqsA, reqsB] = ['seg-0_1_2.json', 'seg-1_2_1.json'].map((f) => metric(f, 'http_reqs')) as [number, number];
  // smoke: 2/s for 5 s (the whole run starts iterations 0..9), maxVUs 2, preAllocatedVUs 1. Each
  // runner owns every other iteration; the second has no pre-allocated VU (1 VU split 1 + 0), so, as
  // in k6, its first iteration finds no free VU and is dropped while a VU is initialized.
  assert.equal(reqsA, 5);
  assert.equal(reqsB + metric('seg-1_2_1.json', 'dropped_iterations'), 5);
  assert.ok(reqsB >= 3);
  assert.equal(srv.requests.filter((q) => q.path === '/health/liveness').length - before, reqsA + reqsB);
});

test('bin/k6 run: under a segment exec.vu.idInTest and exec.scenario.iterationInTest are global, the *InInstance ids local', async () => {
  const bundle = (
    await buildScenarios({
      names: ['segment-ids'],
      scenariosDir: join(HERE, 'fixtures', 'scenarios'),
      outdir: join(dir, 'dist'),
    })
  )[0]!.path;
  type Ids = {
    vu: number;
    vuLocal: number;
    iteration: number;
    iterationLocal: number;
    segment: string | null;
    sequence: string | null;
    initError: string;
  };
  const idsOf = (stderr: string): Ids[] =>
    [...stderr.matchAll(/msg=("(?:[^"\\]|\\.)*")/g)]
      .map((m) => JSON.parse(m[1]!) as string)
      .filter((msg) => msg.startsWith('{'))
      .map((msg) => JSON.parse(msg) as Ids);
  const seq = '--execution-segment-sequence=0,1/2,1';
  const [a, b, whole] = await Promise.all([
    k6(K6, ['run', '-q', '--execution-segment=0:1/2', seq, bundle], { cwd: dir }),
    k6(K6, ['run', '-q', '--execution-segment=1/2:1', seq, bundle], { cwd: dir }),
    k6(K6, ['run', '-q', bundle], { cwd: dir }),
  ]);
  const sorted = (r: { stderr: string }) => idsOf(r.stderr).sort((x, y) => x.iteration - y.iteration);
  const first = sorted(a!);
  const second = sorted(b!);
  // 4 VUs split 2 + 2: runner 1's local VUs 1, 2 are global 1, 3; runner 2's are 2, 4 (k6's striping)
  assert.deepEqual([...new Set(first.map((x) => `${x.vuLocal}->${x.vu}`))].sort(), ['1->1', '2->3']);
  assert.deepEqual([...new Set(second.map((x) => `${x.vuLocal}->${x.vu}`))].sort(), ['1->2', '2->4']);
  // 2 iterations per VU: runner 1 runs global iterations 0, 2, 4, 6 and runner 2 1, 3, 5, 7
  assert.deepEqual(
    first.map((x) => [x.iterationLocal, x.iteration]),
    [
      [0, 0],
      [1, 2],
      [2, 4],
      [3, 6],
    ],
  );
  assert.deepEqual(
    second.map((x) => [x.iterationLocal, x.iteration]),
    [
      [0, 1],
      [1, 3],
      [2, 5],
      [3, 7],
    ],
  );
  assert.deepEqual([first[0]!.segment, first[0]!.sequence, second[0]!.segment], ['0:1/2', '0,1/2,1', '1/2:1']);
  const all = sorted(whole!);
  assert.equal(all.length, 8);
  assert.deepEqual([all[0]!.segment, all[0]!.sequence], [null, null]);
  assert.ok(all.every((x) => x.vu === x.vuLocal && x.iteration === x.iterationLocal));
  assert.match(all[0]!.initError, /getting test options in the init context is not supported/);
});

test('real k6, when present: the smoke bundle runs and exits 0', async (t) => {
  const found = findRealK6();
  if ('skip' in found) {
    t.skip(found.skip);
    return;
  }
  const r = await k6(found.bin, ['run', '--out', 'json=real.ndjson', '-e', target(), smoke], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
});
