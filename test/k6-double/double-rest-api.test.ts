// The k6 test double's paused start and REST API (k6's api/v1 /v1/status), as the k6-operator's
// starter uses them: `k6 run --paused --address host:port` initialises its VUs and waits; GET
// /v1/status says so (status 4, PausedBeforeRun); PATCH paused=false starts the test, stopped=true
// ends it; k6's error documents for a bad body and a refused pause. Without --address, no API.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAddress, patchStatus, statusDocument } from './cli/rest-api.ts';
import { EXECUTION_STATUS, RunControl } from './cli/run-control.ts';
import { DOUBLE_K6 } from './pick-k6.ts';

const SCRIPT = `
import { sleep } from 'k6';
export const options = { scenarios: { s: { executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: 'work' } } };
export function setup() { console.log('setup ran'); }
export function work() { sleep(0.05); }
`;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  address: string;
  output: () => string;
  exit: Promise<number | null>;
}

async function startPaused(dir: string, script: string): Promise<Running> {
  const address = `127.0.0.1:${await freePort()}`;
  const child = spawn(DOUBLE_K6, ['run', '--paused', `--address=${address}`, '--quiet', script], { cwd: dir });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, address, output: () => out, exit };
}

async function status(address: string, init?: RequestInit): Promise<{ code: number; body: any }> {
  const res = await fetch(`http://${address}/v1/status`, init);
  return { code: res.status, body: await res.json() };
}

async function pausedStatus(r: Running): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const s = await status(r.address);
      if (s.body.data.attributes.status === EXECUTION_STATUS.PausedBeforeRun) return s.body;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the double never paused:\n${r.output()}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

const patch = (attributes: Record<string, unknown>): RequestInit => ({
  method: 'PATCH',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ data: { type: 'status', id: 'default', attributes } }),
});

describe('the k6 double started --paused with --address', () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'k6-double-rest-'));
    script = join(dir, 'paused.js');
    writeFileSync(script, SCRIPT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('waits with its VUs initialised until PATCH paused=false, then runs the test and exits 0', async () => {
    const r = await startPaused(dir, script);
    const paused = await pausedStatus(r);
    assert.deepEqual(paused, {
      data: {
        type: 'status',
        id: 'default',
        attributes: { status: 4, paused: true, vus: 0, 'vus-max': 2, stopped: false, running: false, tainted: false },
      },
    });
    await new Promise((res) => setTimeout(res, 500));
    assert.doesNotMatch(r.output(), /setup ran/, 'nothing runs while paused');

    const bad = await status(r.address, { method: 'PATCH', body: '{not json' });
    assert.equal(bad.code, 400);
    assert.equal(bad.body.errors[0].status, '400');
    assert.equal(bad.body.errors[0].title, 'Invalid data');
    const again = await status(r.address, patch({ paused: true }));
    assert.deepEqual(
      [again.code, again.body.errors[0].title, again.body.errors[0].detail],
      [500, 'Pause error', 'execution is already paused'],
    );

    const resumed = await status(r.address, patch({ paused: false }));
    assert.equal(resumed.code, 200);
    assert.equal(resumed.body.data.attributes.paused, false);
    assert.equal(await r.exit, 0, r.output());
    assert.match(r.output(), /setup ran/);
  });

  test('PATCH stopped=true ends a paused run without starting it (exit 105)', async () => {
    const r = await startPaused(dir, script);
    await pausedStatus(r);
    const stopped = await status(r.address, patch({ stopped: true }));
    assert.equal(stopped.body.data.attributes.stopped, true);
    assert.equal(await r.exit, 105, r.output());
    assert.doesNotMatch(r.output(), /setup ran/);
  });
});

describe('the double REST API documents (pure)', () => {
  const src = (control: RunControl) => ({
    control,
    vus: () => 1,
    vusMax: () => 3,
    tainted: () => false,
    firstExecutor: () => ({ type: 'ramping-arrival-rate', name: 'rest' }),
  });

  test('a started run refuses a pause as k6 does: its executor cannot pause after its start', () => {
    const control = new RunControl({ paused: false, onStop: () => {} });
    control.status = EXECUTION_STATUS.Running;
    const { code, doc } = patchStatus(src(control), JSON.stringify({ data: { attributes: { paused: true } } }));
    assert.equal(code, 500);
    assert.deepEqual(doc, {
      errors: [
        {
          status: '500',
          title: 'Pause error',
          detail: "ramping-arrival-rate executor 'rest' doesn't support pause and resume operations after its start",
        },
      ],
    });
    assert.equal(statusDocument(src(control)).data.attributes.running, true);
  });

  test('--address takes host:port; an empty host or 0.0.0.0 listens on loopback only', () => {
    assert.deepEqual(parseAddress('127.0.0.1:6565'), { host: '127.0.0.1', port: 6565 });
    assert.deepEqual(parseAddress('0.0.0.0:6565'), { host: '127.0.0.1', port: 6565 });
    assert.deepEqual(parseAddress(':6565'), { host: '127.0.0.1', port: 6565 });
    assert.match(String(parseAddress('6565')), /expected host:port/);
  });
});
