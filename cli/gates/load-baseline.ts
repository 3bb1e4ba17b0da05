// Reads a previous run's verdict.json as a baseline: a run folder or the file itself.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RouteStats, SpendStats } from '../verdict/index.ts';

const RouteStatsSchema = z.object({
  service: z.string(),
  name: z.string(),
  count: z.number().int().nonnegative(),
  p50: z.number().nonnegative(),
  p95: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  errorRate: z.number().min(0).max(1),
});

const SpendStatsSchema = z.object({
  totalUsd: z.number().nonnegative(),
  chatTurns: z.number().int().nonnegative(),
  rcas: z.number().int().nonnegative(),
  meanPerTurnUsd: z.number().nonnegative().optional(),
  meanPerRcaUsd: z.number().nonnegative().optional(),
  meanTokensPerTurn: z.number().nonnegative().optional(),
  meanTokensPerRca: z.number().nonnegative().optional(),
  capUsd: z.number().optional(),
  stoppedForSpend: z.boolean().default(false),
});

const BaselineVerdictSchema = z.object({
  version: z.literal(1),
  runId: z.string().default('unknown'),
  env: z.string().optional(),
  scenario: z.string().optional(),
  profile: z.string().optional(),
  startedAt: z.string().optional(),
  passed: z.boolean().optional(),
  routes: z.array(RouteStatsSchema),
  spend: SpendStatsSchema.optional(),
});

export interface Baseline {
  /** The verdict.json read. */
  path: string;
  runId: string;
  env?: string;
  scenario?: string;
  profile?: string;
  startedAt?: string;
  /** Whether that run passed its own gates (a failed run makes a poor baseline). */
  passed?: boolean;
  routes: RouteStats[];
  /** The baseline run's LLM spend (verdicts from before spend was measured have none). */
  spend?: SpendStats;
}

/** Accepts a run folder (reads its verdict.json) or a verdict.json path. Errors name the file as `what` ("run B"). */
export async function loadBaseline(pathOrRunDir: string, what = 'baseline'): Promise<Baseline> {
  let path = pathOrRunDir;
  try {
    if ((await stat(pathOrRunDir)).isDirectory()) path = join(pathOrRunDir, 'verdict.json');
  } catch {
    throw new Error(`${what} ${pathOrRunDir} does not exist: pass a run folder (reports/<run>) or its verdict.json`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${what} ${path} cannot be read: is ${pathOrRunDir} a run folder with a verdict.json?`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} ${path} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = BaselineVerdictSchema.safeParse(doc);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`${what} ${path} is not an aurora-load verdict (version 1 with routes): ${problems}`);
  }
  return { path, ...parsed.data };
}
