// Records one chat turn's or RCA's LLM usage into the spend metrics, tagged service, model and
// source. A turn or RCA with no usage reported adds a 0 to the spend counter, so the spend cap's
// threshold always has data and a clean run shows "$0", not "no data".
import type { LlmUsage, SpendSource } from '../core/aurora/llm-usage.ts';
import { totalTokens } from '../core/aurora/llm-usage.ts';
import { llmChatCost, llmChatTokens, llmRcaCost, llmRcaTokens, llmSpend } from './metrics.ts';

/** The pod that ran the LLM work: the chatbot's agent workflow, or the Celery RCA agent. */
const SERVICE: Record<SpendSource, string> = { chat: 'chatbot', rca: 'celery' };

export function recordSpend(source: SpendSource, usage: LlmUsage | undefined): void {
  const tags = { source, service: SERVICE[source], model: usage?.model ?? 'unknown' };
  llmSpend.add(usage?.costUsd ?? 0, tags);
  if (!usage) return;
  if (source === 'chat') {
    llmChatCost.add(usage.costUsd, tags);
    llmChatTokens.add(totalTokens(usage), tags);
  } else {
    llmRcaCost.add(usage.costUsd, tags);
    llmRcaTokens.add(totalTokens(usage), tags);
  }
}
