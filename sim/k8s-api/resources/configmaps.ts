// v1 ConfigMaps: discovery entry, `kubectl get configmaps` columns (NAME DATA AGE) and the API
// server's checks on write: `data` strings, `binaryData` base64, keys unique across both, and at most
// 1 MiB in all ("Too long: must have at most 1048576 bytes", 422), as kube-apiserver refuses it.
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { KubeObject } from '../objects.ts';
import type { ResourceDef } from './types.ts';

/** kube-apiserver's limit on a ConfigMap's (and a Secret's) payload. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export const TOO_LONG = `Too long: must have at most ${MAX_PAYLOAD_BYTES} bytes`;

const KEY = /^[-._a-zA-Z0-9]+$/;

/** Errors for keys that are not valid ConfigMap/Secret keys. */
export function keyErrors(field: string, keys: string[]): string[] {
  return keys
    .filter((k) => k.length === 0 || k.length > 253 || !KEY.test(k))
    .map(
      (k) =>
        `${field}[${k}]: Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
    );
}

function stringMap(field: string, value: unknown, errors: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push(`${field}: Invalid value: must be an object of strings`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else errors.push(`${field}[${k}]: Invalid value: must be a string`);
  }
  return out;
}

export function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
}

export function admitConfigMap(object: KubeObject): { object: KubeObject } | { errors: string[] } {
  const errors: string[] = [];
  const data = stringMap('data', object.data, errors);
  const binary = stringMap('binaryData', object.binaryData, errors);
  errors.push(...keyErrors('data', Object.keys(data)), ...keyErrors('binaryData', Object.keys(binary)));
  for (const [k, v] of Object.entries(binary))
    if (!isBase64(v)) errors.push(`binaryData[${k}]: Invalid value: illegal base64 data`);
  for (const k of Object.keys(binary))
    if (k in data) errors.push(`data[${k}]: Invalid value: "${k}": duplicate of key present in binaryData`);
  let bytes = 0;
  for (const v of Object.values(data)) bytes += Buffer.byteLength(v);
  for (const v of Object.values(binary)) bytes += Buffer.from(v, 'base64').length;
  if (bytes > MAX_PAYLOAD_BYTES) errors.push(`[]: ${TOO_LONG}`);
  return errors.length > 0 ? { errors } : { object };
}

export const CONFIGMAPS: ResourceDef = {
  resource: 'configmaps',
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  singular: 'configmap',
  shortNames: ['cm'],
  subresources: [],
  fieldLabels: [],
  writable: true,
  admit: admitConfigMap,
  columns: [NAME_COLUMN, column('Data', 'string', 'Number of data entries'), AGE_COLUMN],
  row(object, nowMs) {
    const n =
      Object.keys((object.data as object) ?? {}).length + Object.keys((object.binaryData as object) ?? {}).length;
    return [object.metadata.name, n, age(object, nowMs)];
  },
};
