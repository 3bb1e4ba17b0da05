// This instance's place in a distributed run (k6-operator's runners), read from the documented
// `exec.test.options.executionSegment` / `.executionSegmentSequence` (VU context only: setup and
// iterations), and the `runner` tag: with a segment set, every sample this instance emits carries
// `runner=<1-based index of its segment>`, so the runners' series stay apart wherever they are
// aggregated (Prometheus remote write). A run without a segment gets no runner tag.
import exec from 'k6/execution';
import { runnerSlice, type RunnerSlice } from '../core/runner-slice.ts';

/** Per VU (k6 gives each VU its own module state): the slice, read once. */
let cached: { slice: RunnerSlice | null } | undefined;

/** This instance's slice of the test, or null for a whole (segment-less) run. */
export function currentSlice(): RunnerSlice | null {
  if (!cached) {
    const o = exec.test.options;
    cached = {
      slice: runnerSlice({
        executionSegment: o.executionSegment,
        executionSegmentSequence: o.executionSegmentSequence,
      }),
    };
  }
  return cached.slice;
}

/** Sets the VU's `runner` tag when a segment is set (the VU keeps it until its next scenario). */
export function tagRunner(): void {
  const slice = currentSlice();
  if (slice) exec.vu.metrics.tags.runner = String(slice.runner);
}
