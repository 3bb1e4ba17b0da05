// LLM usage as Aurora reports it (docs/aurora-contract.md §2, §1.3): a chat turn's `usage_final`
// frame `{model, input_tokens, output_tokens, estimated_cost}` (or, failing that, the trailing
// `usage_info` `{total_cost}`), and an incident's `tokenUsage` once its RCA has run. Pure readers:
// a frame or a field in, one usage record (or undefined when Aurora reported nothing usable) out.

export type SpendSource = 'chat' | 'rca';

export interface LlmUsage {
  source: SpendSource;
  /** The model Aurora named; 'unknown' when it named none, 'mixed' when an RCA used several. */
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Estimated cost in USD, as Aurora computed it. */
  costUsd: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** A chat turn's usage from its `usage_final` data, with `usage_info`'s total_cost as the fallback cost. */
export function chatUsageOf(usageFinal: unknown, usageInfo?: unknown): LlmUsage | undefined {
  const f = obj(usageFinal);
  const cost = num(f?.estimated_cost) ?? num(obj(usageInfo)?.total_cost);
  if (cost === undefined) return undefined;
  return {
    source: 'chat',
    model: typeof f?.model === 'string' && f.model ? f.model : 'unknown',
    inputTokens: num(f?.input_tokens) ?? 0,
    outputTokens: num(f?.output_tokens) ?? 0,
    costUsd: cost,
  };
}

/** An RCA's usage from its incident's `tokenUsage` (null until the RCA has run). */
export function rcaUsageOf(tokenUsage: unknown): LlmUsage | undefined {
  const t = obj(tokenUsage);
  const cost = num(t?.totalCost);
  if (!t || cost === undefined) return undefined;
  const models = Array.isArray(t.models) ? t.models.map((m) => obj(m)?.model).filter((m) => typeof m === 'string') : [];
  return {
    source: 'rca',
    model: models.length === 1 ? (models[0] as string) : models.length > 1 ? 'mixed' : 'unknown',
    inputTokens: num(t.totalInputTokens) ?? 0,
    outputTokens: num(t.totalOutputTokens) ?? 0,
    costUsd: cost,
  };
}

export const totalTokens = (u: LlmUsage): number => u.inputTokens + u.outputTokens;
