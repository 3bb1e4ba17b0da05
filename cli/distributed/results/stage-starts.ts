// A distributed run has no local k6 output to read its stages from: they start where the plan puts
// them after the runners were resumed together (the operator's starter), which the HPA gates need.
// Pure.
export interface PlannedStage {
  index: number;
  startSeconds: number;
}

/** Each stage's start, ms since the epoch, from the moment the runners started. */
export function stageStarts(
  stages: readonly PlannedStage[],
  loadStartMs: number,
): { index: number; startMs: number }[] {
  return stages.map((s) => ({ index: s.index, startMs: loadStartMs + s.startSeconds * 1000 }));
}
