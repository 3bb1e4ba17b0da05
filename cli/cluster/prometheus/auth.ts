// Request headers for the environment's Prometheus, from the secret variables the env file names
// (`prometheus.secretEnv`). Pure; the values go into headers only, never into a log or a report.
import type { PrometheusFile } from '../env-schema.ts';

export function prometheusHeaders(
  p: Pick<PrometheusFile, 'secretEnv'>,
  env: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const token = p.secretEnv.bearerToken ? env[p.secretEnv.bearerToken] : undefined;
  if (token) return { Authorization: `Bearer ${token}` };
  const user = p.secretEnv.username ? env[p.secretEnv.username] : undefined;
  const password = p.secretEnv.password ? env[p.secretEnv.password] : undefined;
  if (user !== undefined && password !== undefined)
    return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
  return undefined;
}

/** The secret values in use, for the run folder's secret scrub. */
export function prometheusSecrets(
  p: Pick<PrometheusFile, 'secretEnv'> | undefined,
  env: Record<string, string | undefined>,
): string[] {
  if (!p) return [];
  return [p.secretEnv.bearerToken, p.secretEnv.username, p.secretEnv.password]
    .map((name) => (name ? env[name] : undefined))
    .filter((v): v is string => typeof v === 'string' && v.length > 0);
}
