// The pure half of the Kubernetes watcher: HPA/Deployment objects in, timeline points out (only when
// something changed), and the one-line messages printed when a replica count moves.
import type { Timeline, TimelinePoint } from '../verdict/index.ts';

/** The fields of an autoscaling/v2 HPA the timeline reads. */
export interface HpaObject {
  metadata?: { name?: string };
  spec?: { scaleTargetRef?: { name?: string }; minReplicas?: number; maxReplicas?: number };
  status?: {
    desiredReplicas?: number;
    currentReplicas?: number;
    currentMetrics?:
      | { type?: string; resource?: { name?: string; current?: { averageUtilization?: number } } }[]
      | null;
  };
}

/** The fields of an apps/v1 Deployment the timeline reads. */
export interface DeploymentObject {
  metadata?: { name?: string };
  spec?: { replicas?: number };
  status?: { replicas?: number; readyReplicas?: number };
}

export interface TimelineState {
  timeline: Timeline;
  /** Last point per "kind/name". */
  last: Map<string, TimelinePoint>;
  /** HPA name -> target Deployment name. */
  hpaTargets: Map<string, string>;
}

export function newTimeline(namespace: string, startedAt: number): TimelineState {
  return { timeline: { namespace, startedAt, points: [], notes: [] }, last: new Map(), hpaTargets: new Map() };
}

function cpuOf(hpa: HpaObject): number | undefined {
  const m = hpa.status?.currentMetrics?.find((x) => x.type === 'Resource' && x.resource?.name === 'cpu');
  return m?.resource?.current?.averageUtilization;
}

function same(a: TimelinePoint | undefined, b: TimelinePoint): boolean {
  return !!a && a.desired === b.desired && a.current === b.current && a.ready === b.ready && a.cpu === b.cpu;
}

function replicasChanged(a: TimelinePoint | undefined, b: TimelinePoint): boolean {
  return !a || a.desired !== b.desired || a.current !== b.current || a.ready !== b.ready;
}

function fmtPoint(p: TimelinePoint, prev: TimelinePoint | undefined, startedAt: number): string {
  const arrow = (k: 'desired' | 'current' | 'ready') =>
    prev && prev[k] !== p[k] ? `${prev[k] ?? '?'}->${p[k] ?? '?'}` : `${p[k] ?? '?'}`;
  const t = ((p.t - startedAt) / 1000).toFixed(1);
  const cpu = p.cpu === undefined ? '' : `, cpu ${p.cpu}%`;
  const ready = p.ready === undefined && prev?.ready === undefined ? '' : `, ready ${arrow('ready')}`;
  return `[k8s +${t}s] ${p.kind} ${p.name}: desired ${arrow('desired')}, current ${arrow('current')}${ready}${cpu}`;
}

function record(state: TimelineState, p: TimelinePoint): string | null {
  const key = `${p.kind}/${p.name}`;
  const prev = state.last.get(key);
  if (same(prev, p)) return null;
  state.last.set(key, p);
  state.timeline.points.push(p);
  return replicasChanged(prev, p) ? fmtPoint(p, prev, state.timeline.startedAt) : null;
}

/** An HPA event. Returns the line to print when a replica count changed, else null. */
export function onHpa(state: TimelineState, obj: HpaObject, t: number): string | null {
  const name = obj.metadata?.name;
  if (!name) return null;
  const target = obj.spec?.scaleTargetRef?.name;
  if (target) state.hpaTargets.set(name, target);
  const ready = target ? state.last.get(`deployment/${target}`)?.ready : undefined;
  return record(state, {
    t,
    kind: 'hpa',
    name,
    desired: obj.status?.desiredReplicas,
    current: obj.status?.currentReplicas,
    ready,
    cpu: cpuOf(obj),
  });
}

/**
 * A Deployment event. Also refreshes the `ready` of the HPAs that target it, since an HPA's ready
 * replicas are its Deployment's. Returns the line to print (at most one).
 */
export function onDeployment(state: TimelineState, obj: DeploymentObject, t: number): string[] {
  const name = obj.metadata?.name;
  if (!name) return [];
  const lines: string[] = [];
  const own = record(state, {
    t,
    kind: 'deployment',
    name,
    desired: obj.spec?.replicas,
    current: obj.status?.replicas ?? 0,
    ready: obj.status?.readyReplicas ?? 0,
  });
  if (own) lines.push(own);
  for (const [hpa, target] of state.hpaTargets) {
    if (target !== name) continue;
    const prev = state.last.get(`hpa/${hpa}`);
    if (!prev) continue;
    // Recorded for the HPA's series, not printed: the Deployment's own line already says it.
    record(state, { ...prev, t, ready: obj.status?.readyReplicas ?? 0 });
  }
  return lines;
}
