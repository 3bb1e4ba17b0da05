// Reads the two parts of every hold stage that the drift gate compares (drift-gates.ts) from k6's
// NDJSON in one streaming pass: aurora-server requests (`phase:request`) whose `stage` tag is a hold
// stage, split by their time since the stage's first sample into its first and last `share`.
// Memory is two histograms per hold stage, however long the soak.
import { Quantiles } from '../analysis/histogram.ts';
import { readLines } from '../analysis/read-lines.ts';
import type { PlannedStage } from '../../lib/core/profiles.ts';
import type { HoldWindow } from './drift-gates.ts';

/** A stage whose load holds steady, as the profile plans it (wall-clock seconds). */
export interface HoldStage {
  index: number;
  kind: string;
  /** The stage's planned start after the load's (a distributed run's parts are placed from it). */
  startSeconds: number;
  durationSeconds: number;
}

interface PartAcc {
  latency: Quantiles;
  requests: number;
  errors: number;
}

/** What the NDJSON reader needs of a hold stage: each stage starts at its first sample. */
type HoldOfNdjson = Pick<HoldStage, 'index' | 'kind' | 'durationSeconds'>;

interface StageAcc {
  stage: HoldOfNdjson;
  startMs: number;
  first: PartAcc;
  last: PartAcc;
}

const newPart = (): PartAcc => ({ latency: new Quantiles(3), requests: 0, errors: 0 });

/** Only the lines the drift gate needs: cheap string tests before JSON.parse. */
const wanted = (line: string): boolean =>
  line.includes('"phase":"request"') &&
  line.includes('"service":"aurora-server"') &&
  (line.includes('"http_req_duration"') || line.includes('"http_req_failed"'));

export async function readHoldWindows(
  ndjsonPath: string,
  holds: readonly HoldOfNdjson[],
  share: number,
): Promise<HoldWindow[]> {
  const byIndex = new Map(holds.map((h) => [h.index, h]));
  const acc = new Map<number, StageAcc>();
  // Durations of failed requests are not kept apart from their http_req_failed sample, so the two
  // metrics are accumulated separately: latency from http_req_duration, errors from http_req_failed.
  const pending: { metric: string; t: number; value: number; stage: number }[] = [];
  const source = await readLines(ndjsonPath);
  for await (const batch of source.batches) {
    for (const line of batch) {
      if (!wanted(line)) continue;
      let p: {
        metric?: string;
        type?: string;
        data?: { time?: string; value?: number; tags?: Record<string, string> };
      };
      try {
        p = JSON.parse(line);
      } catch {
        continue;
      }
      const stage = Number(p.data?.tags?.stage);
      if (p.type !== 'Point' || !byIndex.has(stage)) continue;
      const t = Date.parse(p.data?.time ?? '');
      if (!Number.isFinite(t)) continue;
      pending.push({ metric: p.metric ?? '', t, value: Number(p.data?.value), stage });
      const seen = acc.get(stage);
      if (!seen || t < seen.startMs) {
        acc.set(stage, {
          stage: byIndex.get(stage) as HoldOfNdjson,
          startMs: t,
          first: seen?.first ?? newPart(),
          last: seen?.last ?? newPart(),
        });
      }
      if (pending.length >= 4096) flush();
    }
  }
  flush();

  function flush(): void {
    for (const s of pending) {
      const a = acc.get(s.stage) as StageAcc;
      const offset = (s.t - a.startMs) / 1000;
      const span = a.stage.durationSeconds * share;
      const part = offset < span ? a.first : offset >= a.stage.durationSeconds - span ? a.last : undefined;
      if (!part) continue;
      if (s.metric === 'http_req_duration') {
        part.latency.record(s.value);
        part.requests++;
      } else if (s.value !== 0) {
        part.errors++;
      }
    }
    pending.length = 0;
  }

  const part = (p: PartAcc | undefined) => ({
    requests: p?.requests ?? 0,
    errors: p?.errors ?? 0,
    p50: p?.latency.at(50) ?? null,
    p95: p?.latency.at(95) ?? null,
  });
  return holds.map((h) => ({
    stage: h.index,
    kind: h.kind,
    first: part(acc.get(h.index)?.first),
    last: part(acc.get(h.index)?.last),
  }));
}

/** The stages the drift gate judges: the profile's `hold` stages (soak, load, nightly's load phase). Pure. */
export function holdStages(stages: readonly PlannedStage[]): HoldStage[] {
  return stages
    .filter((s) => s.kind === 'hold' && s.fromLevel === s.toLevel && s.toLevel > 0)
    .map((s) => ({ index: s.index, kind: s.kind, startSeconds: s.startSeconds, durationSeconds: s.durationSeconds }));
}

/** The hold stages of a plan the drift gate judges: none unless the load is an arrival rate. Pure. */
export function plannedHolds(planned: { executor: string; stages: readonly PlannedStage[] }): HoldStage[] {
  return planned.executor === 'ramping-arrival-rate' ? holdStages(planned.stages) : [];
}
