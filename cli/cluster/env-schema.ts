// The env file's `cluster:` and `prometheus:` sections (added to EnvFileSchema), and the plan's
// cluster gates for one profile, seconds divided by the simulator's time scale like HPA expectations.
import { z } from 'zod';
import { PROFILE_NAMES } from '../../lib/core/run-config.ts';
import type { ClusterGateSpec } from './types.ts';

const profileName = z.enum(PROFILE_NAMES as [string, ...string[]]);
const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, {
  message: 'must be the NAME of an environment variable (UPPER_SNAKE_CASE), never the secret itself',
});
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const ClusterGatesSchema = z
  .strictObject({
    noOomKilled: z.boolean().default(true).describe('No container OOMKilled during the run'),
    maxRestarts: z
      .int()
      .min(0)
      .optional()
      .describe('Container restarts allowed per Deployment during the run (0 = none)'),
    celeryQueue: z
      .strictObject({
        below: z.int().min(1).describe('Queue length the Celery queue must get under'),
        withinSeconds: z
          .number()
          .positive()
          .describe("... within this many seconds after the load stops (target's clock)"),
      })
      .optional()
      .describe('The Celery queue drains after the load'),
    maxDbConnectionsPct: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Open DB connections never above this % of max_connections'),
    maxRedisMemoryPct: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .describe('Redis used memory never above this % of maxmemory'),
    deployments: z
      .array(z.string().min(1))
      .optional()
      .describe('Deployments the OOM and restart gates cover; default kubernetes.deployments'),
  })
  .describe('Cluster gates of one profile (kind `cluster`, exit 7).');

export const ClusterSchema = z
  .strictObject({
    gates: z.partialRecord(profileName, ClusterGatesSchema).default({}).describe('Cluster gates per profile'),
    rateWindowSeconds: z
      .number()
      .positive()
      .optional()
      .describe(
        'Window of rate() for CPU; default 6 s for the local Prometheus (6 scrapes: robust to a late one), else 4 scrape intervals and at least 2 min',
      ),
  })
  .describe('Cluster metrics (CPU, memory, restarts/OOMKilled, Celery queue, DB connections, Redis) and their gates.');

export const PrometheusSchema = z
  .strictObject({
    queryUrl: httpUrl
      .optional()
      .describe('Prometheus (or a compatible API: Thanos, Mimir, AMP proxy) to read cluster metrics from'),
    remoteWriteUrl: httpUrl
      .optional()
      .describe(
        'Where k6 writes its results live (-o experimental-prometheus-rw), e.g. https://prom.example.com/api/v1/write',
      ),
    secretEnv: z
      .strictObject({
        bearerToken: envVarName.optional().describe('Variable holding a bearer token for both URLs'),
        username: envVarName.optional().describe('Variable holding the basic-auth user'),
        password: envVarName.optional().describe('Variable holding the basic-auth password'),
      })
      .prefault({})
      .describe('Names of the variables that hold Prometheus credentials. Never the values.'),
    nativeHistograms: z
      .boolean()
      .default(true)
      .describe('k6 trends as native histograms (Prometheus needs --enable-feature=native-histograms)'),
    grafanaUrl: httpUrl
      .optional()
      .describe('Grafana base URL; the CLI prints the k6 dashboard link for the run (testid)'),
    scrapeIntervalSeconds: z.number().positive().default(30).describe("The cluster's scrape interval (query step)"),
  })
  .describe('A Prometheus of the target environment. Local runs start their own.');

export type ClusterFile = z.infer<typeof ClusterSchema>;
export type PrometheusFile = z.infer<typeof PrometheusSchema>;

/** The profile's cluster gates for the plan; undefined when the env file sets none for it. */
export function clusterGatesFor(
  file: ClusterFile | undefined,
  profile: string,
  timeScale: number,
): ClusterGateSpec | undefined {
  const g = file?.gates[profile as keyof ClusterFile['gates']];
  if (!g) return undefined;
  return {
    noOomKilled: g.noOomKilled,
    ...(g.maxRestarts === undefined ? {} : { maxRestarts: g.maxRestarts }),
    ...(g.celeryQueue
      ? { celeryQueue: { below: g.celeryQueue.below, withinSeconds: g.celeryQueue.withinSeconds / timeScale } }
      : {}),
    ...(g.maxDbConnectionsPct === undefined ? {} : { maxDbConnectionsPct: g.maxDbConnectionsPct }),
    ...(g.maxRedisMemoryPct === undefined ? {} : { maxRedisMemoryPct: g.maxRedisMemoryPct }),
    ...(g.deployments ? { deployments: g.deployments } : {}),
  };
}
