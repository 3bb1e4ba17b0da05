// k6 test double: the settings of `-o experimental-prometheus-rw`, read from k6's environment as
// k6 reads them (K6_PROMETHEUS_RW_*; defaults: http://localhost:9090/api/v1/write, a push every 5 s,
// trends as gauges of p(99)). Pure; an invalid value is an error, as k6 refuses to create the output.

export interface RemoteWriteConfig {
  serverUrl: string;
  pushIntervalMs: number;
  trendAsNativeHistogram: boolean;
  /** Trend stats exported as gauges when not native: avg, min, med, max, count, sum, p(N). */
  trendStats: string[];
  /** Request headers: K6_PROMETHEUS_RW_HTTP_HEADERS, K6_PROMETHEUS_RW_HEADERS_<NAME>, then auth. */
  headers: Record<string, string>;
}

export const DEFAULT_SERVER_URL = 'http://localhost:9090/api/v1/write';
const GO_UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds ("1s", "250ms", "1m30s"); NaN when it does not parse. */
export function parseGoDuration(text: string): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * (GO_UNITS[m[2] as string] as number);
    at = re.lastIndex;
  }
  return at === text.length && at > 0 ? total : Number.NaN;
}

/** Go's strconv.ParseBool. */
function parseBool(name: string, text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new Error(`${name}: invalid boolean "${text}"`);
}

const TREND_STAT = /^(avg|min|med|max|count|sum|p\(\d+(\.\d+)?\))$/;

export function remoteWriteConfig(env: Record<string, string | undefined>): RemoteWriteConfig {
  const interval = env.K6_PROMETHEUS_RW_PUSH_INTERVAL;
  const pushIntervalMs = interval === undefined ? 5000 : parseGoDuration(interval);
  if (!(pushIntervalMs > 0)) throw new Error(`K6_PROMETHEUS_RW_PUSH_INTERVAL: invalid or not positive "${interval}"`);
  const native = env.K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM;
  const stats = env.K6_PROMETHEUS_RW_TREND_STATS;
  const trendStats = stats ? stats.split(',').map((s) => s.trim()) : ['p(99)'];
  for (const s of trendStats)
    if (!TREND_STAT.test(s)) throw new Error(`K6_PROMETHEUS_RW_TREND_STATS: invalid stat "${s}"`);

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('K6_PROMETHEUS_RW_HEADERS_') && v !== undefined) headers[k.slice(25)] = v;
  const list = env.K6_PROMETHEUS_RW_HTTP_HEADERS;
  if (list !== undefined) {
    for (const pair of list.split(',')) {
      const parts = pair.split(':');
      if (parts.length !== 2)
        throw new Error(`the provided header (${pair}) does not respect the expected format <header key>:<value>`);
      headers[parts[0] as string] = parts[1] as string;
    }
  }
  if (env.K6_PROMETHEUS_RW_BEARER_TOKEN) headers.Authorization = `Bearer ${env.K6_PROMETHEUS_RW_BEARER_TOKEN}`;
  // Basic auth as soon as a user is set; the client applies it last.
  if (env.K6_PROMETHEUS_RW_USERNAME !== undefined) {
    const basic = Buffer.from(`${env.K6_PROMETHEUS_RW_USERNAME}:${env.K6_PROMETHEUS_RW_PASSWORD ?? ''}`);
    headers.Authorization = `Basic ${basic.toString('base64')}`;
  }
  return {
    serverUrl: env.K6_PROMETHEUS_RW_SERVER_URL || DEFAULT_SERVER_URL,
    pushIntervalMs,
    trendAsNativeHistogram:
      native === undefined || native === '' ? false : parseBool('K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM', native),
    trendStats,
    headers,
  };
}
