// v1 Secrets: discovery entry, `kubectl get secrets` columns (NAME TYPE DATA AGE) and the API
// server's handling of a write: `stringData` folded into base64 `data` (and never stored), `type`
// defaulting to Opaque, at most 1 MiB of data ("data: Too long: ...", 422). Secret values appear in
// no other object, no log and no error message: only in this resource's own answers.
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { KubeObject } from '../objects.ts';
import { MAX_PAYLOAD_BYTES, TOO_LONG, isBase64, keyErrors } from './configmaps.ts';
import type { ResourceDef } from './types.ts';

export function admitSecret(object: KubeObject): { object: KubeObject } | { errors: string[] } {
  const errors: string[] = [];
  const data: Record<string, string> = {};
  const given = (object.data ?? {}) as Record<string, unknown>;
  const plain = (object.stringData ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) {
    if (typeof v === 'string' && isBase64(v)) data[k] = v;
    else errors.push(`data[${k}]: Invalid value: illegal base64 data`);
  }
  for (const [k, v] of Object.entries(plain)) {
    if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    else errors.push(`stringData[${k}]: Invalid value: must be a string`);
  }
  errors.push(...keyErrors('data', Object.keys(data)));
  let bytes = 0;
  for (const v of Object.values(data)) bytes += Buffer.from(v, 'base64').length;
  if (bytes > MAX_PAYLOAD_BYTES) errors.push(`data: ${TOO_LONG}`);
  if (errors.length > 0) return { errors };
  const { stringData: _dropped, ...rest } = object;
  return { object: { ...rest, type: typeof object.type === 'string' ? object.type : 'Opaque', data } as KubeObject };
}

export const SECRETS: ResourceDef = {
  resource: 'secrets',
  group: '',
  version: 'v1',
  kind: 'Secret',
  listKind: 'SecretList',
  singular: 'secret',
  shortNames: [],
  subresources: [],
  fieldLabels: ['type'],
  writable: true,
  admit: admitSecret,
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'The type of the secret'),
    column('Data', 'string', 'Number of data entries'),
    AGE_COLUMN,
  ],
  row(object, nowMs) {
    return [
      object.metadata.name,
      String(object.type ?? 'Opaque'),
      Object.keys((object.data as object) ?? {}).length,
      age(object, nowMs),
    ];
  },
};
