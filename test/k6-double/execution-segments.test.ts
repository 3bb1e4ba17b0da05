// Execution segments as k6 computes them (lib/execution_segment.go), checked against values worked
// out by hand from k6's rules: the striping of positions (VU ids, iterations, users), ScaleInt64's
// VU split, the re-cut by maxVUs that sets an arrival-rate runner's share of the rate, global VU ids,
// k6's refusals, and the runner slice the bundles derive from exec.test.options.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  executionTuple,
  ownedPosition,
  ownedPositions,
  parseSegment,
  parseSequence,
  resegment,
  scaleInt,
  segmentLength,
  segmentString,
  sequenceString,
  type ExecutionTuple,
} from '../../lib/core/execution-segment.ts';
import {
  iterationShare,
  ownUserIndex,
  ownedUserPositions,
  rcaBlock,
  runnerSlice,
} from '../../lib/core/runner-slice.ts';
import { scenarioVus, type ScenarioConf } from './cli/scenario-confs.ts';
import { resolveSegments } from './cli/segment-options.ts';

const tuple = (seg: string, seq: string): ExecutionTuple => executionTuple(parseSegment(seg), parseSequence(seq));
/** The operator's N runners: segment i of the sequence 0,1/N,...,1. */
const operator = (n: number): ExecutionTuple[] => {
  const seq = [0, ...Array.from({ length: n }, (_, i) => `${i + 1}/${n}`)].join(',');
  return Array.from({ length: n }, (_, i) => tuple(`${i}/${n}:${i + 1}/${n}`, seq));
};
const scaleAll = (ts: ExecutionTuple[], v: number): number[] => ts.map((t) => scaleInt(t, v));

describe('striping: which positions (VU ids, iterations) each segment owns', () => {
  it("k6's own example 0,1/2,3/4,1: 0 2 4 6 ... / 1 5 9 ... / 3 7 11 ...", () => {
    const seq = '0,1/2,3/4,1';
    assert.deepEqual(ownedPositions(tuple('0:1/2', seq), 12), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(ownedPositions(tuple('1/2:3/4', seq), 12), [1, 5, 9]);
    assert.deepEqual(ownedPositions(tuple('3/4:1', seq), 12), [3, 7, 11]);
  });

  it('equal segments of N: segment i owns i, i+N, i+2N, ...', () => {
    const [a, b, c] = operator(3) as [ExecutionTuple, ExecutionTuple, ExecutionTuple];
    assert.deepEqual(ownedPositions(a, 9), [0, 3, 6]);
    assert.deepEqual(ownedPositions(b, 9), [1, 4, 7]);
    assert.deepEqual(ownedPositions(c, 9), [2, 5, 8]);
    assert.equal(ownedPosition(c, 100), 302);
  });

  it('global VU ids: runner i of N gives its local VU k the id (k-1)*N + i + 1', () => {
    for (const n of [2, 3, 4]) {
      operator(n).forEach((t, i) => {
        for (let k = 1; k <= 5; k++) assert.equal(ownedPosition(t, k - 1) + 1, (k - 1) * n + i + 1);
      });
    }
  });

  it('a lone segment is filled around to a sequence; no segment is the whole test', () => {
    const t = executionTuple(parseSegment('1/3:2/3'), null);
    assert.equal(sequenceString(t.striping.sequence), '0,1/3,2/3,1');
    assert.equal(t.index, 1);
    const whole = executionTuple(null, null);
    assert.equal(scaleInt(whole, 7), 7);
    assert.equal(ownedPosition(whole, 4), 4);
  });
});

describe('ScaleInt64: the VU split', () => {
  it("k6's table for 0,1/2,3/4,1 (values 1..12)", () => {
    const seq = '0,1/2,3/4,1';
    const ts = ['0:1/2', '1/2:3/4', '3/4:1'].map((s) => tuple(s, seq));
    const rows = ts.map((t) => Array.from({ length: 12 }, (_, v) => scaleInt(t, v + 1)));
    assert.deepEqual(rows, [
      [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6],
      [0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3],
      [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3],
    ]);
  });

  it('equal segments: counts differ by at most one, the first segments get the extra, the sum is the total', () => {
    assert.deepEqual(scaleAll(operator(2), 7), [4, 3]);
    assert.deepEqual(scaleAll(operator(3), 10), [4, 3, 3]);
    assert.deepEqual(scaleAll(operator(4), 6), [2, 2, 1, 1]);
    assert.deepEqual(scaleAll(operator(2), 1), [1, 0], 'one VU: the second runner has none (no work there)');
    for (const n of [2, 3, 5])
      for (let v = 0; v < 40; v++) {
        const parts = scaleAll(operator(n), v);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          v,
        );
        assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
      }
  });

  it('the double initializes the scaled VUs: preAllocatedVUs and maxVUs split the same way', () => {
    const conf = (raw: Record<string, unknown>, executor = 'ramping-arrival-rate') =>
      ({ executor, raw }) as ScenarioConf;
    const [a, b] = operator(2) as [ExecutionTuple, ExecutionTuple];
    assert.deepEqual(scenarioVus(conf({ preAllocatedVUs: 3, maxVUs: 7 }), a), { initial: 2, max: 4 });
    assert.deepEqual(scenarioVus(conf({ preAllocatedVUs: 3, maxVUs: 7 }), b), { initial: 1, max: 3 });
    assert.deepEqual(scenarioVus(conf({ vus: 1, iterations: 3 }, 'per-vu-iterations'), b), { initial: 0, max: 0 });
    assert.deepEqual(scenarioVus(conf({ preAllocatedVUs: 3, maxVUs: 7 }), null), { initial: 3, max: 7 });
  });
});

