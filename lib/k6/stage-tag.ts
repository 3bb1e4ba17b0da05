// Tags every sample of the current iteration with `stage` (index of the load stage running now) and
// `profile`, like k6-utils' tagWithCurrentStageIndex but from the plan's own stage list and only
// documented k6/execution fields: `exec.scenario.startTime` (ms since the epoch) and
// `exec.vu.metrics.tags` (the VU's tags, applied to every metric it emits afterwards).
//
// Under an execution segment it also sets `runner` (lib/k6/runner.ts).
//
// The VU's tags persist across its iterations, so they are written only when they change: `profile`
// and `runner` once per VU and scenario, `stage` once per stage change. An iteration in the same stage costs one clock read
// and one comparison, no string or tag write.
import exec from 'k6/execution';
import { stageIndexAt, type PlannedStage } from '../core/profiles.ts';
import { tagRunner } from './runner.ts';

type Stages = readonly Pick<PlannedStage, 'startSeconds' | 'durationSeconds'>[];

/** Per VU (k6 gives each VU its own module state): what the VU's tags hold now. */
const tagged = { scenario: '', stage: -1, untilMs: -Infinity, profile: '' };

/** Epoch ms at which stage `index` ends (the last stage never ends: k6 stops the scenario). */
export function stageEndMs(stages: Stages, index: number, scenarioStartMs: number): number {
  if (index >= stages.length - 1) return Infinity;
  const s = stages[index] as Stages[number];
  return scenarioStartMs + (s.startSeconds + s.durationSeconds) * 1000;
}

export function tagStage(stages: Stages, profile: string): number {
  const now = Date.now();
  const scenario = exec.scenario;
  if (now < tagged.untilMs && scenario.name === tagged.scenario) return tagged.stage;
  const index = stageIndexAt(stages, (now - scenario.startTime) / 1000);
  const tags = exec.vu.metrics.tags;
  if (index !== tagged.stage || scenario.name !== tagged.scenario) tags.stage = String(index);
  if (tagged.profile !== profile || scenario.name !== tagged.scenario) {
    // k6 resets a VU's tags when it moves to another scenario, so these are written again then
    tags.profile = profile;
    tagged.profile = profile;
    tagRunner();
  }
  tagged.scenario = scenario.name;
  tagged.stage = index;
  tagged.untilMs = stageEndMs(stages, index, scenario.startTime);
  return index;
}
