// Tags every sample of the current iteration with `stage` (index of the load stage running now) and
// `profile`, like k6-utils' tagWithCurrentStageIndex but from the plan's own stage list and only
// documented k6/execution fields: `exec.scenario.startTime` (ms since the epoch) and
// `exec.vu.metrics.tags` (the VU's tags, applied to every metric it emits afterwards).
import exec from 'k6/execution';
import { stageIndexAt, type PlannedStage } from '../core/profiles.ts';

export function tagStage(
  stages: readonly Pick<PlannedStage, 'startSeconds' | 'durationSeconds'>[],
  profile: string,
): number {
  const elapsedSeconds = (Date.now() - exec.scenario.startTime) / 1000;
  const index = stageIndexAt(stages, elapsedSeconds);
  const tags = exec.vu.metrics.tags;
  tags.stage = String(index);
  tags.profile = profile;
  return index;
}
