/**
 * Aurora's request gates, in Aurora's order (server/main_compute.py before_request hooks, then the
 * rbac decorators). Pure: headers in, identity or a ready response out.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AuthKind } from './route-table.ts';
import type { Store } from './store.ts';

export interface Identity {
  userId: string;
  orgId: string;
}
export interface Denied {
  status: number;
  body: { error: string };
}
export type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string): string => {
  const v = h[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
};

export const FORBIDDEN_SECRET: Denied = {
  status: 403,
  body: { error: 'Forbidden: invalid or missing X-Internal-Secret header' },
};
const UNAUTHORIZED: Denied = { status: 401, body: { error: 'Unauthorized' } };
const UNKNOWN_USER: Denied = { status: 401, body: { error: 'Unauthorized - unknown user' } };
const ORG_MISMATCH: Denied = { status: 403, body: { error: 'Forbidden - organization mismatch' } };
const NO_ORG: Denied = { status: 403, body: { error: 'Forbidden - no organization context' } };

export function secretMatches(provided: string, secret: Buffer): boolean {
  if (provided.length === 0) return false;
  const got = Buffer.from(provided);
  return got.length === secret.length && timingSafeEqual(got, secret);
}

/**
 * Paths that skip the X-Internal-Secret check (Aurora's _OPEN_PATHS and _OPEN_PREFIXES in
 * server/main_compute.py). Applies to unknown paths too: Flask runs before_request before 404.
 */
const OPEN_PREFIXES = [
  '/grafana/alerts/webhook/',
  '/datadog/webhook/',
  '/pagerduty/webhook/',
  '/netdata/alerts/webhook/',
  '/splunk/alerts/webhook/',
  '/dynatrace/webhook/',
  '/newrelic/webhook/',
  '/sentry/webhook/',
  '/opsgenie/webhook/',
  '/bigpanda/webhook/',
  '/jenkins/webhook/',
  '/cloudbees/webhook/',
  '/spinnaker/webhook/',
  '/jira/webhook/',
  '/incidentio/alerts/webhook/',
  '/aws/cloudwatch/webhook/',
  '/slack/events',
  '/slack/interactions',
  '/slack/callback',
  '/callback',
];

export function isSecretExempt(method: string, path: string): boolean {
  if (method === 'OPTIONS') return true;
  if (path === '/api/auth/login' || path === '/api/auth/register') return true;
  if (path === '/health' || path.startsWith('/health/')) return true;
  for (const p of OPEN_PREFIXES) {
    if (p.endsWith('/') ? path.startsWith(p) : path === p || path.startsWith(`${p}/`)) return true;
  }
  return false;
}

/** verify_internal_api_secret: call only for paths that are not secret-exempt. */
export function checkSecret(headers: Headers, secret: Buffer): Denied | null {
  return secretMatches(header(headers, 'x-internal-secret'), secret) ? null : FORBIDDEN_SECRET;
}

/**
 * enforce_user_org_binding (skipped for login/register/health), then the route's decorator.
 * Returns the identity for 'permission'/'auth-only' routes, null for open ones.
 */
export function authorize(kind: AuthKind, path: string, headers: Headers, store: Store): Identity | Denied | null {
  const tenantOpen =
    path.startsWith('/api/auth/login') || path.startsWith('/api/auth/register') || path.startsWith('/health');
  const userId = header(headers, 'x-user-id');
  const claimedOrg = header(headers, 'x-org-id');
  if (!tenantOpen && userId && claimedOrg) {
    const user = store.users.get(userId);
    if (!user) return UNKNOWN_USER;
    if (user.orgId !== claimedOrg) return ORG_MISMATCH;
  }
  switch (kind) {
    case 'open':
      return null;
    case 'user-header':
      return userId ? { userId, orgId: claimedOrg } : UNAUTHORIZED;
    case 'auth-only':
      return userId ? { userId, orgId: claimedOrg || store.users.get(userId)?.orgId || '' } : UNAUTHORIZED;
    case 'permission': {
      if (!userId) return UNAUTHORIZED;
      const orgId = claimedOrg || store.users.get(userId)?.orgId;
      if (!orgId) return NO_ORG;
      // Every user the simulator knows registered their own org and is its admin, so RBAC allows.
      return { userId, orgId };
    }
  }
}
