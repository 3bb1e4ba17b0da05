// An in-memory object store with etcd-like resource versions and watch fan-out, kept in step with
// the cluster by mirrorCluster (Deployments, HPAs, Pods, the Events of every rescale, and the
// chart's other objects: celery-beat, postgres, redis, the chatbot Ingress, PodDisruptionBudgets),
// and holding what clients write (ConfigMaps, Secrets, TestRuns) and the k6-operator's Jobs and Pods.
//
// - One global resourceVersion counter; it increments on every change of any object, and the
//   changed object carries it in metadata.resourceVersion. Lists carry the current counter.
// - Re-rendering an object that did not change is not a change (no event, no new version).
// - Watches start from "now" with a synthetic ADDED per existing object (no resourceVersion, or
//   "0"), or replay the retained history after a given resourceVersion; one older than the
//   history gets a 410 Expired ERROR event, as from a compacted etcd.
import type { Cluster, ScaledEvent } from '../cluster/cluster.ts';
import { type KubeObject, renderDeployment, renderHpa, renderPod } from './objects.ts';
import type { ResourceName } from './resources/index.ts';
import { rescaleEvents } from './scaling-events.ts';
import { type Misconfig, renderWorkloads } from './workloads.ts';

export type Resource = ResourceName;
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Requirement {
  key: string;
  op: '=' | '!=' | 'exists' | '!exists';
  value?: string;
}

export interface Filter {
  namespace?: string;
  name?: string;
  /** Requirements from a fieldSelector, on dotted paths (metadata.name, involvedObject.kind, ...). */
  fields?: Requirement[];
  labels?: Requirement[];
}

interface Stored {
  object: KubeObject;
  /** JSON of the object without its resourceVersion, to detect real changes. */
  body: string;
}

interface HistoryEntry {
  rv: number;
  resource: Resource;
  type: WatchEventType;
  object: KubeObject;
}

type Send = (type: WatchEventType, object: KubeObject) => void;

interface Watcher {
  resource: Resource;
  filter: Filter;
  send: Send;
}

const HISTORY_LIMIT = 2000;

export class ObjectStore {
  private rv = 1000;
  private readonly objects: Record<Resource, Map<string, Stored>> = {
    deployments: new Map(),
    horizontalpodautoscalers: new Map(),
    pods: new Map(),
    events: new Map(),
    statefulsets: new Map(),
    ingresses: new Map(),
    poddisruptionbudgets: new Map(),
    configmaps: new Map(),
    secrets: new Map(),
    jobs: new Map(),
    testruns: new Map(),
  };
  private readonly history: HistoryEntry[] = [];
  private readonly watchers = new Set<Watcher>();

  get resourceVersion(): string {
    return String(this.rv);
  }

