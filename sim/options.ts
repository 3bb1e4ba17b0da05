/** SimOptions: what startSimulator takes, its defaults in one place, and their validation. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RcaDuration } from './rca/pipeline.ts';
import { DEFAULT_RCA_DURATION } from './rca/pipeline.ts';
import { DEFAULT_K8S_PORT, DEFAULT_METRICS_PORT, DEFAULT_PORT, LOCAL_DEFAULT_SECRET } from './defaults.ts';
import { DEFAULT_BODY_LIMIT } from './ingress/http-io.ts';

export interface SimOptions {
  /** Ingress port; 0 picks a free one. Default 5080 (aurora-server's port). */
  port?: number;
  /** Kubernetes API port; 0 picks a free one. Default 16443. */
  k8sPort?: number;
  /** Exporters' port (`GET /metrics`, Prometheus text format); 0 picks a free one. Default 9464, or 0 when `port` is 0. */
  metricsPort?: number;
  /** Only loopback is supported. Default '127.0.0.1'. */
  host?: string;
  /** Simulated periods run this many times faster than real time. Default 1. */
  timeScale?: number;
  /** Seeds latency and duration draws (and pod names). Default 1. */
  seed?: number;
  /** INTERNAL_API_SECRET. Default: env INTERNAL_API_SECRET, else LOCAL_DEFAULT_SECRET. Never logged. */
  secret?: string;
  /** Fault specs active from the start, e.g. ['error-rate=0.05']. */
  faults?: string[];
  /** Where to write the kubeconfig. Default: <os tmpdir>/aurora-sim/kubeconfig-<k8s port>.yaml (removed on close). */
  kubeconfigPath?: string;
  /** RCA duration distribution in simulated ms, and the share ending in auroraStatus "error". */
  rcaDurationSimMs?: Partial<RcaDuration>;
  /** No human lines on stderr. Default false. */
  quiet?: boolean;
  /** Largest request body the ingress accepts (proxy-body-size). Default 50 MiB. */
  bodyLimitBytes?: number;
  /** Real ms between chatbot server pings (websockets ping_interval). Default 20000. */
  wsPingIntervalMs?: number;
  /** Simulated ms from pod creation to Ready. Default: the cluster's (30 s). */
  podStartupSimMs?: number;
  /** Flask-Limiter on, e.g. '500/hour' (simulated time). Default: off, as in Aurora's Helm values. */
  rateLimit?: string;
  /** RATE_LIMIT_BYPASS_TOKEN. Default: env RATE_LIMIT_BYPASS_TOKEN. Never logged. */
  rateLimitBypassToken?: string;
  /**
   * The k6 binary the simulated k6-operator runs for TestRun runners (real k6 >= 1.6, or the test
   * double test/k6-double/bin/k6). Default: none, and a TestRun ends in stage error saying so.
   */
  k6Binary?: string;
}

export type ResolvedOptions = Required<
  Omit<SimOptions, 'kubeconfigPath' | 'rcaDurationSimMs' | 'podStartupSimMs' | 'rateLimitBypassToken' | 'k6Binary'>
> & {
  k6Binary: string | undefined;
  rateLimitBypassToken: string | undefined;
  kubeconfigPath: string | undefined;
  rcaDuration: RcaDuration;
  podStartupSimMs: number | undefined;
};

function port(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535)
    throw new RangeError(`${name} must be an integer 0..65535 (0 = a free port), got ${String(v)}`);
  return v;
}

function positive(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new RangeError(`${name} must be a number > 0, got ${String(v)}`);
  return v;
}

function k6Binary(path: string | undefined): string | undefined {
  if (path === undefined || path === '') return undefined;
  const full = resolve(path);
  if (!existsSync(full))
    throw new RangeError(`k6Binary: no file at ${full} (give the path of k6, or of test/k6-double/bin/k6)`);
  return full;
}

export function resolveOptions(o: SimOptions, env: NodeJS.ProcessEnv = process.env): ResolvedOptions {
  const host = o.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new RangeError(`host must be 127.0.0.1: the simulator serves loopback only, got ${host}`);
  const rca = { ...DEFAULT_RCA_DURATION, ...o.rcaDurationSimMs };
  positive('rcaDurationSimMs.medianMs', rca.medianMs, 1);
  if (!(rca.sigma >= 0)) throw new RangeError(`rcaDurationSimMs.sigma must be >= 0, got ${rca.sigma}`);
  if (!(rca.errorRate >= 0 && rca.errorRate <= 1))
    throw new RangeError(`rcaDurationSimMs.errorRate must be 0..1, got ${rca.errorRate}`);
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return {
    port: port('port', o.port, DEFAULT_PORT),
    k8sPort: port('k8sPort', o.k8sPort, DEFAULT_K8S_PORT),
    metricsPort: port('metricsPort', o.metricsPort, o.port === 0 ? 0 : DEFAULT_METRICS_PORT),
    host: '127.0.0.1',
    timeScale: positive('timeScale', o.timeScale, 1),
    seed,
    secret: o.secret || env.INTERNAL_API_SECRET || LOCAL_DEFAULT_SECRET,
    faults: o.faults ?? [],
    kubeconfigPath: o.kubeconfigPath,
    rcaDuration: rca,
    quiet: o.quiet ?? false,
    bodyLimitBytes: positive('bodyLimitBytes', o.bodyLimitBytes, DEFAULT_BODY_LIMIT),
    wsPingIntervalMs: positive('wsPingIntervalMs', o.wsPingIntervalMs, 20_000),
    podStartupSimMs: o.podStartupSimMs === undefined ? undefined : positive('podStartupSimMs', o.podStartupSimMs, 1),
    rateLimit: o.rateLimit ?? '',
    rateLimitBypassToken: o.rateLimitBypassToken || env.RATE_LIMIT_BYPASS_TOKEN || undefined,
    k6Binary: k6Binary(o.k6Binary),
  };
}
