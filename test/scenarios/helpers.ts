// Shared by the scenario tests: a simulator per test file, a run config pointing at it, a bundle run
// under the k6 test double, and small sample statistics.
import { LOCAL_RUN_CONFIG, type RunConfig } from '../../lib/core/run-config.ts';
import { startSimulator, type RunningSim } from '../../sim/index.ts';
import { runBundle, type RunBundleResult } from '../k6-double/run-bundle.ts';
import type { Sample } from '../k6-double/types.ts';

export const SIM_SECRET = 'scenario-test-secret';
/** Fast enough for tests (an RCA of 30 sim-s takes 0.3 s), slow enough for 2 shared cores. */
export const TIME_SCALE = 100;

export function startTestSim(): Promise<RunningSim> {
  return startSimulator({
    port: 0,
    k8sPort: 0,
    timeScale: TIME_SCALE,
    secret: SIM_SECRET,
    quiet: true,
    seed: 4,
    rcaDurationSimMs: { medianMs: 30_000, sigma: 0.2 },
  });
}

export function simConfig(sim: RunningSim, over: Partial<RunConfig> = {}): RunConfig {
  return {
    ...LOCAL_RUN_CONFIG,
    env: 'test',
    apiUrl: sim.url,
    wsUrl: sim.wsUrl,
    profile: 'load',
    timeScale: TIME_SCALE,
    users: { mode: 'provision', count: 2 },
    contractSampleRate: 1,
    rca: { maxWaitSeconds: 1200, pollInitialSeconds: 2, pollMaxSeconds: 10 },
    chatbot: { turnTimeoutSeconds: 10 },
    // The double runs iterations back to back (about 4 RCA submissions/s with 2 VUs), not at the
    // executor's rate, so the RCA user pool is sized for that rate: 5/s over a 3 s window = 4 users.
    rates: { ...LOCAL_RUN_CONFIG.rates, rca: 5 },
    ...over,
  };
}

export interface ScenarioRun {
  result: RunBundleResult;
  summaryPath: string;
}

export async function runScenario(
  scenario: string,
  config: RunConfig,
  opts: { vus?: number; iterations?: number; execs?: Record<string, { vus?: number; iterations?: number }> } = {},
): Promise<RunBundleResult> {
  return runBundle({
    scenario,
    env: {
      AURORA_LOAD_CONFIG: JSON.stringify(config),
      AURORA_INTERNAL_API_SECRET: SIM_SECRET,
      AURORA_SUMMARY_PATH: 'summary.json',
    },
    vus: opts.vus ?? 2,
    iterations: opts.iterations ?? 6,
    execs: opts.execs,
    timeoutMs: 45_000,
  });
}

export function samplesOf(r: RunBundleResult, metric: string, tags: Record<string, string> = {}): Sample[] {
  return r.samples.filter((s) => s.metric === metric && Object.entries(tags).every(([k, v]) => s.tags[k] === v));
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

export function rateOf(samples: Sample[]): number {
  return samples.length ? samples.filter((s) => s.value !== 0).length / samples.length : NaN;
}

/** Checks by name: passes and fails (iteration checks only). */
export function checksByName(r: RunBundleResult): Record<string, { passes: number; fails: number }> {
  const out: Record<string, { passes: number; fails: number }> = {};
  for (const c of r.checks) {
    const o = (out[c.name] ??= { passes: 0, fails: 0 });
    o.passes += c.passes;
    o.fails += c.fails;
  }
  return out;
}

export const failedChecks = (r: RunBundleResult) =>
  Object.entries(checksByName(r))
    .filter(([, c]) => c.fails > 0)
    .map(([n, c]) => `${n}: ${c.fails} failed`);

/** Every metric sample of the iterations carries stage, profile, and (HTTP) service/name tags. */
export function untaggedSamples(r: RunBundleResult, stageCount: number): string[] {
  const problems: string[] = [];
  for (const s of r.samples) {
    if (['vus', 'vus_max'].includes(s.metric) || s.tags.phase === 'setup' || s.tags.group?.startsWith('::setup'))
      continue;
    if (s.tags.scenario === undefined && s.tags.stage === undefined) continue; // setup/teardown
    const stage = Number(s.tags.stage);
    if (!(stage >= 0 && stage < stageCount))
      problems.push(`${s.metric} without a valid stage tag: ${JSON.stringify(s.tags)}`);
    if (s.tags.profile === undefined) problems.push(`${s.metric} without profile tag`);
    if (s.metric.startsWith('http_req') && (!s.tags.service || !s.tags.name))
      problems.push(`${s.metric} without service/name: ${JSON.stringify(s.tags)}`);
    if (/[0-9a-f]{8}-[0-9a-f]{4}-/.test(s.tags.name ?? '')) problems.push(`name tag carries an id: ${s.tags.name}`);
  }
  return [...new Set(problems)].slice(0, 10);
}
