// The rest flow: aurora-server as the UI uses it, one weighted action per iteration. Ids come from
// earlier responses of the same VU (incident and session lists, session creates), never from config;
// an action whose id is not known yet first makes the call that yields one.
//
// Each action's route, path, contract and weight are declared once in REST_ROUTES
// (lib/core/aurora/routes.ts); REST_STEPS below is its step, keyed by the same RestAction, so an
// action without a step (or a step without an action) fails tsc. The iteration is a lookup.
import { check } from 'k6';
import { sampleContract } from '../aurora/contract-check.ts';
import { submission, triggerRcaBody } from '../../core/aurora/grafana.ts';
import { call, jsonOf, retried, type Res } from '../aurora/http.ts';
import { PATH, REST_ROUTES, ROUTE, type RestAction } from '../../core/aurora/routes.ts';
import type { AuroraUser, AuroraTarget } from '../../core/aurora/target.ts';
import { pickAction, type WeightedTable } from '../../core/rest-mix.ts';

interface Known {
  incidents: string[];
  sessions: string[];
}

/** One iteration's context: where, who, what this VU already knows, how often to check contracts. */
interface Visit {
  target: AuroraTarget;
  user: AuroraUser;
  known: Known;
  sampleRate: number;
}

type RestStep = (visit: Visit) => void;

/** Per VU (each VU has its own module state in k6), per user. */
const known = new Map<string, Known>();
const KEEP = 20;

function remember(list: string[], ids: unknown[]): void {
  for (const id of ids) if (typeof id === 'string' && !list.includes(id)) list.push(id);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}

/** Checks of the REST mix carry the service, so it is gated on its own. */
const SERVER = { service: 'aurora-server' } as const;

const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)];

/** The check label of an action: `incidentList` -> "incident list". */
const labelOf = (action: RestAction) => action.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/** Each action's status check, built once per VU: `{ "incident list is 200": r => r.status === 200 }`. */
const statusChecks = new Map<string, Record<string, (r: Res) => boolean>>();
function statusCheck(action: RestAction, status: number): Record<string, (r: Res) => boolean> {
  const key = `${action} ${status}`;
  let c = statusChecks.get(key);
  if (!c) statusChecks.set(key, (c = { [`${labelOf(action)} is ${status}`]: (r) => r.status === status }));
  return c;
}

/**
 * Calls an action's route (method from its `name`) and checks its status; on success samples its
 * contract. Readiness goes without identity headers, as probes do. The body is parsed only when the
 * caller needs it (`wantBody`: ids to remember) or the contract is sampled: about half the mix
 * throws its body away.
 */
function request(
  visit: Visit,
  action: RestAction,
  path: string,
  opts: { body?: unknown; status?: number; wantBody?: boolean } = {},
): unknown {
  const { route, contract } = REST_ROUTES[action];
  const method = route.startsWith('POST ') ? 'POST' : 'GET';
  const user = action === 'readiness' ? undefined : visit.user;
  const res: Res = call(visit.target, method, path, { name: route }, { user, body: opts.body });
  const passed = check(res, statusCheck(action, opts.status ?? 200), SERVER);
  if (!passed) return undefined;
  let body: unknown;
  let parsed = false;
  const parse = (): unknown => {
    if (!parsed) {
      body = jsonOf(res);
      parsed = true;
    }
    return body;
  };
  sampleContract(contract, parse, visit.sampleRate, route);
  return opts.wantBody ? parse() : undefined;
}

function listIncidents(visit: Visit): void {
  const body = request(visit, 'incidentList', PATH.incidentList(20), { wantBody: true }) as
    | { incidents?: { id?: unknown }[] }
    | undefined;
  if (Array.isArray(body?.incidents))
    remember(
      visit.known.incidents,
      body.incidents.map((i) => i?.id),
    );
}

