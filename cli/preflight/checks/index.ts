// Every checklist item's check, in the checklist's order. Each is a pure function of what was read.
import type { PreflightItem } from '../../verdict/index.ts';
import type { PreflightItemId } from '../items.ts';
import { dbConnectionBudget, redisMaxmemory } from './datastores.ts';
import type { CheckInput } from './item.ts';
import { monitoring } from './monitoring.ts';
import { wsAffinity } from './routing.ts';
import { capacity, hpaPresent } from './scaling.ts';
import { celeryBeatSingle, pdbCoverage, requestsLimits, spread } from './workloads.ts';

export type { CheckInput } from './item.ts';
export { maxConnectionsFromArgs, redisFlag } from './datastores.ts';

export const CHECKS: Record<PreflightItemId, (input: CheckInput) => PreflightItem> = {
  'celery-beat-single': celeryBeatSingle,
  'hpa-present': hpaPresent,
  'requests-limits': requestsLimits,
  'ws-affinity': wsAffinity,
  'db-connection-budget': dbConnectionBudget,
  'redis-maxmemory': redisMaxmemory,
  pdb: pdbCoverage,
  spread,
  capacity,
  monitoring,
};
