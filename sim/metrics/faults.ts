/**
 * The resource faults the exporters make visible, parsed on their own so they can be registered in
 * the simulator's fault registry as they are:
 *   oom=<deployment>        that Deployment's containers leak memory up to their limit and are OOMKilled
 *                           (restart in place, again and again while the fault is on)
 *   redis-memory=<MiB/min>  Redis memory grows by that much per simulated minute, up to maxmemory
 * Pure: a spec's value in, the parsed value or a message that names the spec and the fix out.
 */
import { AURORA_DEPLOYMENTS } from '../cluster/helm-defaults.ts';

export interface ResourceFaults {
  /** Deployments whose containers climb to their memory limit and get OOMKilled. */
  oom: string[];
  /** Extra Redis memory per simulated minute, MiB. */
  redisMiBPerMin: number;
}

export const noResourceFaults = (): ResourceFaults => ({ oom: [], redisMiBPerMin: 0 });

const ALIASES: Record<string, string> = {
  server: AURORA_DEPLOYMENTS.server,
  chatbot: AURORA_DEPLOYMENTS.chatbot,
  celery: AURORA_DEPLOYMENTS.celeryWorker,
  'celery-worker': AURORA_DEPLOYMENTS.celeryWorker,
};

export const RESOURCE_FAULT_HELP: readonly string[] = [
  'oom=<deployment|server|chatbot|celery>  memory climbs to the limit; the container is OOMKilled and restarts',
  'redis-memory=<MiB/min>           Redis memory grows by that much per simulated minute',
];

/** `oom=` value: a Deployment name or an alias; known = the cluster's Deployments. */
export function parseOomTarget(value: string, spec: string, known: readonly string[] = Object.values(AURORA_DEPLOYMENTS)): string | { error: string } {
  const v = value.trim();
  const name = ALIASES[v] ?? v;
  if (known.includes(name)) return name;
  return { error: `fault "${spec}": no Deployment "${v}"; use server, chatbot, celery or one of: ${known.join(', ')}` };
}

/** `redis-memory=` value: MiB per simulated minute, a number >= 0. */
export function parseRedisGrowth(value: string, spec: string): number | { error: string } {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    return { error: `fault "${spec}": redis-memory must be MiB per simulated minute, a number >= 0, e.g. --fault redis-memory=50` };
  }
  return n;
}

/** Specs of the active resource faults (the inverse of parsing), for GET /__sim/faults. */
export function resourceFaultSpecs(f: ResourceFaults): string[] {
  return [...f.oom.map((d) => `oom=${d}`), ...(f.redisMiBPerMin > 0 ? [`redis-memory=${f.redisMiBPerMin}`] : [])];
}

/**
 * Until the fault registry takes them: splits `oom=` and `redis-memory=` specs from the others and
 * parses them. Returns the remaining specs for the general parser.
 */
export function takeResourceFaults(specs: readonly unknown[]): { faults: ResourceFaults; rest: unknown[]; errors: string[] } {
  const faults = noResourceFaults();
  const rest: unknown[] = [];
  const errors: string[] = [];
  for (const raw of specs) {
    const spec = typeof raw === 'string' ? raw.trim() : '';
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const value = eq < 0 ? '' : spec.slice(eq + 1);
    if (name === 'oom') {
      const r = parseOomTarget(value, spec);
      if (typeof r === 'string') { if (!faults.oom.includes(r)) faults.oom.push(r); } else errors.push(r.error);
    } else if (name === 'redis-memory') {
      const r = parseRedisGrowth(value, spec);
      if (typeof r === 'number') faults.redisMiBPerMin = r; else errors.push(r.error);
    } else {
      rest.push(raw);
    }
  }
  return { faults, rest, errors };
}
