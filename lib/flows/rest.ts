// The rest flow: aurora-server as the UI uses it, one weighted action per iteration. Ids come from
// earlier responses of the same VU (incident and session lists, session creates), never from config;
// an action whose id is not known yet first makes the call that yields one.
import { check } from 'k6';
import { sampleContract } from '../aurora/contract-check.ts';
import { submission, triggerRcaBody } from '../aurora/grafana.ts';
import { call, jsonOf, retried, type Res } from '../aurora/http.ts';
import { PATH, ROUTE } from '../aurora/routes.ts';
import type { AuroraUser, Target } from '../aurora/target.ts';
import type { ContractName } from '../contracts.ts';
import { pickAction, type WeightedTable } from '../rest-mix.ts';

interface Known { incidents: string[]; sessions: string[] }

/** Per VU (each VU has its own module state in k6), per user. */
const known = new Map<string, Known>();
const KEEP = 20;

function remember(list: string[], ids: unknown[]): void {
  for (const id of ids) if (typeof id === 'string' && !list.includes(id)) list.push(id);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}

const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)];

function ok(res: Res, label: string, contract: ContractName, route: string, sampleRate: number, status = 200): unknown {
  const body = jsonOf(res);
  const passed = check(res, { [`${label} is ${status}`]: (r) => r.status === status });
  if (passed) sampleContract(contract, body, sampleRate, route);
  return passed ? body : undefined;
}

export function restAction(target: Target, user: AuroraUser, table: WeightedTable, sampleRate: number): void {
  let k = known.get(user.id);
  if (!k) known.set(user.id, (k = { incidents: [], sessions: [] }));
  const state = k;

  const listIncidents = () => {
    const body = ok(call(target, 'GET', PATH.incidentList(20), { name: ROUTE.incidentList }, { user }), 'incident list', 'incidentList', ROUTE.incidentList, sampleRate) as { incidents?: { id?: unknown }[] } | undefined;
    if (Array.isArray(body?.incidents)) remember(state.incidents, body.incidents.map((i) => i?.id));
  };
  const listSessions = () => {
    const body = ok(call(target, 'GET', PATH.sessionList('user'), { name: ROUTE.sessionList }, { user }), 'session list', 'sessionList', ROUTE.sessionList, sampleRate) as { sessions?: { id?: unknown }[] } | undefined;
    if (Array.isArray(body?.sessions)) remember(state.sessions, body.sessions.map((s) => s?.id));
  };
  const createSession = () => {
    const res = call(target, 'POST', PATH.sessionCreate(), { name: ROUTE.sessionCreate }, { user, body: { title: `aurora-load rest ${Date.now()}`, messages: [], ui_state: {} } });
    const body = ok(res, 'session create', 'sessionCreate', ROUTE.sessionCreate, sampleRate, 201) as { id?: unknown } | undefined;
    if (body) remember(state.sessions, [body.id]);
  };
  const withSession = (fn: (id: string) => void) => {
    if (state.sessions.length === 0) listSessions();
    if (state.sessions.length === 0) createSession();
    if (state.sessions.length > 0) fn(pick(state.sessions));
  };

  switch (pickAction(table, Math.random())) {
    case 'incidentList': listIncidents(); break;
    case 'incidentDetail':
      if (state.incidents.length === 0) listIncidents();
      if (state.incidents.length > 0) {
        const id = pick(state.incidents);
        ok(call(target, 'GET', PATH.incidentDetail(id), { name: ROUTE.incidentDetail }, { user }), 'incident detail', 'incidentDetail', ROUTE.incidentDetail, sampleRate);
      }
      break;
    case 'sessionList': listSessions(); break;
    case 'sessionCreate': createSession(); break;
    case 'sessionStatus':
      withSession((id) => ok(call(target, 'GET', PATH.sessionStatus(id), { name: ROUTE.sessionStatus }, { user }), 'session status', 'sessionStatus', ROUTE.sessionStatus, sampleRate));
      break;
    case 'messagesRead':
      withSession((id) => ok(call(target, 'GET', PATH.messagesRead(id, 0), { name: ROUTE.messagesRead }, { user }), 'messages read', 'messagesRead', ROUTE.messagesRead, sampleRate));
      break;
    case 'readiness':
      ok(call(target, 'GET', PATH.readiness(), { name: ROUTE.readiness }), 'readiness', 'readiness', ROUTE.readiness, sampleRate);
      break;
  }
}

/**
 * Fresh users have no incidents, so incident detail would have nothing to read: give each user
 * without one a single incident through trigger-rca (1 of its 5 RCAs per 300 s).
 */
export function seedIncidents(target: Target, users: readonly AuroraUser[], runId: string, fresh: boolean): void {
  users.forEach((user, i) => {
    if (!fresh) {
      const list = jsonOf(retried(() => call(target, 'GET', PATH.incidentList(1), { name: ROUTE.incidentList, phase: 'setup' }, { user }))) as { total?: unknown } | undefined;
      if (typeof list?.total === 'number' && list.total > 0) return;
    }
    const res = retried(() => call(target, 'POST', PATH.triggerRca(), { name: ROUTE.triggerRca, phase: 'setup' }, { user, body: triggerRcaBody(submission(`${runId}-seed`, i)) }));
    if (res.status !== 200) throw new Error(`setup: seeding an incident for a rest user failed: ${res.status} ${String(res.body).slice(0, 200)}`);
  });
}
