// batch/v1 Jobs (the k6-operator's initializer, runner and starter jobs): discovery entry and
// `kubectl get jobs` columns (NAME STATUS COMPLETIONS DURATION AGE). Read-only: the simulated
// operator (operator/) creates and removes them.
import { AGE_COLUMN, NAME_COLUMN, age, column, humanDuration } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface JobShape {
  spec: { completions?: number };
  status: {
    active?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string }[];
  };
}

function jobStatus(status: JobShape['status']): string {
  const done = (status.conditions ?? []).find(
    (c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'),
  );
  return done ? done.type : 'Running';
}

export const JOBS: ResourceDef = {
  resource: 'jobs',
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  listKind: 'JobList',
  singular: 'job',
  shortNames: [],
  subresources: ['status'],
  fieldLabels: ['status.successful'],
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The completion status of the job.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE_COLUMN,
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as JobShape;
    const start = status.startTime ? Date.parse(status.startTime) : undefined;
    const end = status.completionTime ? Date.parse(status.completionTime) : nowMs;
    return [
      object.metadata.name,
      jobStatus(status),
      `${status.succeeded ?? 0}/${spec.completions ?? 1}`,
      start === undefined ? '' : humanDuration(end - start),
      age(object, nowMs),
    ];
  },
};
