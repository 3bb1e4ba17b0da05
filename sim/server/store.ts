/** In-memory stand-in for Aurora's Postgres rows: users, orgs, incidents, chat sessions, Grafana alerts. */
import { createHash, randomUUID } from 'node:crypto';
import type { Usage } from '../llm/pricing.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  orgId: string;
  role: 'admin' | 'editor' | 'viewer';
}
export interface Org {
  id: string;
  name: string;
}
/** An incident_alerts row as get_incident returns it (incidents_routes.py). */
export interface CorrelatedAlert {
  id: string;
  sourceType: string;
  alertTitle: string;
  alertService: string;
  alertSeverity: string;
  correlationStrategy: string;
  correlationScore: number;
  correlationDetails: Record<string, unknown>;
  receivedAt: string;
  /** sim bookkeeping, not returned */ fingerprint: string | null;
}
export interface Incident {
  id: string;
  userId: string;
  orgId: string;
  sourceType: string;
  sourceAlertId: number;
  status: 'investigating' | 'analyzed' | 'resolved' | 'merged' | 'failed';
  severity: string;
  title: string;
  service: string;
  /** null shows as "idle", as Aurora does. */
  auroraStatus: null | 'running' | 'summarizing' | 'complete' | 'error';
  summary: string;
  chatSessionId: string | null;
  startedAt: string;
  analyzedAt: string | null;
  resolvedAt: string | null;
  alertFiredAt: string | null;
  createdAt: string;
  updatedAt: string;
  fingerprint: string | null;
  /** Simulated ms when the incident opened, for the correlation window. */
  openedAtSim: number;
  /** LLM usage of its RCA (llm_usage_tracking rows), set when the RCA finishes; null before. */
  tokenUsage: Usage | null;
  correlatedAlerts: CorrelatedAlert[];
  metadata: Record<string, unknown>;
}
/** One chat_sessions.messages row as Aurora stores and returns it (chat_routes.py post_chat_message). */
export interface ChatMessage {
  sender: 'user' | 'bot';
  text: string;
  timestamp: string;
}
export interface ChatSession {
  id: string;
  userId: string;
  orgId: string;
  title: string;
  messages: ChatMessage[];
  uiState: Record<string, unknown>;
  status: 'active' | 'in_progress' | 'completed' | 'failed' | 'cancelled';
  createdAt: string;
  updatedAt: string;
  incidentId: string | null;
}
export interface GrafanaAlert {
  id: number;
  alertUid: string | null;
  title: string;
  state: string;
  ruleName: string | null;
  payload: unknown;
  receivedAt: string;
}

export const hashPassword = (password: string): string => createHash('sha256').update(password).digest('hex');
export const nowIso = (): string => new Date().toISOString();

export class Store {
  readonly users = new Map<string, User>();
  readonly usersByEmail = new Map<string, User>();
  readonly orgs = new Map<string, Org>();
  readonly orgNames = new Set<string>();
  readonly incidents = new Map<string, Incident>();
  /** Newest first, per org (Aurora orders by started_at DESC). */
  readonly incidentsByOrg = new Map<string, Incident[]>();
  readonly sessions = new Map<string, ChatSession>();
  readonly grafanaConnected = new Set<string>();
  readonly grafanaAlerts = new Map<string, GrafanaAlert[]>();
  private alertSeq = 0;

  createUser(input: { email: string; password: string; name: string; orgName: string }): User {
    const org: Org = { id: randomUUID(), name: input.orgName };
    this.orgs.set(org.id, org);
    this.orgNames.add(input.orgName.toLowerCase());
    const user: User = {
      id: randomUUID(),
      email: input.email,
      name: input.name,
      passwordHash: hashPassword(input.password),
      orgId: org.id,
      role: 'admin',
    };
    this.users.set(user.id, user);
    this.usersByEmail.set(user.email.toLowerCase(), user);
    return user;
  }

  addIncident(inc: Incident): void {
    this.incidents.set(inc.id, inc);
    const list = this.incidentsByOrg.get(inc.orgId);
    if (list) list.unshift(inc);
    else this.incidentsByOrg.set(inc.orgId, [inc]);
  }

  addSession(s: ChatSession): void {
    this.sessions.set(s.id, s);
  }

  addGrafanaAlert(orgId: string, payload: Record<string, unknown>): GrafanaAlert {
    const alerts = Array.isArray(payload.alerts) ? (payload.alerts as Record<string, unknown>[]) : [];
    const alert: GrafanaAlert = {
      id: ++this.alertSeq,
      alertUid: typeof alerts[0]?.ruleUID === 'string' ? (alerts[0].ruleUID as string) : null,
      title: typeof payload.title === 'string' ? payload.title : 'Unknown Alert',
      state: String(payload.state ?? payload.status ?? 'unknown'),
      ruleName: typeof payload.ruleName === 'string' ? payload.ruleName : null,
      payload,
      receivedAt: nowIso(),
    };
    const list = this.grafanaAlerts.get(orgId);
    if (list) list.unshift(alert);
    else this.grafanaAlerts.set(orgId, [alert]);
    return alert;
  }
}
