// The env file's LLM-spend parts (see schema.ts for the whole file): what each chat turn asks the
// chatbot for (mode, model, providers: the LLM work behind it) and the per-unit spend estimates and
// regression tolerance. Every field says what it is and its default here.
import { z } from 'zod';

export const ChatChoicesSchema = z
  .strictObject({
    mode: z
      .enum(['ask', 'agent'])
      .default('ask')
      .describe(
        "The turn's mode: `ask` answers read-only with fewer tool calls (cheaper); `agent` may run tools and " +
          'multi-step plans (what users of the agent mode cost)',
      ),
    model: z
      .string()
      .min(1)
      .optional()
      .describe("The turn's `model`, e.g. a cheaper one for load; unset: the chatbot's default model"),
    providerPreference: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("The turn's `provider_preference`, the LLM providers in order; unset: Aurora's own order"),
  })
  .describe('What each chat turn asks Aurora for: the LLM work (and spend) behind it.');

export const SpendSchema = z
  .strictObject({
    chatTurnUsd: z
      .number()
      .nonnegative()
      .default(0.01)
      .describe('Estimated LLM cost of one chat turn (USD), for the plan when no baseline gives a measured mean'),
    rcaUsd: z
      .number()
      .nonnegative()
      .default(0.25)
      .describe('Estimated LLM cost of one RCA (USD), for the plan when no baseline gives a measured mean'),
    tolerance: z
      .number()
      .nonnegative()
      .default(0.25)
      .describe('Allowed rise of the mean cost and tokens per chat turn and per RCA over the baseline (0.25 = +25%)'),
  })
  .describe('LLM spend: per-unit estimates for the plan, and the spend gate against a baseline.');
