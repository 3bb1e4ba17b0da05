/**
 * Every simulator fault, declared once: its name, how to write it, one line of help with an example,
 * how its value parses, its effect on the active state (or the action it asks for), and the way
 * back from state to spec. The parser, the help text, `GET /__sim/faults` and the round-trip spec
 * iterate this list; an entry missing a part does not compile.
 */
import type { CrashAction, FaultConfig } from './config.ts';
import { type FaultError, deploymentName, factor, nonNegative, ratio, routeLatency } from './values.ts';

interface FaultBase {
  readonly name: string;
  /** How to write it, for help: `error-rate=<0..1>`. */
  readonly usage: string;
  /** What it does, one line. */
  readonly help: string;
  /** A spec that parses; help shows it and the round-trip spec feeds it back. */
  readonly example: string;
}

/** A fault that is part of the active state (shown by `GET /__sim/faults`). */
export interface StateFault<V> extends FaultBase {
  readonly kind: 'state';
  /** The text after `=`, undefined when the spec has no `=`. */
  parse(value: string | undefined): V | FaultError;
  /** The effect: the parsed value into the active state. */
  apply(config: FaultConfig, value: V): void;
  /** Back to spec: the specs that recreate this fault's part of the state ([] when it is off). */
  toSpecs(config: FaultConfig): string[];
}

/** A fault that acts once when applied and leaves no state behind (`crash=`). */
export interface ActionFault extends FaultBase {
  readonly kind: 'action';
  parse(value: string | undefined): CrashAction | FaultError;
  /** Back to spec. */
  toSpec(action: CrashAction): string;
}

/** Any fault; each entry keeps its own value type, which the list forgets. */
export type FaultDef = StateFault<unknown> | ActionFault;

const defineState = <V>(def: Omit<StateFault<V>, 'kind'>): StateFault<V> => ({ kind: 'state', ...def });

type SwitchField = 'hpaFrozen' | 'stickyOff' | 'workersStalled' | 'noAffinity' | 'noPdb';

/** An on/off fault: `name` (or `name=true`) turns it on, `name=false` off. */
function switchFault(name: string, field: SwitchField, help: string): StateFault<boolean> {
  return defineState<boolean>({
    name,
    usage: name,
    help,
    example: name,
    parse: (value) => {
      if (value === undefined || value === 'true') return true;
      if (value === 'false') return false;
      return { error: `${name} is a switch; write "${name}" (or ${name}=false to turn it off)` };
    },
    apply: (config, on) => {
      config[field] = on;
    },
    toSpecs: (config) => (config[field] ? [name] : []),
  });
}

/** A fault that needs `=<value>`. */
function needsValue<V>(
  name: string,
  example: string,
  read: (raw: string) => V | FaultError,
): (value: string | undefined) => V | FaultError {
  return (value) => (value === undefined ? { error: `${name} needs a value, e.g. --fault ${example}` } : read(value));
}

const LATENCY_EXAMPLE = 'latency=GET /api/incidents:300';

