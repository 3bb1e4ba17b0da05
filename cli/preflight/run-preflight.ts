// The preflight as one step: read the cluster (and Prometheus, when the env file names one), then
// evaluate the checklist. The shell around evaluate.ts; `npm run preflight` and `npm run load`
// (before stress, spike, breakpoint, soak and nightly) both call it.
import type { PreflightSettings } from '../plan/index.ts';
import type { PreflightItem } from '../verdict/index.ts';
import { evaluateChecklist, failingMustHaves } from './evaluate.ts';
import { readPrometheus } from './prometheus.ts';
import { type KubeAccess, readCluster } from './read-cluster.ts';

/** The profiles whose runs are preceded by the preflight (a stress run on an unready cluster proves nothing). */
export const PREFLIGHT_PROFILES: readonly string[] = ['stress', 'spike', 'breakpoint', 'soak', 'nightly'];

export interface PreflightInput {
  access: KubeAccess;
  settings: PreflightSettings;
  peakArrivalRate?: number;
}

export interface PreflightOutcome {
  items: PreflightItem[];
  passed: boolean;
}

export async function runPreflight(i: PreflightInput): Promise<PreflightOutcome> {
  const [cluster, prometheus] = await Promise.all([
    readCluster(i.access),
    i.settings.prometheusUrl ? readPrometheus(i.settings.prometheusUrl) : Promise.resolve(undefined),
  ]);
  const items = evaluateChecklist({
    snapshot: { ...cluster, ...(prometheus ? { prometheus } : {}) },
    settings: i.settings,
    peakArrivalRate: i.peakArrivalRate,
  });
  return { items, passed: failingMustHaves(items).length === 0 };
}
