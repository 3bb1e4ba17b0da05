/**
 * The simulator's LLM: token counts and estimated cost per chat turn and per RCA, by model and
 * prompt length, as Aurora's usage tracking reports them. Pure. The `cost-spike=<factor>` fault
 * multiplies the tokens (a prompt regression), and with them the cost.
 */

/** USD per million tokens, input and output. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Aurora's default model when a turn names none. */
export const DEFAULT_MODEL = 'sim/aurora-llm';

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  [DEFAULT_MODEL]: { input: 3, output: 15 },
  'sim/aurora-llm-mini': { input: 0.15, output: 0.6 },
  'sim/aurora-llm-large': { input: 15, output: 75 },
};

/** A model the simulator does not know is priced like the default (Aurora prices unknown models too). */
export const priceOf = (model: string): ModelPrice => MODEL_PRICES[model] ?? MODEL_PRICES[DEFAULT_MODEL];

/** The system prompt and tool schemas every turn carries: ask mode carries fewer tools. */
const BASE_INPUT_TOKENS = { ask: 1200, agent: 3600 } as const;

export interface Usage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** USD, rounded to 1/10000. */
  cost: number;
}

export function costOf(model: string, inputTokens: number, outputTokens: number): number {
  const p = priceOf(model);
  return Math.round(((inputTokens * p.input + outputTokens * p.output) / 1e6) * 1e4) / 1e4;
}

/** One chat turn: about 4 characters a token of the query and of the answer, on top of the base prompt. */
export function chatUsage(o: {
  query: string;
  answer: string;
  model?: string;
  mode?: string;
  /** cost-spike factor (1 = healthy). */
  factor: number;
}): Usage {
  const model = o.model || DEFAULT_MODEL;
  const base = o.mode === 'agent' ? BASE_INPUT_TOKENS.agent : BASE_INPUT_TOKENS.ask;
  const inputTokens = Math.round((Math.max(1, Math.ceil(o.query.length / 4)) + base) * o.factor);
  const outputTokens = Math.round(Math.ceil(o.answer.length / 4) * o.factor);
  return { model, inputTokens, outputTokens, cost: costOf(model, inputTokens, outputTokens) };
}

/** One RCA on the Celery agent: a dozen LLM requests whose prompts grow with the alert's description. */
export const RCA_REQUESTS = 12;

export function rcaUsage(o: { description: string; factor: number; model?: string }): Usage {
  const model = o.model || DEFAULT_MODEL;
  const inputTokens = Math.round((48_000 + Math.ceil(o.description.length / 4) * RCA_REQUESTS) * o.factor);
  const outputTokens = Math.round(6_000 * o.factor);
  return { model, inputTokens, outputTokens, cost: costOf(model, inputTokens, outputTokens) };
}
