// The users a run acts as, made in setup(): provisioned through POST /api/auth/register (unique
// emails and org names per run; each becomes admin of a new org, docs/aurora-contract.md §1.1) or taken from the
// env file's list of existing users.
import http from 'k6/http';
import { randomBytes } from 'k6/crypto';
import { CONTRACTS } from '../core/aurora/contracts.ts';
import { ROUTE, PATH } from '../core/aurora/routes.ts';
import { retried } from './aurora/http.ts';
import type { AuroraUser, AuroraTarget } from '../core/aurora/target.ts';
import type { RunConfig } from '../core/run-config.ts';

/** register is bcrypt-heavy; a few at a time keeps setup from load-testing it. */
const REGISTER_BATCH = 8;

function hex(bytes: number): string {
  return Array.from(new Uint8Array(randomBytes(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A run id for unique names: base36 time + random hex. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${hex(3)}`;
}

/** Registers `count` users named after the run; throws with the first failure's status and body. */
export function provisionUsers(target: AuroraTarget, count: number, runId: string, label: string): AuroraUser[] {
  const users: AuroraUser[] = [];
  const password = `Ld-${hex(12)}`;
  for (let start = 0; start < count; start += REGISTER_BATCH) {
    const batch: {
      method: 'POST';
      url: string;
      body: string;
      params: { headers: Record<string, string>; tags: Record<string, string> };
    }[] = [];
    for (let i = start; i < Math.min(count, start + REGISTER_BATCH); i++) {
      const handle = `aurora-load-${runId}-${label}-${i}`;
      batch.push({
        method: 'POST',
        url: `${target.apiUrl}${PATH.register()}`,
        body: JSON.stringify({
          email: `${handle}@load.example.test`,
          password,
          name: `aurora-load ${label} ${i}`,
          org_name: handle,
        }),
        params: {
          headers: { 'Content-Type': 'application/json' },
          tags: { service: 'aurora-server', name: ROUTE.register, phase: 'setup' },
        },
      });
    }
    http.batch(batch).forEach((first, j) => {
      const req = batch[j];
      // Retry one by one what failed on the way (5xx, network), as a fault-injected target does.
      const res =
        first.status === 0 || first.status >= 500 ? retried(() => http.post(req.url, req.body, req.params)) : first;
      let body: unknown;
      try {
        body = res.json();
      } catch {
        body = undefined;
      }
      if (res.status !== 201 || CONTRACTS.register(body, '') !== null) {
        throw new Error(
          `setup: registering a load-test user failed: ${res.status} ${String(res.body).slice(0, 200)} ` +
            '(is /api/auth/register reachable? or use users.mode: existing in the env file)',
        );
      }
      const b = body as { id: string; orgId: string };
      users.push({ id: b.id, orgId: b.orgId });
    });
  }
  return users;
}

export interface RunUsers {
  /** rest and chatbot VUs act as these (VU n -> user n mod length). */
  users: AuroraUser[];
  /** rca submissions go round-robin over these, sized for the per-user RCA cap (lib/core/rca-pool.ts). */
  rcaUsers: AuroraUser[];
}

/**
 * The run's users. Provisioned: `users.count` general users plus `rcaPool` RCA users. Existing: the
 * RCA pool takes the last `rcaPool` users of the list, the others act in rest and chatbot.
 */
export function setupUsers(
  target: AuroraTarget,
  config: RunConfig,
  need: { general: boolean; rcaPool: number },
  runId: string,
): RunUsers {
  if (config.users.mode === 'existing') {
    const list = config.users.users.map((u) => ({ id: u.id, orgId: u.orgId }));
    const general = need.general ? 1 : 0;
    if (list.length < need.rcaPool + general) {
      throw new Error(
        `setup: this run needs ${need.rcaPool} users for RCA submissions (5 per user per 300 s cap)` +
          `${general ? ' plus at least 1 for rest/chatbot' : ''}, but the env file lists ${list.length} existing users; ` +
          'add users, lower the rca rate or --scale, or use users.mode: provision',
      );
    }
    const rcaUsers = list.slice(list.length - need.rcaPool);
    const rest = list.slice(0, list.length - need.rcaPool);
    return { users: need.general ? rest : [], rcaUsers };
  }
  return {
    users: need.general ? provisionUsers(target, config.users.count, runId, 'u') : [],
    rcaUsers: need.rcaPool > 0 ? provisionUsers(target, need.rcaPool, runId, 'rca') : [],
  };
}
