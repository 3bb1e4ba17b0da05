// The rca flow's settings from the run config.
import type { RunConfig } from '../../core/run-config.ts';
import type { RcaFlowConfig } from './rca.ts';

export function rcaFlowConfig(config: RunConfig): RcaFlowConfig {
  return {
    initialSeconds: config.rca.pollInitialSeconds,
    maxSeconds: config.rca.pollMaxSeconds,
    maxWaitSeconds: config.rca.maxWaitSeconds,
    timeScale: config.timeScale,
    contractSampleRate: config.contractSampleRate,
    webhookShare: config.rca.webhookShare ?? 0.5,
  };
}