describe('arrival rate: rate x share, iterations interleaved', () => {
  it('maxVUs a multiple of N: each runner runs rate/N, runner i the global iterations i, i+N, ...', () => {
    const [a, b] = operator(2).map((t) => resegment(t, 10)!) as [ExecutionTuple, ExecutionTuple];
    assert.equal(segmentLength(a), 0.5);
    assert.deepEqual(ownedPositions(a, 8), [0, 2, 4, 6]);
    assert.deepEqual(ownedPositions(b, 8), [1, 3, 5, 7]);
    // by the time the whole test has started 9 iterations, runner 1 started 5 and runner 2 four
    assert.deepEqual([scaleInt(a, 9), scaleInt(b, 9)], [5, 4]);
  });

  it('k6 re-cuts the sequence by maxVUs: maxVUs 7 over two runners gives them 4/7 and 3/7 of the rate', () => {
    const [a, b] = operator(2).map((t) => resegment(t, 7)!) as [ExecutionTuple, ExecutionTuple];
    assert.equal(segmentString(a.striping.sequence[a.index]!), '0:4/7');
    assert.equal(segmentLength(b), 3 / 7);
    assert.deepEqual(ownedPositions(a, 14), [0, 2, 4, 6, 7, 9, 11, 13]);
    assert.deepEqual(ownedPositions(b, 14), [1, 3, 5, 8, 10, 12]);
    assert.equal(resegment(operator(2)[1]!, 1), null, 'maxVUs 1: the second runner has no work');
  });

  it('iterationShare is what the bundles size per-runner pools by', () => {
    const [a, b] = operator(2) as [ExecutionTuple, ExecutionTuple];
    assert.equal(iterationShare(a, { executor: 'ramping-arrival-rate', maxVUs: 7 }), 4 / 7);
    assert.equal(iterationShare(b, { executor: 'ramping-arrival-rate', maxVUs: 8 }), 1 / 2);
    assert.equal(iterationShare(b, { executor: 'per-vu-iterations', vus: 1 }), 0);
    assert.equal(iterationShare(null, { executor: 'ramping-arrival-rate', maxVUs: 7 }), 1);
  });
});

