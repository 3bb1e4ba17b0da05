// bin/k6 (the k6 double) with `-o experimental-prometheus-rw --tag testid=...`: remote write 1.0
// pushes (snappy, protobuf, the three headers) that a fake receiver decodes, every series tagged, the
// last values adding up to the summary; and an endpoint that is not there logged as k6 logs it, never
// fatal.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { buildScenarios } from '../../build.mjs';
import { decodeWriteRequestBody } from './outputs/prometheus-rw/wire.ts';
import { DOUBLE_K6 } from './pick-k6.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
let srv: TestServer;
let dir: string;
let bundle: string;

before(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'k6-double-rw-'));
  bundle = (
    await buildScenarios({ names: ['remote-write'], scenariosDir: join(HERE, 'fixtures', 'scenarios'), outdir: dir })
  )[0]!.path;
});
after(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

function runDouble(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(DOUBLE_K6, args, {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

test('bin/k6 -o experimental-prometheus-rw --tag testid=...: remote write 1.0 pushes, every series tagged', async () => {
  const pushes: { headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pushes.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/write`;
    const r = await runDouble(
      [
        'run',
        '-o',
        'experimental-prometheus-rw',
        '--tag',
        'testid=rw-1',
        '--summary-export',
        'rw.json',
        '-e',
        `BASE_URL=${srv.url}`,
        bundle,
      ],
      {
        K6_PROMETHEUS_RW_SERVER_URL: url,
        K6_PROMETHEUS_RW_PUSH_INTERVAL: '200ms',
        K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true',
      },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /output: Prometheus remote write \(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write\)/);
    assert.ok(pushes.length >= 2, `pushed ${pushes.length} times`);
    for (const p of pushes) {
      assert.equal(p.headers['content-encoding'], 'snappy');
      assert.equal(p.headers['content-type'], 'application/x-protobuf');
      assert.equal(p.headers['x-prometheus-remote-write-version'], '0.1.0');
    }
    const all = pushes.flatMap((p) => decodeWriteRequestBody(p.body).timeseries);
    const labels = (t: Record<string, unknown>) =>
      Object.fromEntries((t.labels as { name: string; value: string }[]).map((l) => [l.name, l.value]));
    for (const t of all) assert.equal(labels(t).testid, 'rw-1', `${labels(t).__name__} carries the testid`);
    assert.ok(
      all.every((t) => labels(t).profile === undefined),
      '--tag replaces options.tags, as in k6',
    );
    const names = new Set(all.map((t) => labels(t).__name__));
    for (const n of [
      'k6_http_reqs_total',
      'k6_http_req_duration_seconds',
      'k6_http_req_failed_rate',
      'k6_vus',
      'k6_iterations_total',
      'k6_fixture_think_time_seconds',
      'k6_fixture_payload',
      'k6_fixture_lucky_rate',
      'k6_fixture_coins_total',
    ])
      assert.ok(names.has(n), `${n} was pushed (got ${[...names].sort().join(', ')})`);
    // The last value pushed per series adds up to the summary's count.
    const last = new Map<string, number>();
    for (const t of all)
      if (labels(t).__name__ === 'k6_http_reqs_total')
        last.set(JSON.stringify(labels(t)), (t.samples as { value: number }[])[0]!.value);
    const summary = JSON.parse(readFileSync(join(dir, 'rw.json'), 'utf8')) as {
      metrics: Record<string, Record<string, number>>;
    };
    assert.equal(
      [...last.values()].reduce((a, b) => a + b, 0),
      summary.metrics.http_reqs!.count,
    );
  } finally {
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});

test('an endpoint that refuses or is unreachable is logged as k6 logs it; the run still passes', async () => {
  const r = await runDouble(['run', '-q', '-o', 'experimental-prometheus-rw', '-e', `BASE_URL=${srv.url}`, bundle], {
    K6_PROMETHEUS_RW_SERVER_URL: 'http://127.0.0.1:9/api/v1/write',
    K6_PROMETHEUS_RW_PUSH_INTERVAL: '300ms',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /level=error msg="Failed to send the time series data to the endpoint" error=.* output="Prometheus remote write"/,
  );
});
