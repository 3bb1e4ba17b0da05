// k6.io/v1alpha1 TestRuns (grafana/k6-operator's CRD): discovery entry, the CRD's printer columns
// (NAME STAGE AGE TESTRUNID) and admission: the CRD's schema (operator/testrun-crd.ts) on create
// and update; status is the status subresource's, so a write's `status` is dropped on create and
// kept from the stored object on update.
import { validateTestRun } from '../operator/testrun-crd.ts';
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { KubeObject } from '../objects.ts';
import type { ResourceDef } from './types.ts';

export function admitTestRun(object: KubeObject): { object: KubeObject } | { errors: string[] } {
  const { status: _status, ...rest } = object;
  const errors = validateTestRun(rest);
  return errors.length > 0 ? { errors } : { object: rest as KubeObject };
}

export const TESTRUNS: ResourceDef = {
  resource: 'testruns',
  group: 'k6.io',
  version: 'v1alpha1',
  kind: 'TestRun',
  listKind: 'TestRunList',
  singular: 'testrun',
  shortNames: [],
  subresources: ['status'],
  fieldLabels: [],
  writable: true,
  admit: admitTestRun,
  keepOnUpdate: ['status'],
  columns: [
    NAME_COLUMN,
    column('Stage', 'string', 'Stage'),
    { ...AGE_COLUMN, type: 'date' },
    column('TestRunID', 'string', ''),
  ],
  row(object, nowMs) {
    const status = (object.status ?? {}) as { stage?: string; testRunId?: string };
    return [object.metadata.name, status.stage ?? '', age(object, nowMs), status.testRunId ?? ''];
  },
};
