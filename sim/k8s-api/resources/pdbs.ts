// policy/v1 PodDisruptionBudgets: discovery entry and `kubectl get pdb` columns
// (NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE).
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface PdbShape {
  spec: { minAvailable?: number | string; maxUnavailable?: number | string };
  status: { disruptionsAllowed?: number };
}

export const PDBS: ResourceDef = {
  resource: 'poddisruptionbudgets',
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  listKind: 'PodDisruptionBudgetList',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
  subresources: ['status'],
  fieldLabels: [],
  columns: [
    NAME_COLUMN,
    column('Min Available', 'string', 'The minimum number of pods that must be available'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable'),
    column('Allowed Disruptions', 'integer', 'Pod disruptions allowed now'),
    AGE_COLUMN,
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as PdbShape;
    return [
      object.metadata.name,
      spec.minAvailable === undefined ? 'N/A' : String(spec.minAvailable),
      spec.maxUnavailable === undefined ? 'N/A' : String(spec.maxUnavailable),
      status.disruptionsAllowed ?? 0,
      age(object, nowMs),
    ];
  },
};
