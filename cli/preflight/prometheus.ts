// Prometheus, when the env file names one: two instant queries (postgres_exporter's
// pg_settings_max_connections, redis_exporter's redis_config_maxmemory) through its HTTP API.
// A thin shell; an unreachable Prometheus is recorded, never thrown.
import type { PrometheusReadout } from './snapshot.ts';

type QueryAnswer = { status: string; data?: { result?: { value?: [number, string] }[] } };

async function query(base: string, promql: string, timeoutMs: number): Promise<number | undefined> {
  const url = new URL('api/v1/query', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('query', promql);
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as QueryAnswer;
  if (body.status !== 'success') throw new Error(`query status ${body.status}`);
  const value = body.data?.result?.[0]?.value?.[1];
  return value === undefined ? undefined : Number(value);
}

export async function readPrometheus(url: string, timeoutMs = 5000): Promise<PrometheusReadout> {
  try {
    const [pgMaxConnections, redisMaxmemory] = await Promise.all([
      query(url, 'max(pg_settings_max_connections)', timeoutMs),
      query(url, 'max(redis_config_maxmemory)', timeoutMs),
    ]);
    return { url, pgMaxConnections, redisMaxmemory };
  } catch (err) {
    return { url, error: (err as Error).message.split('\n')[0]!.slice(0, 200) };
  }
}
