// mixed: rest, chatbot and rca together (the env file's load.scenarios), each a named k6 scenario
// with its own arrival-rate executor and rate, on one shared stage timeline. The default of
// `npm run load`.
import exec from 'k6/execution';
import { chatbotConversation } from '../lib/k6/flows/chatbot.ts';
import { rcaFlowConfig } from '../lib/k6/flows/rca-config.ts';
import { rcaSubmission } from '../lib/k6/flows/rca.ts';
import { restAction } from '../lib/k6/flows/rest.ts';
import { weightTable } from '../lib/core/rest-mix.ts';
import { beginIteration, build, config, rcaSlot, setupRun, target, vuUser, type SetupData } from '../lib/k6/run.ts';

export { handleSummary } from '../lib/k6/run.ts';

const built = build(config.scenarios);
const table = weightTable(config.restWeights);
const flow = rcaFlowConfig(config);

export const options = built.options;

export function setup(): SetupData {
  return setupRun(built, config.scenarios);
}

export function rest(data: SetupData): void {
  beginIteration(built);
  restAction(target, vuUser(data.users), table, config.contractSampleRate);
}

export async function chatbot(data: SetupData): Promise<void> {
  beginIteration(built);
  await chatbotConversation(target, vuUser(data.users), {
    ...config.chatbot,
    contractSampleRate: config.contractSampleRate,
  });
}

export function rca(data: SetupData): void {
  beginIteration(built);
  rcaSubmission(target, data.rcaUsers, exec.scenario.iterationInTest, data.runId, flow, rcaSlot());
}
