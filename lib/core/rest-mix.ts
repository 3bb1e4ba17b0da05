// The rest scenario's weighted mix, pure: weights from the env file, one action per iteration, over
// the actions of REST_ROUTES (aurora/routes.ts) in their declared order.
import { REST_ACTIONS, type RestAction } from './aurora/routes.ts';

export interface WeightedTable {
  actions: RestAction[];
  cumulative: number[];
  total: number;
}

/** Precomputes the cumulative weights; throws when no action has a positive weight. */
export function weightTable(weights: Partial<Record<RestAction, number>>): WeightedTable {
  const actions: RestAction[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const a of REST_ACTIONS) {
    const w = weights[a] ?? 0;
    if (!(w > 0)) continue;
    total += w;
    actions.push(a);
    cumulative.push(total);
  }
  if (total === 0) throw new Error('restWeights: every weight is 0; give at least one REST call a positive weight');
  return { actions, cumulative, total };
}

/** The action for a uniform draw u in [0, 1). */
export function pickAction(table: WeightedTable, u: number): RestAction {
  const x = u * table.total;
  for (let i = 0; i < table.cumulative.length; i++) if (x < table.cumulative[i]) return table.actions[i];
  return table.actions[table.actions.length - 1];
}
