// The simulator's route table: one declaration per route, from which matching, costs, the
// /api/routes catalog and the latency= fault's route names derive; and every route the suite loads
// is one the simulator serves.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PATH, ROUTE } from '../../lib/core/aurora/routes.ts';
import { ROUTE_TEMPLATES, SIM_ROUTES, type SimRoute } from '../../sim/server/route-table.ts';
import { matchRoute } from '../../sim/server/route-match.ts';

const SAMPLE_ID = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';

/**
 * The routes the suite sends to aurora-server, as (method, template, a concrete path when lib builds
 * one). Read from lib's route list; the chatbot WebSocket (`WS /`) is left out: the simulator accepts
 * the upgrade on any path (chatbot-ws.test.ts).
 */
function suiteRoutes(): { key: string; method: string; template: string; path?: string }[] {
  // A builder's required parameters are ids (`length` does not count the defaulted ones, like limit).
  const builders = PATH as unknown as Record<string, (...ids: string[]) => string>;
  return Object.entries(ROUTE as Record<string, string>).flatMap(([key, name]) => {
    // RCA polls reuse a route under another name tag: "GET /api/incidents (rca poll)".
    const [method = '', template = ''] = name.replace(/ \(.*\)$/, '').split(' ');
    if (method === 'WS') return [];
    const build = builders[key];
    const path = build ? build(...Array<string>(build.length).fill(SAMPLE_ID)).split('?')[0] : undefined;
    return [{ key, method, template, path }];
  });
}

describe('every route the suite loads exists in the simulator', () => {
  const routes = suiteRoutes();

  test('the suite has routes to check (the list is read, not empty)', () => {
    assert.ok(routes.length >= 10, `only ${routes.length} routes read from lib`);
  });

  for (const r of routes) {
    test(`${r.key}: ${r.method} ${r.template}`, () => {
      assert.ok(
        ROUTE_TEMPLATES.includes(`${r.method} ${r.template}` as SimRoute['template']),
        `the simulator has no route ${r.method} ${r.template}; add it to sim/server/route-table.ts`,
      );
      if (r.path === undefined) return;
      const m = matchRoute(r.method, r.path);
      assert.equal(m.kind, 'route', `${r.method} ${r.path} does not match a simulator route`);
      assert.equal(
        m.kind === 'route' && m.route.template,
        `${r.method} ${r.template}`,
        `${r.path} matches another route`,
      );
    });
  }
});

describe('matching derives from the table', () => {
  test('each template matches itself, its {param} captured raw', () => {
    for (const route of SIM_ROUTES) {
      const [method = '', template = ''] = route.template.split(' ');
      const m = matchRoute(method, template.replace(/\{\w+\}/, 'p%20q'));
      assert.ok(m.kind === 'route' && m.route === route, route.template);
      assert.equal(m.param, template.includes('{') ? 'p%20q' : '');
    }
  });

  test('a literal segment beats a {param}: GET /api/incidents/trigger-rca is 405, not an incident id', () => {
    assert.equal(matchRoute('GET', '/api/incidents/trigger-rca').kind, 'method-not-allowed');
    assert.ok(matchRoute('POST', '/api/incidents/trigger-rca').kind === 'route');
  });

  test('HEAD is served as GET; another method of a known path is 405; the rest 404', () => {
    const head = matchRoute('HEAD', '/api/incidents');
    assert.ok(head.kind === 'route' && head.route.template === 'GET /api/incidents');
    assert.equal(matchRoute('DELETE', `/chat_api/sessions/${SAMPLE_ID}`).kind, 'method-not-allowed');
    const unknown = [
      '/api/incidents/',
      '/chat_api/sessions/',
      '/grafana/alerts/webhook/',
      '/health',
      '/health/nope',
      '/api/incidents/a/b',
      '/nope',
    ];
    for (const path of unknown) {
      assert.equal(matchRoute('GET', path).kind, 'not-found', path);
    }
    assert.ok(matchRoute('GET', '/health/').kind === 'route', 'the slow aggregate check keeps its trailing slash');
  });

  test("templates use {param}, never Flask's <param>, and none is declared twice", () => {
    for (const t of ROUTE_TEMPLATES) assert.doesNotMatch(t, /[<>]/, t);
    assert.equal(new Set(ROUTE_TEMPLATES).size, ROUTE_TEMPLATES.length);
  });

  test('every route has a cost; a route declared without one does not compile', () => {
    for (const r of SIM_ROUTES) assert.ok(r.cost.cpuMs > 0, `${r.template} charges no CPU`);
    // @ts-expect-error: `cost` is required, there is no default cost to fall back on.
    const incomplete: SimRoute = {
      template: 'GET /health/liveness',
      auth: 'open',
      handler: () => ({ status: 200, body: {} }),
    };
    void incomplete;
  });
});
