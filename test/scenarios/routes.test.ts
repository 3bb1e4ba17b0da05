// The REST routes table (lib/core/aurora/routes.ts) is the one declaration of the rest scenario's
// actions: the weights, the env-file schema, the mix, the scenario's route list and the budgets all
// follow it, so a new action cannot be half-added. (Its step in lib/k6/flows/rest.ts and its budget
// in thresholds/budgets.ts are keyed by RestAction: tsc refuses a missing one.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_REST_WEIGHTS,
  PATH,
  REST_ACTIONS,
  REST_ROUTES,
  ROUTE,
  ROUTE_IDS_BY_SCENARIO,
  ROUTES_BY_SCENARIO,
} from '../../lib/core/aurora/routes.ts';
import { CONTRACTS } from '../../lib/core/aurora/contracts.ts';
import { pickAction, weightTable } from '../../lib/core/rest-mix.ts';
import { LOCAL_RUN_CONFIG, PROFILE_NAMES, SCENARIO_NAMES } from '../../lib/core/run-config.ts';
import { BUDGETS } from '../../thresholds/budgets.ts';
import { buildThresholds } from '../../thresholds/build.ts';
import { LoadSchema } from '../../cli/plan/env-file/schema.ts';

test('every action of the table has a positive default weight, and the local config uses them', () => {
  assert.ok(REST_ACTIONS.length >= 7);
  for (const a of REST_ACTIONS) assert.ok(REST_ROUTES[a].defaultWeight > 0, a);
  assert.deepEqual(LOCAL_RUN_CONFIG.restWeights, DEFAULT_REST_WEIGHTS);
  assert.deepEqual(Object.keys(DEFAULT_REST_WEIGHTS), REST_ACTIONS);
});

test("the env file's restWeights accept exactly the table's actions, defaulting to its weights", () => {
  const parsed = LoadSchema.parse({});
  assert.deepEqual(parsed.restWeights, DEFAULT_REST_WEIGHTS);
  const one = LoadSchema.parse({ restWeights: { readiness: 1 } });
  assert.equal(one.restWeights.readiness, 1);
  assert.equal(one.restWeights.incidentList, REST_ROUTES.incidentList.defaultWeight);
  assert.throws(() => LoadSchema.parse({ restWeights: { notAnAction: 1 } }), /notAnAction/);
});

test('the mix draws every action of the table, in proportion to its weight', () => {
  const table = weightTable(DEFAULT_REST_WEIGHTS);
  assert.deepEqual(table.actions, REST_ACTIONS);
  const counts = new Map<string, number>();
  const draws = 10_000;
  for (let i = 0; i < draws; i++) {
    const a = pickAction(table, i / draws);
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  for (const a of REST_ACTIONS) {
    const share = REST_ROUTES[a].defaultWeight / table.total;
    assert.ok(Math.abs((counts.get(a) ?? 0) / draws - share) < 0.001, `${a}: ${counts.get(a)} of ${draws}`);
  }
});

test("the rest scenario's route list is the table's routes", () => {
  assert.deepEqual(
    ROUTES_BY_SCENARIO.rest,
    REST_ACTIONS.map((a) => REST_ROUTES[a].route),
  );
  for (const s of SCENARIO_NAMES)
    assert.deepEqual(
      ROUTES_BY_SCENARIO[s],
      ROUTE_IDS_BY_SCENARIO[s].map((id) => ROUTE[id]),
    );
});

test('each action names a known contract, and its path fills its route template', () => {
  const sample: Record<string, unknown[]> = {
    incidentDetail: ['inc 1'],
    sessionStatus: ['s-1'],
    messagesRead: ['s-1', 0],
  };
  for (const a of REST_ACTIONS) {
    const { route, contract, path } = REST_ROUTES[a];
    assert.ok(contract in CONTRACTS, `${a}: contract ${contract}`);
    assert.match(route, /^(GET|POST) \/[^\s]*$/, `${a}: route ${route}`);
    const template = route.slice(route.indexOf(' ') + 1);
    const pattern = new RegExp(`^${template.replace(/\{[a-z_]+\}/g, '[^/?]+').replace(/[.]/g, '\\.')}(\\?.*)?$`);
    const built = (path as (...args: unknown[]) => string)(...(sample[a] ?? []));
    assert.match(built, pattern, `${a}: ${built} does not fill ${route}`);
    assert.equal(PATH[a], path);
  }
  assert.equal(PATH.incidentDetail('a/b'), '/api/incidents/a%2Fb', 'ids are URL-encoded');
});

test('every route a scenario loads has a budget wherever the profile budgets routes', () => {
  const loaded = new Set(SCENARIO_NAMES.flatMap((s) => ROUTES_BY_SCENARIO[s]));
  for (const profile of PROFILE_NAMES) {
    const routes = BUDGETS[profile].services['aurora-server'].routes;
    if (!routes) continue;
    assert.deepEqual(
      [...loaded].filter((r) => !routes[r]),
      [],
      profile,
    );
    const map = buildThresholds({ profile, scenarios: [...SCENARIO_NAMES] });
    for (const r of loaded) {
      assert.ok(
        `http_req_duration{service:aurora-server,name:${r},phase:request}` in map,
        `${profile}: ${r} has no threshold`,
      );
    }
  }
});
