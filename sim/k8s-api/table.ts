// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for with
// `Accept: application/json;as=Table;g=meta.k8s.io;v=v1`. Each resource declares its columns and a
// row function (resources/*.ts, columns as kube-apiserver's printers give them); this file holds the
// envelope, the Accept negotiation, includeObject and the AGE formatting. Ages are computed on the
// simulated clock, like every timestamp the API serves, so they never run ahead of "now".
import type { KubeObject } from './objects.ts';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number;
}

export type Cell = string | number | boolean | null;

export interface TableResource {
  columns: ColumnDefinition[];
  row(object: KubeObject, nowMs: number): Cell[];
}

export type TableVersion = 'v1' | 'v1beta1';
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function column(
  name: string,
  type: ColumnDefinition['type'],
  description: string,
  priority = 0,
  format = '',
): ColumnDefinition {
  return { name, type, format, description, priority };
}

export const NAME_COLUMN = column('Name', 'string', 'Name must be unique within a namespace.', 0, 'name');

export const AGE_COLUMN = column('Age', 'string', 'Time since creationTimestamp, on the simulated clock.');

/**
 * The Table version the client asked for, or undefined for plain JSON. Accept is a list in order
 * of preference; kubectl puts the Table media types first and `application/json` last.
 */
export function tableVersionFor(accept: string | undefined): TableVersion | undefined {
  for (const range of (accept ?? '').split(',')) {
    const [type, ...params] = range.split(';').map((s) => s.trim());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const p = Object.fromEntries(params.map((kv) => kv.split('=').map((s) => s.trim()) as [string, string]));
    if (p.as === undefined) return undefined;
    if (p.as === 'Table' && p.g === 'meta.k8s.io' && (p.v === 'v1' || p.v === 'v1beta1')) return p.v;
  }
  return undefined;
}

/** k8s.io/apimachinery's duration.HumanDuration: 45s, 3m20s, 15m, 5h30m, 2d3h, 400d, 2y10d. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** kubectl's translateTimestampSince: "<unknown>" without a timestamp. */
export function since(timestamp: unknown, nowMs: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  return humanDuration(nowMs - Date.parse(timestamp));
}

export function age(object: KubeObject, nowMs: number): string {
  return since(object.metadata.creationTimestamp, nowMs);
}

function rowObject(object: KubeObject, include: IncludeObject, version: TableVersion): unknown {
  if (include === 'Object') return object;
  if (include === 'None') return undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: object.metadata };
}

export function toTable(
  resource: TableResource,
  objects: KubeObject[],
  opts: { resourceVersion?: string; nowMs: number; version: TableVersion; include: IncludeObject },
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.version}`,
    metadata: opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {},
    columnDefinitions: resource.columns,
    rows: objects.map((o) => {
      const object = rowObject(o, opts.include, opts.version);
      return object === undefined
        ? { cells: resource.row(o, opts.nowMs) }
        : { cells: resource.row(o, opts.nowMs), object };
    }),
  };
}

export function includeObjectOf(value: string | null): IncludeObject | string {
  if (value === null || value === '') return 'Metadata';
  return value === 'None' || value === 'Metadata' || value === 'Object'
    ? value
    : `invalid includeObject: ${JSON.stringify(value)}`;
}
