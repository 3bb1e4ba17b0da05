// What the API knows about one resource: its discovery entry, the field selectors the real API
// server accepts for it, and its server-side Table columns. One declaration per resource.
import type { KubeObject } from '../objects.ts';
import type { TableResource } from '../table.ts';

export type ResourceName =
  | 'deployments'
  | 'horizontalpodautoscalers'
  | 'pods'
  | 'events'
  | 'statefulsets'
  | 'ingresses'
  | 'poddisruptionbudgets';

export interface ResourceDef extends TableResource {
  resource: ResourceName;
  /** '' for the core group (served under /api/v1). */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  singular: string;
  shortNames: string[];
  /** Subresources served read-only (GET), e.g. status. */
  subresources: string[];
  /** fieldSelector keys besides metadata.name and metadata.namespace. */
  fieldLabels: string[];
  /** Another API version's view of the stored object (the store keeps one version per resource). */
  fromStored?: (object: KubeObject) => KubeObject;
}

export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}
