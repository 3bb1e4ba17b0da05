// k6's thresholds of a finished run judged from Prometheus: the thresholds and metric kinds read from
// the run's k6 summary (summary.json), then every series of the run's testid over the run's window.
import { existsSync } from 'node:fs';
import { readSummary } from '../../analysis/index.ts';
import type { PromClient } from '../../cluster/index.ts';
import type { ThresholdsFromPrometheus } from '../../verdict/index.ts';
import { evaluateThresholdsFromPrometheus } from './evaluate.ts';
import { metricTypesOf, thresholdsOf } from './from-summary.ts';

/** Seconds added before the load's start: the run's first pushes and the setup stage. */
const WINDOW_MARGIN_SECONDS = 30;

export async function judgeRunFromPrometheus(o: {
  client: PromClient;
  testid: string;
  summaryPath: string;
  fromMs: number;
  toMs: number;
}): Promise<ThresholdsFromPrometheus | undefined> {
  if (!existsSync(o.summaryPath)) return undefined;
  const summary = await readSummary(o.summaryPath);
  if (summary.thresholds.length === 0) return undefined;
  const gates = await evaluateThresholdsFromPrometheus({
    client: o.client,
    testid: o.testid,
    thresholds: thresholdsOf(summary),
    metricTypes: metricTypesOf(summary),
    atMs: o.toMs,
    windowSeconds: (o.toMs - o.fromMs) / 1000 + WINDOW_MARGIN_SECONDS,
    ...(summary.durationMs ? { durationMs: summary.durationMs } : {}),
  });
  return { testid: o.testid, gates };
}
