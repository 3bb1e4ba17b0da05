// Which share of a distributed run this k6 instance is (k6-operator starts N runners of the same
// script with `--execution-segment=i/N:(i+1)/N --execution-segment-sequence=0,1/N,...,1`), and the
// identities that share may use, so that no two runners act as the same user or share an RCA pool
// slot, while each user still sees no more load than in a single-process run. Pure.
//
// Every runner runs setup() (k6-operator has no shared setup data), so each runner provisions or
// picks only the users its own segment owns:
// - general users (rest, chatbot): the pool positions 0..count-1 are striped over the segments
//   exactly as k6 stripes global VU ids (segment i of N owns i, i+N, ...), so the user split follows
//   the VU split; a VU picks among its runner's users by its global id (when N divides the count,
//   VU g acts as user g-1 mod count, the very user it would be in a single-process run);
// - RCA users: each runner gets its own block of the pool, sized for the submissions it actually
//   sends (k6 splits arrival-rate iterations by the maxVUs split, which is uneven when maxVUs is not
//   a multiple of N), so the per-user cap holds on every runner as it does in one process.
import {
  executionTuple,
  ownedPositions,
  parseSegment,
  parseSequence,
  resegment,
  scaleInt,
  segmentLength,
  segmentString,
  type ExecutionTuple,
} from './execution-segment.ts';

export interface RunnerSlice {
  tuple: ExecutionTuple;
  /** 1-based index of this runner's segment in the (filled) sequence: the `runner` tag */
  runner: number;
  /** segments in the sequence */
  runners: number;
  /** the segment as k6 writes it, e.g. "1/2:1" */
  segment: string;
}

/** The k6 options that place an instance (exec.test.options): strings as k6 writes them, or null. */
export interface SegmentOptions {
  executionSegment?: string | null;
  executionSegmentSequence?: string | null;
}

/** This instance's slice, or null in a run without an execution segment (the whole test). */
export function runnerSlice(o: SegmentOptions): RunnerSlice | null {
  if (!o.executionSegment) return null;
  const segment = parseSegment(o.executionSegment);
  const tuple = executionTuple(segment, o.executionSegmentSequence ? parseSequence(o.executionSegmentSequence) : null);
  return {
    tuple,
    runner: tuple.index + 1,
    runners: tuple.striping.sequence.length,
    segment: segmentString(segment),
  };
}

/** The positions of a pool of `count` this runner owns (all of them without a slice). */
export function ownedUserPositions(slice: RunnerSlice | null, count: number): number[] {
  return slice ? ownedPositions(slice.tuple, count) : Array.from({ length: count }, (_, i) => i);
}

/**
 * Index into the runner's own users for a VU. `globalVuId` is exec.vu.idInTest (1-based, unique
 * across runners; k6 stripes it like the user positions), so the VU's rank among its runner's VUs
 * is how many of the runner's positions lie below it. Without a slice: (id - 1) mod count, the
 * single-process rule.
 */
export function ownUserIndex(slice: RunnerSlice | null, globalVuId: number, ownCount: number): number {
  const rank = slice ? scaleInt(slice.tuple, globalVuId - 1) : globalVuId - 1;
  return rank % ownCount;
}

/** What the iteration share of a scenario depends on: its executor and VU counts. */
export interface ScenarioShape {
  executor: string;
  vus?: unknown;
  maxVUs?: unknown;
}

/**
 * The share of a scenario's iterations an instance runs, as k6 splits them: per-vu-iterations by
 * its VUs; arrival-rate executors at rate x the length of the segment re-cut by maxVUs.
 */
export function iterationShare(tuple: ExecutionTuple | null, sc: ScenarioShape): number {
  if (!tuple) return 1;
  if (sc.executor === 'per-vu-iterations') {
    const vus = Number(sc.vus ?? 1);
    return vus > 0 ? scaleInt(tuple, vus) / vus : 0;
  }
  const cut = resegment(tuple, Number(sc.maxVUs ?? 0));
  return cut ? segmentLength(cut) : 0;
}

export interface RcaBlock {
  /** first pool position of this runner's block */
  offset: number;
  /** users in this runner's block (0 when it sends no RCA) */
  size: number;
  /** users in all runners' blocks together */
  total: number;
}

/**
 * This runner's block of RCA users: every runner's block is sized by `poolFor` for the rate it
 * sends (its iteration share of the scenario), and the blocks follow the sequence's order.
 */
export function rcaBlock(slice: RunnerSlice | null, sc: ScenarioShape, poolFor: (share: number) => number): RcaBlock {
  if (!slice) {
    const size = poolFor(1);
    return { offset: 0, size, total: size };
  }
  const sizes = slice.tuple.striping.sequence.map((_, index) => {
    const share = iterationShare({ striping: slice.tuple.striping, index }, sc);
    return share > 0 ? poolFor(share) : 0;
  });
  const i = slice.tuple.index;
  return {
    offset: sizes.slice(0, i).reduce((a, b) => a + b, 0),
    size: sizes[i] ?? 0,
    total: sizes.reduce((a, b) => a + b, 0),
  };
}
