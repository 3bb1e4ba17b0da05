// The rca flow's settings from the run config (a smoke follows an RCA only until a worker has it).
import { rcaFollow } from '../../core/rca-poll.ts';
import type { RunConfig } from '../../core/run-config.ts';
import type { RcaFlowConfig } from './rca.ts';

export function rcaFlowConfig(config: RunConfig): RcaFlowConfig {
  const follow = rcaFollow(config.profile, config.rca.maxWaitSeconds);
  return {
    initialSeconds: config.rca.pollInitialSeconds,
    maxSeconds: config.rca.pollMaxSeconds,
    maxWaitSeconds: follow.maxWaitSeconds,
    followUntil: follow.until,
    timeScale: config.timeScale,
    contractSampleRate: config.contractSampleRate,
    webhookShare: config.rca.webhookShare ?? 0.5,
  };
}
