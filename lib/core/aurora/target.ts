// Who and where: the target URLs, the internal secret, and the identity headers of docs/aurora-contract.md §1.1.
// lib/core: pure.

export interface AuroraUser {
  id: string;
  orgId: string;
}

export interface AuroraTarget {
  /** aurora-server base URL, no trailing slash. */
  apiUrl: string;
  /** Chatbot WebSocket URL (ws:// or wss://), no trailing slash. */
  wsUrl: string;
  /** INTERNAL_API_SECRET; empty when the target runs with AURORA_ENV=dev and no secret. */
  secret: string;
  /** Aurora's RATE_LIMIT_BYPASS_TOKEN; when set, REST calls carry X-Rate-Limit-Bypass. A secret. */
  rateLimitBypass?: string;
  /** How many users the load is spread over (for the 429 explanation). */
  userCount?: number;
}

/** Flask-Limiter exempts a request carrying this header with Aurora's RATE_LIMIT_BYPASS_TOKEN (§1.2). */
export const RATE_LIMIT_BYPASS_HEADER = 'X-Rate-Limit-Bypass';

/**
 * Direct-to-API auth (docs/aurora-contract.md §1.1): X-Internal-Secret when a secret is set, X-User-ID, X-Org-ID.
 * Never `Authorization: Bearer` (that routes the chatbot's connection to another handler).
 */
export function identityHeaders(target: AuroraTarget, user: AuroraUser): Record<string, string> {
  const h: Record<string, string> = { 'X-User-ID': user.id, 'X-Org-ID': user.orgId };
  if (target.secret) h['X-Internal-Secret'] = target.secret;
  return h;
}

/** The http(s) URL the cookie jar files a ws(s) URL's cookies under (k6's dialer maps ws -> http). */
export function httpOriginOf(wsUrl: string): string {
  return wsUrl.replace(/^ws(s?):\/\//, 'http$1://');
}

/** The chatbot connect URL for a token: any path is accepted (docs/aurora-contract.md §2), so the root. */
export function chatbotUrl(wsUrl: string, token: string): string {
  return `${wsUrl.replace(/\/+$/, '')}/?token=${encodeURIComponent(token)}`;
}

export const trimSlash = (u: string) => u.replace(/\/+$/, '');
