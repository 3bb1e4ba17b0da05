// What both bare k6 scripts share (bench/k6-cost.ts runs them beside the suite's bundles): the target
// and executor from the environment the benchmark sets, identity headers, and setup's users. Plain k6
// JavaScript on purpose: no bundle, no checks, no custom metrics, only `name` tags.
import http from 'k6/http';

export const API = __ENV.BENCH_API_URL;
export const WS = __ENV.BENCH_WS_URL;
export const SECRET = __ENV.BENCH_SECRET;
/** The suite's own executor for this workload (same rate, stages and VU pool), as JSON. */
export const SCENARIO = JSON.parse(__ENV.BENCH_SCENARIO);
const USERS = Number(__ENV.BENCH_USERS || 4);

export function headersOf(user, json) {
  const h = { 'X-User-ID': user.id, 'X-Org-ID': user.orgId, 'X-Internal-Secret': SECRET };
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

/** Registers the users and gives each one incident (the suite's setup does the same). */
export function setupUsers(seedIncidents) {
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const handle = `aurora-bare-${run}-${i}`;
    const res = http.post(
      `${API}/api/auth/register`,
      JSON.stringify({ email: `${handle}@load.example.test`, password: `Bare-${run}`, name: handle, org_name: handle }),
      { headers: { 'Content-Type': 'application/json' }, tags: { name: 'POST /api/auth/register' } },
    );
    const body = res.json();
    users.push({ id: body.id, orgId: body.orgId });
  }
  if (seedIncidents)
    users.forEach((user, i) => {
      http.post(
        `${API}/api/incidents/trigger-rca`,
        JSON.stringify({
          issue_description: `bare baseline incident ${run}-${i}`,
          title: `bare ${run}-${i}`,
          service: `bare-${run}-${i}`,
          severity: 'high',
        }),
        { headers: headersOf(user, true), tags: { name: 'POST /api/incidents/trigger-rca' } },
      );
    });
  return { users };
}
