// The drift gate's hold windows of a distributed run, from Prometheus: where each hold stage's first
// and last part lie, the PromQL that reads them over every runner (testid), and the mapper of the
// answers to the HoldWindow[] that drift-gates.ts judges, as drift-windows.ts reads it from an NDJSON.
// Pure, no HTTP. aurora-server requests with phase="request" and the hold's `stage` label only:
//   requests, errors: the running totals (serviceRequestsSoFarQuery, serviceFailedSoFarQuery) at the
//                     part's end minus at its start (exact, within one push of the runners);
//   p50, p95:         histogram_quantile over the summed rate() of the native histograms over the
//                     part, at its end (rate, not increase: the same quantile, and what the series
//                     charts already ask of Prometheus 2.42; schema 3 buckets, so within about 9 %).
// Where a stage starts: the plan's start after the load's (stage-starts.ts, as the HPA gates place
// stages). Every runner tags `stage` from its own clock on the plan's schedule and the operator starts
// them together, so the plan's start is where the tag changes; the first sample of the label in
// Prometheus would be late by up to a push interval and need a subquery per stage. An error in the
// load's start only slides the parts: the stage label keeps another stage's requests out of them.
import type { DriftPart, HoldWindow } from '../../gates/drift-gates.ts';
import type { HoldStage } from '../../gates/drift-windows.ts';
import type { Vector } from './answers.ts';
import { serviceFailedSoFarQuery, serviceQuantileQuery, serviceRequestsSoFarQuery } from './promql.ts';

/** The drift gate's service and phase, as drift-windows.ts filters the NDJSON. */
export const DRIFT_TAGS = { service: 'aurora-server', phase: 'request' } as const;
/** The percentiles the drift gate compares. */
export const DRIFT_QUANTILES = [50, 95] as const;
/** Added to the running totals' lookback so a series' first sample before the load's start counts. */
const LOOKBACK_MARGIN_SECONDS = 60;

/** One part of a hold stage, ms since the epoch. */
export interface PartSpan {
  fromMs: number;
  toMs: number;
}

export interface HoldSpans {
  hold: HoldStage;
  first: PartSpan;
  last: PartSpan;
}

/** Each hold's first part [start, start+share·dur] and last [start+dur−share·dur, start+dur]. */
export function holdSpans(holds: readonly HoldStage[], loadStartMs: number, share: number): HoldSpans[] {
  return holds.map((hold) => {
    const startMs = loadStartMs + hold.startSeconds * 1000;
    const endMs = startMs + hold.durationSeconds * 1000;
    const spanMs = hold.durationSeconds * share * 1000;
    return { hold, first: { fromMs: startMs, toMs: startMs + spanMs }, last: { fromMs: endMs - spanMs, toMs: endMs } };
  });
}

/** An instant query and when to evaluate it. */
export interface TimedQuery {
  query: string;
  atMs: number;
}

/** The queries of one part: running totals at both ends, quantiles over the part at its end. */
export interface PartQueries {
  requestsAtStart: TimedQuery;
  requestsAtEnd: TimedQuery;
  failedAtStart: TimedQuery;
  failedAtEnd: TimedQuery;
  /** Percentile -> its quantile (seconds). */
  quantiles: Record<number, TimedQuery>;
}

export function partQueries(testid: string, stage: number, part: PartSpan, loadStartMs: number): PartQueries {
  const tags = { ...DRIFT_TAGS, stage: String(stage) };
  const lookback = Math.max(0, (part.toMs - loadStartMs) / 1000) + LOOKBACK_MARGIN_SECONDS;
  const requests = serviceRequestsSoFarQuery(testid, lookback, tags);
  const failed = serviceFailedSoFarQuery(testid, lookback, tags);
  const seconds = (part.toMs - part.fromMs) / 1000;
  return {
    requestsAtStart: { query: requests, atMs: part.fromMs },
    requestsAtEnd: { query: requests, atMs: part.toMs },
    failedAtStart: { query: failed, atMs: part.fromMs },
    failedAtEnd: { query: failed, atMs: part.toMs },
    quantiles: Object.fromEntries(
      DRIFT_QUANTILES.map((p) => [p, { query: serviceQuantileQuery(p, testid, seconds, tags), atMs: part.toMs }]),
    ),
  };
}

/** The answers to one part's queries, in PartQueries' shape. */
export interface PartAnswers {
  requestsAtStart: Vector;
  requestsAtEnd: Vector;
  failedAtStart: Vector;
  failedAtEnd: Vector;
  quantiles: Record<number, Vector>;
}

/** The sum of an answer's finite values (several series: other runners' totals); 0 when it has none. */
function total(v: Vector): number {
  let sum = 0;
  for (const s of v) {
    const x = Number(s.value[1]);
    if (Number.isFinite(x)) sum += x;
  }
  return sum;
}

/** A quantile in ms, or null (no answer, NaN of an empty histogram, +Inf). */
function quantileMs(v: Vector | undefined): number | null {
  const x = Number(v?.[0]?.value[1]);
  return v?.length === 1 && Number.isFinite(x) ? x * 1000 : null;
}

/** One part's requests, errors and percentiles; null percentiles when the part had no request. */
export function driftPartFromAnswers(a: PartAnswers): DriftPart {
  const requests = Math.max(0, Math.round(total(a.requestsAtEnd) - total(a.requestsAtStart)));
  const errors = Math.min(requests, Math.max(0, Math.round(total(a.failedAtEnd) - total(a.failedAtStart))));
  return {
    requests,
    errors,
    p50: requests === 0 ? null : quantileMs(a.quantiles[50]),
    p95: requests === 0 ? null : quantileMs(a.quantiles[95]),
  };
}

/** A hold's window from its two parts' answers. */
export function holdWindowFrom(hold: HoldStage, first: PartAnswers, last: PartAnswers): HoldWindow {
  return { stage: hold.index, kind: hold.kind, first: driftPartFromAnswers(first), last: driftPartFromAnswers(last) };
}
