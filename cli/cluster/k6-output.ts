// k6's live output to Prometheus: the environment's (`prometheus.remoteWriteUrl`), or for a local run
// the Prometheus it started: the `k6 run` flags and environment of `-o experimental-prometheus-rw`,
// every series tagged `testid=<run id>`, trends as native histograms; and the Grafana link of the run
// (dashboards/aurora-load.json, selected on testid over the run's time range). Pure; credentials go
// into k6's environment only.
import type { PrometheusFile } from './env-schema.ts';

export interface K6Output {
  args: string[];
  env: Record<string, string>;
}

export function k6RemoteWrite(
  p: Pick<PrometheusFile, 'remoteWriteUrl' | 'nativeHistograms' | 'secretEnv'>,
  runId: string,
  env: Record<string, string | undefined>,
): K6Output | undefined {
  if (!p.remoteWriteUrl) return undefined;
  const out: Record<string, string> = {
    K6_PROMETHEUS_RW_SERVER_URL: p.remoteWriteUrl,
    K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: String(p.nativeHistograms),
    // A time-scaled run lasts minutes: push every second rather than k6's default 5 s.
    K6_PROMETHEUS_RW_PUSH_INTERVAL: '1s',
  };
  if (!p.nativeHistograms) out.K6_PROMETHEUS_RW_TREND_STATS = 'p(50),p(95),p(99),max';
  const secret = (name: string | undefined): string | undefined => (name ? env[name] : undefined);
  const token = secret(p.secretEnv.bearerToken);
  if (token) out.K6_PROMETHEUS_RW_BEARER_TOKEN = token;
  const user = secret(p.secretEnv.username);
  const password = secret(p.secretEnv.password);
  if (!token && user !== undefined && password !== undefined) {
    out.K6_PROMETHEUS_RW_USERNAME = user;
    out.K6_PROMETHEUS_RW_PASSWORD = password;
  }
  return { args: ['-o', 'experimental-prometheus-rw', '--tag', `testid=${runId}`], env: out };
}

/**
 * Where a run's k6 writes its results: the env file's `prometheus.remoteWriteUrl` when set, else the
 * local Prometheus the run started (its remote-write receiver, native histograms on); none without
 * either. `url` is for the terminal line; it holds no credentials. k6's `--tag` replaces the script's
 * `options.tags`, so the tags the bundle sets there (`keepTags`) are passed again beside the testid.
 */
export function runRemoteWrite(o: {
  prometheus?: Pick<PrometheusFile, 'remoteWriteUrl' | 'nativeHistograms' | 'secretEnv'>;
  localPrometheusUrl?: string;
  runId: string;
  env: Record<string, string | undefined>;
  keepTags?: Record<string, string>;
}): (K6Output & { url: string; local: boolean }) | undefined {
  const kept = Object.entries(o.keepTags ?? {}).flatMap(([k, v]) => ['--tag', `${k}=${v}`]);
  const withKept = (out: K6Output | undefined): K6Output | undefined =>
    out && { args: [...out.args, ...kept], env: out.env };
  if (o.prometheus?.remoteWriteUrl) {
    const out = withKept(k6RemoteWrite(o.prometheus, o.runId, o.env));
    return out && { ...out, url: o.prometheus.remoteWriteUrl, local: false };
  }
  if (!o.localPrometheusUrl) return undefined;
  const url = `${o.localPrometheusUrl.replace(/\/+$/, '')}/api/v1/write`;
  const out = withKept(k6RemoteWrite({ remoteWriteUrl: url, nativeHistograms: true, secretEnv: {} }, o.runId, o.env));
  return out && { ...out, url, local: true };
}

/** The dashboard's uid (dashboards/aurora-load.json). */
export const DASHBOARD_UID = 'aurora-load';

/** Grafana's link to the run: the aurora-load dashboard on its testid and time range (ms). */
export function grafanaRunLink(
  grafanaUrl: string,
  runId: string,
  namespace: string,
  fromMs: number,
  toMs: number,
): string {
  const u = new URL(`${grafanaUrl.replace(/\/+$/, '')}/d/${DASHBOARD_UID}/aurora-load`);
  u.searchParams.set('var-testid', runId);
  u.searchParams.set('var-namespace', namespace);
  u.searchParams.set('from', String(Math.floor(fromMs)));
  u.searchParams.set('to', String(Math.ceil(toMs)));
  return u.toString();
}
