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
import { ownedUserPositions, type RcaBlock, type RunnerSlice } from '../core/runner-slice.ts';

/** register is bcrypt-heavy; a few at a time keeps setup from load-testing it. */
const REGISTER_BATCH = 8;

function hex(bytes: number): string {
  return Array.from(new Uint8Array(randomBytes(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A run id for unique names: base36 time + random hex. */
export function newRunId(): string {
  return `${Date.now().toString(36)}${hex(3)}`;
}

/**
 * Registers the users at `positions` of the run's pool, named after the run and their position (so
 * runners of one distributed run, each registering its own positions, never collide); throws with
 * the first failure's status and body.
 */
export function provisionUsers(
  target: AuroraTarget,
  positions: readonly number[],
  runId: string,
  label: string,
): AuroraUser[] {
  const users: AuroraUser[] = [];
  const password = `Ld-${hex(12)}`;
  const count = positions.length;
  for (let start = 0; start < count; start += REGISTER_BATCH) {
    const batch: {
      method: 'POST';
      url: string;
      body: string;
      params: { headers: Record<string, string>; tags: Record<string, string> };
    }[] = [];
    for (let j = start; j < Math.min(count, start + REGISTER_BATCH); j++) {
      const i = positions[j] as number;
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
  /** rest and chatbot VUs act as these: this runner's share of the general pool (lib/core/runner-slice.ts). */
  users: AuroraUser[];
  /** each user's position in the whole general pool (names and seeds stay unique across runners) */
  userPositions: number[];
  /** rca submissions go round-robin over these: this runner's block, sized for its share of the cap (lib/core/rca-pool.ts). */
  rcaUsers: AuroraUser[];
}

/** What the run needs: general users at all, and this runner's block of the RCA pool. */
export interface UserNeed {
  general: boolean;
  rca: RcaBlock;
  slice: RunnerSlice | null;
}

/**
 * This runner's users (the whole run's without an execution segment). Provisioned: the positions
 * of the `users.count` general pool its segment owns, plus its RCA block. Existing: the RCA blocks
 * of all runners take the last users of the list, the others are the general pool, striped likewise.
 */
export function setupUsers(target: AuroraTarget, config: RunConfig, need: UserNeed, runId: string): RunUsers {
  const rcaPositions = Array.from({ length: need.rca.size }, (_, k) => need.rca.offset + k);
  if (config.users.mode === 'existing') {
    const list = config.users.users.map((u) => ({ id: u.id, orgId: u.orgId }));
    const general = need.general ? 1 : 0;
    if (list.length < need.rca.total + general) {
      throw new Error(
        `setup: this run needs ${need.rca.total} users for RCA submissions (5 per user per 300 s cap)` +
          `${general ? ' plus at least 1 for rest/chatbot' : ''}, but the env file lists ${list.length} existing users; ` +
          'add users, lower the rca rate or --scale, or use users.mode: provision',
      );
    }
    const pool = list.slice(0, list.length - need.rca.total);
    const rcaStart = list.length - need.rca.total;
    const userPositions = need.general ? ownedUserPositions(need.slice, pool.length) : [];
    return {
      users: userPositions.map((p) => pool[p] as AuroraUser),
      userPositions,
      rcaUsers: rcaPositions.map((p) => list[rcaStart + p] as AuroraUser),
    };
  }
  const userPositions = need.general ? ownedUserPositions(need.slice, config.users.count) : [];
  return {
    users: userPositions.length ? provisionUsers(target, userPositions, runId, 'u') : [],
    userPositions,
    rcaUsers: rcaPositions.length ? provisionUsers(target, rcaPositions, runId, 'rca') : [],
  };
}
