// Checklist items about Aurora's datastores: the database connection budget at max replicas
// against postgres' max_connections (db-connection-budget), and Redis' maxmemory with an eviction
// policy (redis-maxmemory). Values come from Prometheus when configured, else the env file, else
// the StatefulSet's command line (`-c max_connections=`, `--maxmemory`). Pure.
import type { PreflightEvidence, PreflightItem } from '../../verdict/index.ts';
import { itemsOf, type Workload } from '../snapshot.ts';
import { type CheckInput, ev, result, unread } from './item.ts';
import { hpaFor } from './scaling.ts';

function argsOf(w: Workload): string[] {
  return w.spec.template.spec.containers.flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]);
}

function named(workloads: Workload[], part: string): Workload | undefined {
  return workloads.find((w) => w.metadata.name.includes(part));
}

/** `-c max_connections=N` (or `max_connections=N` anywhere) on a postgres command line. */
export function maxConnectionsFromArgs(args: string[]): number | undefined {
  for (const a of args) {
    const m = /(?:^|\s)max_connections=(\d+)/.exec(a);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** The value after a redis-server flag (`--maxmemory 512mb`). */
export function redisFlag(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const joined = args.find((a) => a.startsWith(`${flag}=`) || a.startsWith(`${flag} `));
  return joined?.slice(flag.length + 1);
}

export function dbConnectionBudget({ snapshot, settings }: CheckInput): PreflightItem {
  const workloads = [snapshot.deployments, snapshot.statefulsets].flatMap((r) => itemsOf(r) ?? []);
  const pgbouncer = named(workloads, 'pgbouncer');
  if (pgbouncer)
    return result(
      'db-connection-budget',
      'pass',
      `${pgbouncer.kind}/${pgbouncer.metadata.name} pools the connections`,
      [ev(`${pgbouncer.kind}/${pgbouncer.metadata.name}`, 'metadata.name', pgbouncer.metadata.name)],
    );
  if (!snapshot.hpas.ok) return unread('db-connection-budget', snapshot.hpas, snapshot.namespace);
  const maxOf = (name: string): { max: number; from: PreflightEvidence } | undefined => {
    const hpa = hpaFor(snapshot.hpas.ok ? snapshot.hpas.items : [], name);
    if (hpa)
      return {
        max: hpa.spec.maxReplicas,
        from: ev(`HorizontalPodAutoscaler/${hpa.metadata.name}`, 'spec.maxReplicas', String(hpa.spec.maxReplicas)),
      };
    const d = workloads.find((w) => w.kind === 'Deployment' && w.metadata.name === name);
    return (
      d && { max: d.spec.replicas ?? 1, from: ev(`Deployment/${name}`, 'spec.replicas', String(d.spec.replicas ?? 1)) }
    );
  };
  const server = maxOf(settings.serverDeployment);
  const worker = maxOf(settings.celeryWorkerDeployment);
  if (!server || !worker) {
    if (!snapshot.deployments.ok) return unread('db-connection-budget', snapshot.deployments, snapshot.namespace);
    return result(
      'db-connection-budget',
      'unknown',
      `no HPA or Deployment for ${!server ? settings.serverDeployment : settings.celeryWorkerDeployment}`,
    );
  }
  const perServerPod = settings.gunicornWorkers * settings.gunicornThreads;
  const budget = server.max * perServerPod + worker.max * settings.celeryConcurrency;
  const limit = maxConnectionsOf({ snapshot, settings }, workloads);
  const evidence = [
    server.from,
    ev(
      'env file',
      'preflight.gunicornWorkers x gunicornThreads',
      `${settings.gunicornWorkers} x ${settings.gunicornThreads}`,
    ),
    worker.from,
    ev('env file', 'preflight.celeryConcurrency', String(settings.celeryConcurrency)),
    ...(limit ? [limit.from] : []),
  ];
  const sum = `${server.max} x ${perServerPod} + ${worker.max} x ${settings.celeryConcurrency} = ${budget} connections`;
  if (!limit) {
    if (!snapshot.statefulsets.ok)
      return { ...unread('db-connection-budget', snapshot.statefulsets, snapshot.namespace), evidence };
    return result('db-connection-budget', 'unknown', `${sum}; max_connections unknown`, evidence, {
      fix: 'set preflight.prometheusUrl (postgres_exporter) or preflight.postgresMaxConnections in the env file',
    });
  }
  if (budget <= limit.value)
    return result('db-connection-budget', 'pass', `${sum} <= max_connections ${limit.value}`, evidence);
  return result(
    'db-connection-budget',
    'fail',
    `${sum} > max_connections ${limit.value}: requests fail at max replicas`,
    evidence,
  );
}

function maxConnectionsOf(
  { snapshot, settings }: Pick<CheckInput, 'snapshot' | 'settings'>,
  workloads: Workload[],
): { value: number; from: PreflightEvidence } | undefined {
  const prom = snapshot.prometheus?.pgMaxConnections;
  if (prom !== undefined)
    return {
      value: prom,
      from: ev(`Prometheus ${snapshot.prometheus!.url}`, 'pg_settings_max_connections', String(prom)),
    };
  if (settings.postgresMaxConnections !== undefined)
    return {
      value: settings.postgresMaxConnections,
      from: ev('env file', 'preflight.postgresMaxConnections', String(settings.postgresMaxConnections)),
    };
  const pg = named(workloads, 'postgres');
  if (!pg) return undefined;
  const fromArgs = maxConnectionsFromArgs(argsOf(pg));
  // A postgres started without the setting runs with its default, 100.
  const value = fromArgs ?? 100;
  return {
    value,
    from: ev(
      `${pg.kind}/${pg.metadata.name}`,
      'spec.template.spec.containers[0].args',
      fromArgs === undefined ? 'no max_connections (postgres default 100)' : `max_connections=${fromArgs}`,
    ),
  };
}

export function redisMaxmemory({ snapshot }: CheckInput): PreflightItem {
  const prom = snapshot.prometheus?.redisMaxmemory;
  if (prom !== undefined) {
    const e = [ev(`Prometheus ${snapshot.prometheus!.url}`, 'redis_config_maxmemory', String(prom))];
    return prom > 0
      ? result('redis-maxmemory', 'pass', `maxmemory ${prom} bytes`, e)
      : result('redis-maxmemory', 'fail', 'maxmemory is 0: Redis grows until the pod is OOMKilled', e);
  }
  if (!snapshot.statefulsets.ok) return unread('redis-maxmemory', snapshot.statefulsets, snapshot.namespace);
  const redis = named(snapshot.statefulsets.items, 'redis');
  if (!redis)
    return result('redis-maxmemory', 'unknown', 'no Redis StatefulSet and no Prometheus to ask', [], {
      fix: 'set preflight.prometheusUrl (redis_exporter) in the env file',
    });
  const args = argsOf(redis);
  const obj = `StatefulSet/${redis.metadata.name}`;
  const maxmemory = redisFlag(args, '--maxmemory');
  const policy = redisFlag(args, '--maxmemory-policy');
  const evidence = [ev(obj, 'args --maxmemory', maxmemory), ev(obj, 'args --maxmemory-policy', policy)];
  if (!maxmemory || maxmemory === '0') {
    // Set in a mounted redis.conf instead, perhaps: only Prometheus (or CONFIG GET) can tell.
    return result('redis-maxmemory', 'unknown', `${obj}: no --maxmemory on the command line`, evidence, {
      fix: 'set preflight.prometheusUrl (redis_exporter) in the env file, or run redis-server with --maxmemory <size> --maxmemory-policy allkeys-lru',
    });
  }
  if (!policy || policy === 'noeviction')
    return result(
      'redis-maxmemory',
      'warn',
      `${obj}: maxmemory ${maxmemory} without an eviction policy: writes fail when full`,
      evidence,
    );
  return result('redis-maxmemory', 'pass', `${obj}: maxmemory ${maxmemory}, policy ${policy}`, evidence);
}
