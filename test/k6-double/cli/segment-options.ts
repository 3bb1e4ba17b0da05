// k6 test double: the run's execution segment and sequence, consolidated as k6 does: the script's
// `options.executionSegment` / `options.executionSegmentSequence`, overridden by the
// `--execution-segment` / `--execution-segment-sequence` flags. (k6 reads neither from K6_* env
// variables: lib.Options marks both `ignored` for envconfig, so the double does not either.)
// Refusals carry k6's messages and exit codes: a malformed script option 104 (invalid config, at
// script load), a malformed flag 255 (k6's getConfig error has no exit code of its own), a segment
// missing from its sequence 104 (Options.Validate). The arithmetic is lib/core/execution-segment.ts.
import {
  executionTuple,
  parseSegment,
  parseSequence,
  segmentNotInSequence,
  segmentString,
  sequenceString,
  type ExecutionTuple,
  type Segment,
} from '../../../lib/core/execution-segment.ts';
import type { SegmentStrings } from '../types.ts';

export class SegmentError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export interface SegmentFlags {
  executionSegment?: string;
  executionSegmentSequence?: string;
}

export interface RunSegments {
  /** null: the whole test (no segment given) */
  tuple: ExecutionTuple | null;
  /** as exec.test.options shows them */
  strings: SegmentStrings;
}

const NONE: SegmentStrings = { executionSegment: null, executionSegmentSequence: null };

function parsed<T>(text: unknown, parse: (s: string) => T, exitCode: number): T | null {
  if (text === undefined || text === null) return null;
  try {
    return parse(String(text));
  } catch (e) {
    throw new SegmentError((e as Error).message, exitCode);
  }
}

/** The flags alone, canonical (for VUs spawned before the script's options are read). Throws SegmentError (255). */
export function flagStrings(flags: SegmentFlags): SegmentStrings {
  const seg = parsed(flags.executionSegment, parseSegment, 255);
  const seq = parsed(flags.executionSegmentSequence, parseSequence, 255);
  return {
    executionSegment: seg ? segmentString(seg) : null,
    executionSegmentSequence: seq ? sequenceString(seq) : null,
  };
}

/** Script options, then flags on top; validated as k6 validates them. Throws SegmentError. */
export function resolveSegments(flags: SegmentFlags, scriptOptions: Record<string, unknown>): RunSegments {
  let segment: Segment | null = parsed(scriptOptions.executionSegment, parseSegment, 104);
  let sequence: Segment[] | null = parsed(scriptOptions.executionSegmentSequence, parseSequence, 104);
  if (flags.executionSegment !== undefined) segment = parsed(flags.executionSegment, parseSegment, 255);
  if (flags.executionSegmentSequence !== undefined)
    sequence = parsed(flags.executionSegmentSequence, parseSequence, 255);
  const missing = segmentNotInSequence(segment, sequence);
  if (missing)
    throw new SegmentError(`There were problems with the specified script configuration:\n\t- ${missing}`, 104);
  if (!segment && !sequence) return { tuple: null, strings: NONE };
  return {
    tuple: executionTuple(segment, sequence),
    strings: {
      executionSegment: segment ? segmentString(segment) : null,
      executionSegmentSequence: sequence ? sequenceString(sequence) : null,
    },
  };
}