describe('segments and sequences as k6 parses, writes and refuses them', () => {
  it('percentages, decimals and fractions; a bare value is the end of a first segment', () => {
    assert.equal(segmentString(parseSegment('50%:100%')), '1/2:1');
    assert.equal(segmentString(parseSegment('0.25:0.5')), '1/4:1/2');
    assert.equal(segmentString(parseSegment('1/3')), '0:1/3');
    assert.equal(segmentString(parseSegment('')), '0:1');
    assert.equal(sequenceString(parseSequence('0,0.5,1')!), '0,1/2,1');
  });

  it("k6's messages for malformed values", () => {
    assert.throws(
      () => parseSegment('abc'),
      /^Error: 'abc' is not a valid percentage, decimal, fraction or interval value$/,
    );
    assert.throws(() => parseSegment('1/2:1/4'), /^Error: segment start\(0\.50\) must be less than its end\(0\.25\)$/);
    assert.throws(() => parseSegment('0:3/2'), /^Error: segment end value can't be more than 1 but was 1\.50$/);
    assert.throws(() => parseSegment('-1/2:1'), /^Error: segment start value must be at least 0 but was -0\.50$/);
    assert.throws(() => parseSegment('x%'), /^Error: 'x%' is not a valid percentage$/);
    assert.throws(
      () => parseSequence('1'),
      /^Error: at least 2 points are needed for an execution segment sequence, 1 given$/,
    );
  });

  it('the double: flags override script options; a segment missing from its sequence is invalid config (104)', () => {
    const r = resolveSegments(
      { executionSegment: '1/2:1' },
      { executionSegment: '0:1/2', executionSegmentSequence: '0,0.5,1' },
    );
    assert.deepEqual(r.strings, { executionSegment: '1/2:1', executionSegmentSequence: '0,1/2,1' });
    assert.equal(r.tuple?.index, 1);
    assert.deepEqual(resolveSegments({}, {}).strings, { executionSegment: null, executionSegmentSequence: null });
    assert.throws(
      () => resolveSegments({ executionSegment: '1/3:2/3', executionSegmentSequence: '0,1/2,1' }, {}),
      (e: Error & { exitCode?: number }) =>
        e.exitCode === 104 &&
        e.message ===
          "There were problems with the specified script configuration:\n\t- provided segment 1/3:2/3 can't be found in sequence 0,1/2,1",
    );
    assert.throws(
      () => resolveSegments({ executionSegment: 'half' }, {}),
      (e: Error & { exitCode?: number }) => e.exitCode === 255,
    );
    assert.throws(
      () => resolveSegments({}, { executionSegment: 'half' }),
      (e: Error & { exitCode?: number }) => e.exitCode === 104,
    );
  });
});

describe('runner slices: no two runners share a user or an RCA slot', () => {
  const slices = (n: number) =>
    operator(n).map((_, i) =>
      runnerSlice({
        executionSegment: `${i}/${n}:${i + 1}/${n}`,
        executionSegmentSequence: [0, ...Array.from({ length: n }, (_, j) => `${j + 1}/${n}`)].join(','),
      }),
    );

  it('no segment: no slice (and no runner tag); the single-process user rule', () => {
    assert.equal(runnerSlice({ executionSegment: null, executionSegmentSequence: null }), null);
    assert.deepEqual(ownedUserPositions(null, 3), [0, 1, 2]);
    assert.equal(ownUserIndex(null, 5, 3), 1);
  });

  it('the runner tag is the 1-based index of the segment in the sequence', () => {
    assert.deepEqual(
      slices(3).map((s) => [s?.runner, s?.runners, s?.segment]),
      [
        [1, 3, '0:1/3'],
        [2, 3, '1/3:2/3'],
        [3, 3, '2/3:1'],
      ],
    );
  });

  it('users are striped like VU ids: disjoint, covering, and VU g is user g-1 when N divides the pool', () => {
    const [a, b] = slices(2);
    assert.deepEqual(ownedUserPositions(a!, 5), [0, 2, 4]);
    assert.deepEqual(ownedUserPositions(b!, 5), [1, 3]);
    const own = ownedUserPositions(b!, 4); // [1, 3]
    for (let k = 1; k <= 6; k++) {
      const g = (k - 1) * 2 + 2; // runner 2's k-th VU
      assert.equal(own[ownUserIndex(b!, g, own.length)], (g - 1) % 4);
    }
  });

  it("RCA blocks follow each runner's rate share and never overlap", () => {
    const pool = (share: number) => Math.ceil(10 * share); // 10 users for the whole rate
    const blocks = slices(2).map((s) => rcaBlock(s, { executor: 'ramping-arrival-rate', maxVUs: 7 }, pool));
    assert.deepEqual(blocks, [
      { offset: 0, size: 6, total: 11 },
      { offset: 6, size: 5, total: 11 },
    ]);
    assert.deepEqual(rcaBlock(null, { executor: 'ramping-arrival-rate', maxVUs: 7 }, pool), {
      offset: 0,
      size: 10,
      total: 10,
    });
    const smoke = slices(2).map((s) => rcaBlock(s, { executor: 'per-vu-iterations', vus: 1 }, pool));
    assert.deepEqual(
      smoke.map((b) => b.size),
      [10, 0],
    );
  });
});
