// Every resource the simulator's API serves, in discovery order (a group's preferred version first).
import { CONFIGMAPS } from './configmaps.ts';
import { DEPLOYMENTS } from './deployments.ts';
import { EVENTS } from './events.ts';
import { HPAS } from './hpas.ts';
import { HPAS_V1 } from './hpas-v1.ts';
import { INGRESSES } from './ingresses.ts';
import { PDBS } from './pdbs.ts';
import { JOBS } from './jobs.ts';
import { PODS } from './pods.ts';
import { SECRETS } from './secrets.ts';
import { STATEFULSETS } from './statefulsets.ts';
import { TESTRUNS } from './testruns.ts';
import { type ResourceDef, groupVersion } from './types.ts';

export { type ResourceDef, type ResourceName, groupVersion, verbsOf } from './types.ts';

export const RESOURCES: readonly ResourceDef[] = [
  PODS,
  EVENTS,
  DEPLOYMENTS,
  STATEFULSETS,
  HPAS,
  HPAS_V1,
  INGRESSES,
  PDBS,
  CONFIGMAPS,
  SECRETS,
  JOBS,
  TESTRUNS,
];

/** API groups other than core, in the order /apis lists them. */
export const GROUPS: readonly string[] = [...new Set(RESOURCES.map((r) => r.group).filter((g) => g !== ''))];

export function resourcesIn(gv: string): ResourceDef[] {
  return RESOURCES.filter((r) => groupVersion(r) === gv);
}
