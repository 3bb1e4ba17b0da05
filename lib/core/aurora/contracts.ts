// Lean response guards for the bodies the scenarios read (docs/aurora-contract.md §1.3, §1.4), hand-written so
// bundles stay small (no zod in k6 code). A guard returns null when the body fits, or the first
// problem with its path ("incidents[0].auroraStatus: expected string|null, got number").
// lib/core; the k6 side samples them at `contractSampleRate` (lib/k6/aurora/contract-check.ts).

export type Guard = (v: unknown, path: string) => string | null;

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const fail = (path: string, want: string, v: unknown) => `${path || '$'}: expected ${want}, got ${kind(v)}`;

export const str: Guard = (v, p) => (typeof v === 'string' ? null : fail(p, 'string', v));
export const num: Guard = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : fail(p, 'number', v));
export const bool: Guard = (v, p) => (typeof v === 'boolean' ? null : fail(p, 'boolean', v));
export const any: Guard = () => null;

export const nullable =
  (g: Guard): Guard =>
  (v, p) =>
    v === null || v === undefined ? null : g(v, p);
export const optional = nullable;

export const oneOf =
  (...values: readonly (string | boolean | number)[]): Guard =>
  (v, p) =>
    values.includes(v as string) ? null : `${p || '$'}: expected one of ${values.join('|')}, got ${JSON.stringify(v)}`;

export const arrayOf =
  (item: Guard, maxChecked = 5): Guard =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'array', v);
    // The first few items carry the shape; checking all of a 100-item page costs CPU for nothing.
    for (let i = 0; i < Math.min(v.length, maxChecked); i++) {
      const e = item(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  };

export const shape =
  (fields: Record<string, Guard>): Guard =>
  (v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(p, 'object', v);
    const o = v as Record<string, unknown>;
    for (const k in fields) {
      const e = fields[k](o[k], p ? `${p}.${k}` : k);
      if (e) return e;
    }
    return null;
  };

/** Aurora's auroraStatus values (docs/aurora-contract.md §3); the API shows idle for null. */
export const AURORA_STATUSES = ['idle', 'queued', 'running', 'summarizing', 'complete', 'error'] as const;

const incident = shape({
  id: str,
  sourceType: str,
  status: str,
  severity: nullable(str),
  alert: shape({ title: nullable(str), service: nullable(str) }),
  auroraStatus: nullable(str),
  createdAt: nullable(str),
  updatedAt: nullable(str),
});

const correlatedAlert = shape({
  id: str,
  sourceType: str,
  alertTitle: nullable(str),
  alertService: nullable(str),
  alertSeverity: nullable(str),
  receivedAt: nullable(str),
});

const sessionSummary = shape({
  id: str,
  title: nullable(str),
  created_at: nullable(str),
  updated_at: nullable(str),
  status: nullable(str),
});

/** Guards by contract name. */
export const CONTRACTS = {
  liveness: shape({ status: oneOf('alive') }),
  readiness: shape({ status: str }),
  register: shape({ id: str, email: str, orgId: str }),
  incidentList: shape({ incidents: arrayOf(incident), total: num }),
  incidentDetail: shape({ incident }),
  incidentAlerts: shape({ alerts: arrayOf(correlatedAlert), total: num }),
  sessionList: shape({ sessions: arrayOf(sessionSummary) }),
  sessionCreate: shape({
    id: str,
    title: nullable(str),
    messages: arrayOf(any),
    created_at: nullable(str),
    status: str,
  }),
  sessionStatus: shape({ status: str, message_count: num }),
  messagesRead: shape({ session_id: str, status: nullable(str), messages: arrayOf(any) }),
  triggerRca: shape({ status: oneOf('ok'), incident_id: str, rca_session_id: str }),
  grafanaWebhook: shape({ received: oneOf(true) }),
} satisfies Record<string, Guard>;

export type ContractName = keyof typeof CONTRACTS;

/** Checks a parsed body against a named contract: null, or the problem. */
export function violation(name: ContractName, body: unknown): string | null {
  return CONTRACTS[name](body, '');
}

/** Chatbot frames (docs/aurora-contract.md §2) the scenario branches on. */
export interface ChatFrame {
  type: string;
  data?: { status?: string; text?: string; is_chunk?: boolean; total_cost?: number } & Record<string, unknown>;
  session_id?: string;
  isComplete?: boolean;
}

export const chatFrame: Guard = shape({ type: str, data: nullable(shape({})) });

export type ErrorFrameKind = 'auth' | 'rate_limit' | 'server';

/** Classifies a chatbot `type:"error"` frame by its text (docs/aurora-contract.md §2). */
export function errorFrameKind(text: unknown): ErrorFrameKind {
  const t = typeof text === 'string' ? text.toLowerCase() : '';
  if (t.startsWith('authentication failed') || t.includes('auth')) return 'auth';
  if (t.includes('rate limit')) return 'rate_limit';
  return 'server';
}
