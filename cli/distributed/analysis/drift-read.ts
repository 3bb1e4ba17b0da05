// The drift gate's hold windows of a distributed run, read from the Prometheus its runners wrote to
// (the thin shell over drift.ts). Read it before the run's Prometheus stops. Never throws: a failed
// query leaves the windows unread with the reason, which the gate reports as not evaluated.
import { planFor } from '../../../lib/core/profiles.ts';
import type { RunConfig } from '../../../lib/core/run-config.ts';
import { queryInstant, type PromClient } from '../../cluster/prometheus/query.ts';
import type { HoldWindow } from '../../gates/drift-gates.ts';
import { plannedHolds } from '../../gates/drift-windows.ts';
import type { Vector } from './answers.ts';
import { holdSpans, holdWindowFrom, type PartAnswers, partQueries, type PartSpan, type TimedQuery } from './drift.ts';

/** The hold windows, or why they could not be read. */
export type DistributedDrift = { windows: HoldWindow[] } | { notRead: string };

export interface DriftReadInput {
  client: PromClient;
  testid: string;
  runConfig: RunConfig;
  /** The runners' start, ms since the epoch. */
  loadStartMs: number;
  /** The env file's drift tolerance (its share of a stage); absent = no drift gate. */
  drift?: { share: number };
}

/** undefined when the run has no drift gate (no tolerance, no hold stage). */
export async function driftFromPrometheus(i: DriftReadInput): Promise<DistributedDrift | undefined> {
  if (!i.drift) return undefined;
  const holds = plannedHolds(planFor(i.runConfig));
  if (!holds.length) return undefined;
  const ask = (q: TimedQuery): Promise<Vector> => queryInstant(i.client, q.query, q.atMs);
  const read = async (stage: number, part: PartSpan): Promise<PartAnswers> => {
    const q = partQueries(i.testid, stage, part, i.loadStartMs);
    const quantiles: Record<number, Vector> = {};
    for (const [p, query] of Object.entries(q.quantiles)) quantiles[Number(p)] = await ask(query);
    return {
      requestsAtStart: await ask(q.requestsAtStart),
      requestsAtEnd: await ask(q.requestsAtEnd),
      failedAtStart: await ask(q.failedAtStart),
      failedAtEnd: await ask(q.failedAtEnd),
      quantiles,
    };
  };
  try {
    const windows: HoldWindow[] = [];
    for (const s of holdSpans(holds, i.loadStartMs, i.drift.share)) {
      windows.push(holdWindowFrom(s.hold, await read(s.hold.index, s.first), await read(s.hold.index, s.last)));
    }
    return { windows };
  } catch (err) {
    return { notRead: `the drift gate's hold windows not read from Prometheus: ${(err as Error).message}` };
  }
}
