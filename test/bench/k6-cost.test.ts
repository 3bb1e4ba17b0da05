// The k6 cost benchmark's measuring code (bench/cost/), without k6 and without timing: /proc parsing,
// child CPU, medians, the interleaved order, the ratios, and that the bare scripts get the suite's own
// executor and REST weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  childCpuMs,
  costRow,
  interleave,
  median,
  parseProcStat,
  parseVmHwmKb,
  renderCostTable,
} from '../../bench/cost/measure.ts';
import { bareEnv, CHATBOT_VUS, REST_RATE, suiteConfig, suiteEnv } from '../../bench/cost/plan.ts';
import { REST_ACTIONS } from '../../lib/core/aurora/routes.ts';
import { RUN_ENV } from '../../lib/core/run-config.ts';
import { buildScenarioOptions } from '../../lib/k6/scenario-options.ts';

// A k6 process whose command name holds a space and a parenthesis: fields count from the last ")".
const STAT =
  '4242 (k6 (x) run) S 1 4242 4242 0 -1 4194560 30000 0 0 0 1234 567 89 10 20 0 12 0 98765 1300000000 30000 18446744073709551615';

test('/proc/<pid>/stat: utime, stime, cutime and cstime are fields 14-17, counted after the command name', () => {
  assert.deepEqual(parseProcStat(STAT), { utime: 1234, stime: 567, cutime: 89, cstime: 10 });
  assert.throws(() => parseProcStat('garbage'), /not a \/proc/);
});

test("a reaped child's CPU is the growth of the parent's cutime + cstime, in ms at USER_HZ", () => {
  const before = { utime: 5, stime: 5, cutime: 100, cstime: 20 };
  const after = { utime: 9, stime: 7, cutime: 250, cstime: 45 };
  assert.equal(childCpuMs(before, after, 100), 1750);
  assert.equal(childCpuMs(before, after, 250), 700);
});

test('/proc/<pid>/status: VmHWM in kB, null when the line is missing', () => {
  assert.equal(parseVmHwmKb('Name:\tk6\nVmPeak:\t  900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n'), 123456);
  assert.equal(parseVmHwmKb('Name:\tk6\nState:\tZ (zombie)\n'), null);
});

test('on Linux the parsers read this very process', { skip: !existsSync('/proc/self/stat') }, () => {
  const cpu = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
  assert.ok(cpu.utime + cpu.stime > 0);
  assert.ok((parseVmHwmKb(readFileSync('/proc/self/status', 'utf8')) ?? 0) > 10_000);
});

test('medians of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('runs interleave suite and bare per workload, alternating which goes first', () => {
  const order = interleave(['rest', 'chatbot'], 2).map((s) => `${s.round} ${s.workload} ${s.variant}`);
  assert.deepEqual(order, [
    '1 rest suite',
    '1 rest bare',
    '1 chatbot suite',
    '1 chatbot bare',
    '2 rest bare',
    '2 rest suite',
    '2 chatbot bare',
    '2 chatbot suite',
  ]);
});

test('a row: medians of CPU-ms per request and of max RSS, and suite/bare ratios', () => {
  const suite = [
    { cpuMs: 7200, maxRssKb: 120 * 1024, requests: 6000 },
    { cpuMs: 9000, maxRssKb: 118 * 1024, requests: 6000 },
    { cpuMs: 7500, maxRssKb: 125 * 1024, requests: 6000 },
  ];
  const bare = [
    { cpuMs: 4500, maxRssKb: 67 * 1024, requests: 6000 },
    { cpuMs: 4800, maxRssKb: 66 * 1024, requests: 6000 },
    { cpuMs: 4200, maxRssKb: 70 * 1024, requests: 6000 },
  ];
  const row = costRow('rest', suite, bare);
  assert.equal(row.suite.cpuMsPerRequest, 1.25);
  assert.equal(row.bare.cpuMsPerRequest, 0.75);
  assert.equal(row.suite.maxRssMb, 120);
  assert.equal(row.bare.maxRssMb, 67);
  assert.ok(Math.abs(row.cpuRatio - 1.25 / 0.75) < 1e-12);
  const table = renderCostTable([row], 'test');
  assert.match(table, /\| rest \| 1\.250 \| 0\.750 \| 1\.67x \| 120 MB \| 67 MB \| 1\.79x \|/);
});

const target = { apiUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1', secret: 's' };

test('the suite runs rest at 200 iterations/s for 30 s and chatbot on a pool of 200 busy VUs', () => {
  const rest = buildScenarioOptions(suiteConfig('rest', target), ['rest']).options.scenarios.rest;
  assert.ok(rest);
  assert.deepEqual(rest.stages, [
    { duration: '1s', target: REST_RATE },
    { duration: '30s', target: REST_RATE },
    { duration: '1s', target: 0 },
  ]);
  const chat = buildScenarioOptions(suiteConfig('chatbot', target), ['chatbot']).options.scenarios.chatbot;
  assert.equal(chat?.maxVUs, CHATBOT_VUS);
  assert.equal(chat?.preAllocatedVUs, CHATBOT_VUS);
  const env = suiteEnv(suiteConfig('rest', target), 's', '/tmp/s.json');
  assert.equal(JSON.parse(env[RUN_ENV.config] as string).rates.rest, REST_RATE);
});

test("the bare scripts get the suite's executor (without exec) and its REST weights in declared order", () => {
  for (const w of ['rest', 'chatbot'] as const) {
    const config = suiteConfig(w, target);
    const { exec, ...suite } = buildScenarioOptions(config, [w]).options.scenarios[w] as Record<string, unknown>;
    assert.equal(exec, w);
    const env = bareEnv(w, config, target);
    assert.deepEqual(JSON.parse(env.BENCH_SCENARIO as string), suite);
    assert.equal(env.BENCH_API_URL, target.apiUrl);
  }
  const weights = JSON.parse(bareEnv('rest', suiteConfig('rest', target), target).BENCH_REST_WEIGHTS as string);
  assert.deepEqual(
    weights.map(([a]: [string]) => a),
    REST_ACTIONS.filter((a) => (suiteConfig('rest', target).restWeights[a] ?? 0) > 0),
  );
});