function listSessions(visit: Visit): void {
  const body = request(visit, 'sessionList', PATH.sessionList('user'), { wantBody: true }) as
    | { sessions?: { id?: unknown }[] }
    | undefined;
  if (Array.isArray(body?.sessions))
    remember(
      visit.known.sessions,
      body.sessions.map((s) => s?.id),
    );
}

function createSession(visit: Visit): void {
  const newSession = { title: `aurora-load rest ${Date.now()}`, messages: [], ui_state: {} };
  const body = request(visit, 'sessionCreate', PATH.sessionCreate(), {
    body: newSession,
    status: 201,
    wantBody: true,
  }) as { id?: unknown } | undefined;
  if (body) remember(visit.known.sessions, [body.id]);
}

/** Runs `fn` on a session of the user's, listing or creating one first when none is known. */
function withSession(visit: Visit, fn: (id: string) => void): void {
  const { sessions } = visit.known;
  if (sessions.length === 0) listSessions(visit);
  if (sessions.length === 0) createSession(visit);
  if (sessions.length > 0) fn(pick(sessions));
}

/** Each REST action's step. */
export const REST_STEPS = {
  incidentList: listIncidents,
  incidentDetail: (visit) => {
    if (visit.known.incidents.length === 0) listIncidents(visit);
    if (visit.known.incidents.length > 0)
      request(visit, 'incidentDetail', PATH.incidentDetail(pick(visit.known.incidents)));
  },
  incidentAlerts: (visit) => {
    if (visit.known.incidents.length === 0) listIncidents(visit);
    if (visit.known.incidents.length > 0)
      request(visit, 'incidentAlerts', PATH.incidentAlerts(pick(visit.known.incidents)));
  },
  sessionList: listSessions,
  sessionStatus: (visit) => withSession(visit, (id) => request(visit, 'sessionStatus', PATH.sessionStatus(id))),
  sessionCreate: createSession,
  messagesRead: (visit) => withSession(visit, (id) => request(visit, 'messagesRead', PATH.messagesRead(id, 0))),
  readiness: (visit) => request(visit, 'readiness', PATH.readiness()),
} satisfies Record<RestAction, RestStep>;

export function restAction(target: AuroraTarget, user: AuroraUser, table: WeightedTable, sampleRate: number): void {
  let k = known.get(user.id);
  if (!k) known.set(user.id, (k = { incidents: [], sessions: [] }));
  REST_STEPS[pickAction(table, Math.random())]({ target, user, known: k, sampleRate });
}

/**
 * Fresh users have no incidents, so incident detail would have nothing to read: give each user
 * without one a single incident through trigger-rca (1 of its 5 RCAs per 300 s).
 */
/**
 * Seeds one incident per user. `positions`: each user's place in the run's whole pool (under an
 * execution segment every runner seeds only its own users), so seed names stay unique across runners.
 */
export function seedIncidents(
  target: AuroraTarget,
  users: readonly AuroraUser[],
  runId: string,
  fresh: boolean,
  positions: readonly number[] = users.map((_, i) => i),
): void {
  users.forEach((user, u) => {
    const i = positions[u] ?? u;
    if (!fresh) {
      const list = jsonOf(
        retried(() =>
          call(target, 'GET', PATH.incidentList(1), { name: ROUTE.incidentList, phase: 'setup' }, { user }),
        ),
      ) as { total?: unknown } | undefined;
      if (typeof list?.total === 'number' && list.total > 0) return;
    }
    const res = retried(() =>
      call(
        target,
        'POST',
        PATH.triggerRca(),
        { name: ROUTE.triggerRca, phase: 'setup' },
        { user, body: triggerRcaBody(submission(`${runId}-seed`, i)) },
      ),
    );
    if (res.status !== 200)
      throw new Error(
        `setup: seeding an incident for a rest user failed: ${ROUTE.triggerRca} answered ${res.status} ${String(res.body).slice(0, 200)}`,
      );
  });
}
