// rca: RCA submissions through the Grafana webhook and trigger-rca, spread over a user pool sized so
// Aurora's 5-per-300-s per-user cap is never hit, each followed by back-off polling to its end.
import exec from 'k6/execution';
import { rcaFlowConfig } from '../lib/k6/flows/rca-config.ts';
import { rcaSubmission } from '../lib/k6/flows/rca.ts';
import { beginIteration, build, config, rcaSlot, setupRun, target, type SetupData } from '../lib/k6/run.ts';

export { handleSummary } from '../lib/k6/run.ts';

const built = build(['rca']);
const flow = rcaFlowConfig(config);

export const options = built.options;

export function setup(): SetupData {
  return setupRun(built, ['rca']);
}

export function rca(data: SetupData): void {
  beginIteration(built);
  rcaSubmission(target, data.rcaUsers, exec.scenario.iterationInTest, data.runId, flow, rcaSlot());
}
