// Bare k6 baseline of the `rest` bundle: the same routes, headers, weights and bodies at the same
// rate, with `name` tags and nothing else. Ids come from list and create responses, as in the suite.
import http from 'k6/http';
import exec from 'k6/execution';
import { API, headersOf, SCENARIO, setupUsers } from './common.js';

/** [action, weight] in the suite's order (REST_ROUTES), from the suite's run config. */
const WEIGHTS = JSON.parse(__ENV.BENCH_REST_WEIGHTS);
const TOTAL = WEIGHTS.reduce((n, [, w]) => n + w, 0);

export const options = { scenarios: { rest: { ...SCENARIO, exec: 'rest' } }, setupTimeout: '2m' };

export function setup() {
  return setupUsers(true);
}

const known = { incidents: [], sessions: [] };
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const remember = (list, ids) => {
  for (const id of ids) if (typeof id === 'string' && !list.includes(id)) list.push(id);
  if (list.length > 20) list.splice(0, list.length - 20);
};

function get(user, path, name) {
  return http.request('GET', `${API}${path}`, null, { headers: user ? headersOf(user, false) : {}, tags: { name } });
}

function listIncidents(user) {
  const res = get(user, '/api/incidents?limit=20&offset=0', 'GET /api/incidents');
  if (res.status === 200)
    remember(
      known.incidents,
      (res.json().incidents || []).map((i) => i.id),
    );
}
function listSessions(user) {
  const res = get(user, '/chat_api/sessions?scope=user', 'GET /chat_api/sessions');
  if (res.status === 200)
    remember(
      known.sessions,
      (res.json().sessions || []).map((s) => s.id),
    );
}
function createSession(user) {
  const res = http.post(
    `${API}/chat_api/sessions`,
    JSON.stringify({ title: `aurora-load rest ${Date.now()}`, messages: [], ui_state: {} }),
    { headers: headersOf(user, true), tags: { name: 'POST /chat_api/sessions' } },
  );
  if (res.status === 201) remember(known.sessions, [res.json().id]);
}
function withSession(user, fn) {
  if (known.sessions.length === 0) listSessions(user);
  if (known.sessions.length === 0) createSession(user);
  if (known.sessions.length > 0) fn(encodeURIComponent(pick(known.sessions)));
}

const ACTIONS = {
  incidentList: listIncidents,
  incidentDetail: (user) => {
    if (known.incidents.length === 0) listIncidents(user);
    if (known.incidents.length > 0)
      get(user, `/api/incidents/${encodeURIComponent(pick(known.incidents))}`, 'GET /api/incidents/{id}');
  },
  sessionList: listSessions,
  sessionStatus: (user) =>
    withSession(user, (id) => get(user, `/chat_api/sessions/${id}/status`, 'GET /chat_api/sessions/{id}/status')),
  sessionCreate: createSession,
  messagesRead: (user) =>
    withSession(user, (id) =>
      get(user, `/chat_api/sessions/${id}/messages?after=0`, 'GET /chat_api/sessions/{id}/messages'),
    ),
  readiness: () => get(undefined, '/health/readiness', 'GET /health/readiness'),
};

export function rest(data) {
  const user = data.users[(exec.vu.idInTest - 1) % data.users.length];
  let x = Math.random() * TOTAL;
  for (const [action, weight] of WEIGHTS) {
    if (x < weight) return ACTIONS[action](user);
    x -= weight;
  }
}
