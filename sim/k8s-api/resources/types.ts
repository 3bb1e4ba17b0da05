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
  | 'poddisruptionbudgets'
  | 'configmaps'
  | 'secrets'
  | 'jobs'
  | 'testruns';

/** What a create or update is checked and completed with, as the API server's admission does. */
export type Admit = (object: KubeObject) => { object: KubeObject } | { errors: string[] };

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
  /** Accepts create, update, patch and delete (the simulator's cluster manages the others). */
  writable?: boolean;
  /** Checks and completes a written object; errors answer 422 Invalid. */
  admit?: Admit;
  /** The part of a stored object an update may not change (the status subresource's status). */
  keepOnUpdate?: readonly string[];
}

export const READ_VERBS = ['get', 'list', 'watch'] as const;
export const WRITE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;

export function verbsOf(def: Pick<ResourceDef, 'writable'>): readonly string[] {
  return def.writable ? WRITE_VERBS : READ_VERBS;
}

export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}