export const FAULTS: readonly FaultDef[] = [
  switchFault('hpa-frozen', 'hpaFrozen', 'HPA controllers stop scaling'),
  switchFault('sticky-off', 'stickyOff', 'ingress ignores the affinity cookie (round-robin, new cookie each time)'),
  defineState<{ route: string; ms: number }>({
    name: 'latency',
    usage: 'latency=<METHOD /route>:<ms>',
    help: 'extra latency on one route template',
    example: LATENCY_EXAMPLE,
    parse: needsValue('latency', LATENCY_EXAMPLE, (raw) => routeLatency(raw, LATENCY_EXAMPLE)),
    apply: (config, { route, ms }) => {
      config.latency[route] = ms;
    },
    toSpecs: (config) => Object.entries(config.latency).map(([route, ms]) => `latency=${route}:${ms}`),
  }),
  defineState<number>({
    name: 'error-rate',
    usage: 'error-rate=<0..1>',
    help: 'share of aurora-server requests answered 500',
    example: 'error-rate=0.05',
    parse: needsValue('error-rate', 'error-rate=0.05', (raw) => ratio('error-rate', raw, 'error-rate=0.05')),
    apply: (config, share) => {
      config.errorRate = share;
    },
    toSpecs: (config) => (config.errorRate > 0 ? [`error-rate=${config.errorRate}`] : []),
  }),
  defineState<number>({
    name: 'leak',
    usage: 'leak=<ms>',
    help: 'extra ms of latency per 1000 requests a pod has served',
    example: 'leak=50',
    parse: needsValue('leak', 'leak=50', (raw) => nonNegative('leak', raw, 'leak=50')),
    apply: (config, ms) => {
      config.leakMsPer1000 = ms;
    },
    toSpecs: (config) => (config.leakMsPer1000 > 0 ? [`leak=${config.leakMsPer1000}`] : []),
  }),
  switchFault('workers-stalled', 'workersStalled', 'celery workers pull no tasks'),
  defineState<number>({
    name: 'chatbot-drop',
    usage: 'chatbot-drop=<0..1>',
    help: 'share of chat turns dropped mid-turn (close 1011)',
    example: 'chatbot-drop=0.1',
    parse: needsValue('chatbot-drop', 'chatbot-drop=0.1', (raw) => ratio('chatbot-drop', raw, 'chatbot-drop=0.1')),
    apply: (config, share) => {
      config.chatbotDrop = share;
    },
    toSpecs: (config) => (config.chatbotDrop > 0 ? [`chatbot-drop=${config.chatbotDrop}`] : []),
  }),
  {
    kind: 'action',
    name: 'crash',
    usage: 'crash=<pod|server|chatbot|celery>',
    help: 'crash a pod when applied (at start, or mid-load with @stage:<n>); the ingress re-pins with a new cookie',
    example: 'crash=server',
    parse: needsValue<CrashAction>('crash', 'crash=server', (raw) => {
      const target = raw.trim();
      if (target === '')
        return { error: 'crash needs a pod name, "server", "chatbot" or "celery", e.g. --fault crash=server' };
      return { kind: 'crash', target };
    }),
    toSpec: (action) => `crash=${action.target}`,
  },
  defineState<number>({
    name: 'db-pool',
    usage: 'db-pool=<n>',
    help: 'per pod, DB-using requests beyond n concurrent fail with 500',
    example: 'db-pool=4',
    parse: needsValue('db-pool', 'db-pool=4', (raw) => nonNegative('db-pool', raw, 'db-pool=4', true)),
    apply: (config, n) => {
      config.dbPool = n;
    },
    toSpecs: (config) => (config.dbPool !== null ? [`db-pool=${config.dbPool}`] : []),
  }),
  defineState<string>({
    name: 'oom',
    usage: 'oom=<deployment|server|chatbot|celery>',
    help: 'memory climbs to the limit; the container is OOMKilled and restarts in its pod',
    example: 'oom=aurora-oss-server',
    parse: needsValue('oom', 'oom=aurora-oss-server', (raw) => deploymentName('oom', raw, 'oom=aurora-oss-server')),
    apply: (config, deployment) => {
      if (!config.oom.includes(deployment)) config.oom.push(deployment);
    },
    toSpecs: (config) => config.oom.map((d) => `oom=${d}`),
  }),
  defineState<number>({
    name: 'redis-memory',
    usage: 'redis-memory=<MiB/min>',
    help: 'Redis memory grows by that much per simulated minute, up to maxmemory',
    example: 'redis-memory=50',
    parse: needsValue('redis-memory', 'redis-memory=50', (raw) => nonNegative('redis-memory', raw, 'redis-memory=50')),
    apply: (config, mib) => {
      config.redisMiBPerMin = mib;
    },
    toSpecs: (config) => (config.redisMiBPerMin > 0 ? [`redis-memory=${config.redisMiBPerMin}`] : []),
  }),
  // Misconfigurations: what the Kubernetes API shows changes, for the preflight checklist to catch.
  defineState<number>({
    name: 'beat-replicas',
    usage: 'beat-replicas=<n>',
    help: 'celery-beat Deployment runs n replicas (the chart: 1; more duplicate scheduled tasks)',
    example: 'beat-replicas=2',
    parse: needsValue('beat-replicas', 'beat-replicas=2', (raw) =>
      nonNegative('beat-replicas', raw, 'beat-replicas=2', true),
    ),
    apply: (config, n) => {
      config.beatReplicas = n;
    },
    toSpecs: (config) => (config.beatReplicas !== 1 ? [`beat-replicas=${config.beatReplicas}`] : []),
  }),
  switchFault('no-affinity', 'noAffinity', 'the chatbot Ingress loses its cookie-affinity annotations'),
  defineState<string>({
    name: 'no-requests',
    usage: 'no-requests=<deployment>',
    help: "a Deployment's containers lose their resource requests and limits",
    example: 'no-requests=aurora-oss-server',
    parse: needsValue('no-requests', 'no-requests=aurora-oss-server', (raw) =>
      deploymentName('no-requests', raw, 'no-requests=aurora-oss-server'),
    ),
    apply: (config, name) => {
      if (!config.noRequests.includes(name)) config.noRequests = [...config.noRequests, name];
    },
    toSpecs: (config) => config.noRequests.map((name) => `no-requests=${name}`),
  }),
  switchFault('no-pdb', 'noPdb', 'no PodDisruptionBudgets'),
  defineState<number>({
    name: 'db-max-connections',
    usage: 'db-max-connections=<n>',
    help: "postgres' max_connections (the chart: 100)",
    example: 'db-max-connections=40',
    parse: needsValue('db-max-connections', 'db-max-connections=40', (raw) =>
      nonNegative('db-max-connections', raw, 'db-max-connections=40', true),
    ),
    apply: (config, n) => {
      config.dbMaxConnections = n;
    },
    toSpecs: (config) => (config.dbMaxConnections !== null ? [`db-max-connections=${config.dbMaxConnections}`] : []),
  }),
  defineState<number>({
    name: 'cost-spike',
    usage: 'cost-spike=<factor>',
    help: 'LLM tokens (and cost) of every chat turn and RCA multiplied: a prompt regression',
    example: 'cost-spike=3',
    parse: needsValue('cost-spike', 'cost-spike=3', (raw) => factor('cost-spike', raw, 'cost-spike=3')),
    apply: (config, f) => {
      config.costSpike = f;
    },
    toSpecs: (config) => (config.costSpike !== 1 ? [`cost-spike=${config.costSpike}`] : []),
  }),
];

export const FAULT_NAMES: readonly string[] = FAULTS.map((f) => f.name);
