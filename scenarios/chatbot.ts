// chatbot: one conversation per iteration: a REST chat session, a WebSocket turn streamed to END
// through the ingress, then a reconnect with a fresh token that must stay on its replica.
import { chatbotConversation } from '../lib/k6/flows/chatbot.ts';
import { beginIteration, build, config, setupRun, target, vuUser, type SetupData } from '../lib/k6/run.ts';

export { handleSummary } from '../lib/k6/run.ts';

const built = build(['chatbot']);

export const options = built.options;

export function setup(): SetupData {
  return setupRun(built, ['chatbot']);
}

export async function chatbot(data: SetupData): Promise<void> {
  beginIteration(built);
  await chatbotConversation(target, vuUser(data.users), {
    ...config.chatbot,
    contractSampleRate: config.contractSampleRate,
  });
}