  upsert(resource: Resource, object: KubeObject): void {
    const key = keyOf(object);
    const body = JSON.stringify(object);
    const existing = this.objects[resource].get(key);
    if (existing && existing.body === body) return;
    this.rv++;
    const stored: KubeObject = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.rv) } };
    this.objects[resource].set(key, { object: stored, body });
    this.record(resource, existing ? 'MODIFIED' : 'ADDED', stored);
  }

  remove(resource: Resource, namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const existing = this.objects[resource].get(key);
    if (!existing) return;
    this.objects[resource].delete(key);
    this.rv++;
    const last = { ...existing.object, metadata: { ...existing.object.metadata, resourceVersion: String(this.rv) } };
    this.record(resource, 'DELETED', last);
  }

  names(resource: Resource, namespace: string): string[] {
    return [...this.objects[resource].values()]
      .filter((s) => s.object.metadata.namespace === namespace)
      .map((s) => s.object.metadata.name);
  }

  get(resource: Resource, namespace: string, name: string): KubeObject | undefined {
    return this.objects[resource].get(`${namespace}/${name}`)?.object;
  }

  list(resource: Resource, filter: Filter): { items: KubeObject[]; resourceVersion: string } {
    const items = [...this.objects[resource].values()]
      .map((s) => s.object)
      .filter((o) => matches(o, filter))
      .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    return { items, resourceVersion: this.resourceVersion };
  }

  /**
   * Starts a watch. sinceRv undefined or 0: ADDED for every matching object, then changes.
   * Otherwise: every retained change after sinceRv, then changes; 'expired' if history is too short.
   */
  watch(resource: Resource, filter: Filter, sinceRv: number | undefined, send: Send): (() => void) | 'expired' {
    if (sinceRv === undefined || sinceRv === 0) {
      for (const object of this.list(resource, filter).items) send('ADDED', object);
    } else if (sinceRv < this.rv) {
      const oldest = this.history[0];
      if (!oldest || oldest.rv > sinceRv + 1) return 'expired';
      for (const entry of this.history) {
        if (entry.rv > sinceRv && entry.resource === resource && matches(entry.object, filter))
          send(entry.type, entry.object);
      }
    }
    const watcher: Watcher = { resource, filter, send };
    this.watchers.add(watcher);
    return () => void this.watchers.delete(watcher);
  }

  private record(resource: Resource, type: WatchEventType, object: KubeObject): void {
    this.history.push({ rv: this.rv, resource, type, object });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
    for (const w of [...this.watchers]) {
      if (w.resource === resource && matches(object, w.filter)) w.send(type, object);
    }
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function satisfies(value: string | undefined, r: Requirement): boolean {
  switch (r.op) {
    case '=':
      return value === r.value;
    case '!=':
      return value !== r.value;
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

/** The value a field selector compares: a dotted path into the object ("source" is source.component). */
export function fieldValue(object: KubeObject, key: string): string | undefined {
  const path = key === 'source' ? ['source', 'component'] : key.split('.');
  let value: unknown = object;
  for (const part of path)
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? undefined : String(value);
}

export function matches(object: KubeObject, filter: Filter): boolean {
  const { metadata } = object;
  if (filter.namespace !== undefined && metadata.namespace !== filter.namespace) return false;
  if (filter.name !== undefined && metadata.name !== filter.name) return false;
  for (const r of filter.fields ?? []) if (!satisfies(fieldValue(object, r.key), r)) return false;
  for (const r of filter.labels ?? []) if (!satisfies(metadata.labels?.[r.key], r)) return false;
  return true;
}

/**
 * Parses an equality-based selector ("a=b,c!=d,e,!f"). Set-based ("in", "notin") is not supported.
 * A field selector may use metadata.name, metadata.namespace and the resource's `fieldLabels`.
 */
export function parseSelector(
  text: string,
  kind: 'label' | 'field',
  fieldLabels: readonly string[] = [],
): Requirement[] | string {
  const requirements: Requirement[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(part);
    if (m) {
      requirements.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
    } else if (kind === 'label' && /^!?[A-Za-z0-9./_-]+$/.test(part)) {
      requirements.push(part.startsWith('!') ? { key: part.slice(1), op: '!exists' } : { key: part, op: 'exists' });
    } else {
      return `unable to parse requirement: ${JSON.stringify(part)}`;
    }
  }
  if (kind === 'field') {
    const allowed = new Set(['metadata.name', 'metadata.namespace', ...fieldLabels]);
    const bad = requirements.find((r) => !allowed.has(r.key));
    if (bad) return `field label not supported: ${bad.key}`;
  }
  return requirements;
}

/** The misconfiguration of Aurora's chart: none. */
export const HELM_CONFIG: Misconfig = {
  beatReplicas: 1,
  noAffinity: false,
  noRequests: [],
  noPdb: false,
  dbMaxConnections: null,
};

const WORKLOAD_RESOURCES = ['deployments', 'statefulsets', 'ingresses', 'poddisruptionbudgets'] as const;

export interface Mirror {
  /** Re-renders every object after the misconfiguration changed (a fault was set or cleared). */
  refresh(): void;
  detach(): void;
}

/**
 * Keeps the store in step with the cluster and with the chart's other objects (workloads.ts), as
 * `config()` (the misconfiguration faults) says they are configured.
 */
export function mirrorCluster(
  store: ObjectStore,
  cluster: Cluster,
  config: () => Misconfig = () => HELM_CONFIG,
): Mirror {
  const ns = cluster.namespace;
  const podsOf = new Map<string, Set<string>>();
  const syncDeployment = (name: string): void => {
    const { noRequests } = config();
    store.upsert('deployments', renderDeployment(cluster, name, noRequests));
    const pods = cluster.pods(name);
    const live = new Set(pods.map((p) => p.name));
    for (const gone of podsOf.get(name) ?? []) if (!live.has(gone)) store.remove('pods', ns, gone);
    podsOf.set(name, live);
    for (const pod of pods) store.upsert('pods', renderPod(cluster, pod, noRequests));
  };
  const syncHpa = (name: string): void => store.upsert('horizontalpodautoscalers', renderHpa(cluster, name));
  let workloadNames: Record<string, string[]> = {};
  const syncWorkloads = (): void => {
    const workloads = renderWorkloads(ns, cluster.startEpochMs, config());
    const next: Record<string, string[]> = {};
    for (const resource of WORKLOAD_RESOURCES) {
      const objects = workloads[resource];
      next[resource] = objects.map((o) => o.metadata.name);
      for (const gone of workloadNames[resource] ?? [])
        if (!next[resource].includes(gone)) store.remove(resource, ns, gone);
      for (const object of objects) store.upsert(resource, object);
    }
    workloadNames = next;
  };
  let seq = 0;
  const recordRescale = (scaled: ScaledEvent): void => {
    for (const event of rescaleEvents(cluster, scaled, seq)) store.upsert('events', event);
    seq += 2;
  };
  const refresh = (): void => {
    for (const name of cluster.deploymentNames()) syncDeployment(name);
    for (const name of cluster.hpaNames()) syncHpa(name);
    syncWorkloads();
  };
  refresh();
  cluster.on('deployment', syncDeployment);
  cluster.on('hpa', syncHpa);
  cluster.on('scaled', recordRescale);
  return {
    refresh,
    detach: () => {
      cluster.off('deployment', syncDeployment);
      cluster.off('hpa', syncHpa);
      cluster.off('scaled', recordRescale);
    },
  };
}
