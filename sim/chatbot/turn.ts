/**
 * What one simulated chat turn streams. Pure: a query and a random source in, the frames' content out.
 * Text is split at sentence boundaries or about every 100 characters, as the chatbot does.
 */
import type { Rng } from '../rng.ts';
import { chatUsage } from '../llm/pricing.ts';

/** What the turn asked the LLM for, and the cost-spike factor in force. */
export interface TurnLlm {
  model?: string;
  mode?: string;
  /** cost-spike factor, 1 when healthy. */
  factor: number;
}

const SENTENCES = [
  'I looked at the recent alerts and deployments for the affected service.',
  'Error rates rose shortly after the latest rollout, while traffic stayed flat.',
  'The pods restarted twice with out-of-memory kills, which matches the latency spike.',
  'Rolling back the last deployment or raising the memory limit should stabilise it.',
  'I can open an incident and run a full root cause analysis if you want.',
];

export interface TurnPlan {
  chunks: string[];
  tool: { name: string; input: Record<string, unknown> } | null;
  usage: { model: string; input_tokens: number; output_tokens: number; estimated_cost: number };
  totalCost: number;
}

/** Split at sentence ends; a sentence longer than `max` is cut about every `max` characters at a space. */
export function splitChunks(text: string, max = 100): string[] {
  const out: string[] = [];
  for (const sentence of text.match(/[^.!?]+[.!?]+\s*|[^.!?]+$/g) ?? []) {
    let rest = sentence;
    while (rest.length > max) {
      let cut = rest.lastIndexOf(' ', max);
      if (cut <= 0) cut = max;
      out.push(rest.slice(0, cut + 1));
      rest = rest.slice(cut + 1);
    }
    if (rest) out.push(rest);
  }
  return out;
}

export function planTurn(query: string, rng: Rng, llm: TurnLlm = { factor: 1 }): TurnPlan {
  const count = 2 + Math.floor(rng.next() * 3);
  const start = Math.floor(rng.next() * SENTENCES.length);
  const picked: string[] = [];
  for (let i = 0; i < count; i++) picked.push(SENTENCES[(start + i) % SENTENCES.length]);
  const text = picked.join(' ');
  const u = chatUsage({ query, answer: text, ...llm });
  return {
    chunks: splitChunks(text),
    tool: rng.next() < 0.3 ? { name: 'cloud_exec', input: { command: 'kubectl get pods -n aurora' } } : null,
    usage: { model: u.model, input_tokens: u.inputTokens, output_tokens: u.outputTokens, estimated_cost: u.cost },
    totalCost: u.cost,
  };
}
