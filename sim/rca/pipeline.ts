/**
 * Aurora's background work, as it shows through the API (docs/aurora-contract.md §3): incident + RCA session rows,
 * `run_background_chat` on Celery, the status moves, the Grafana alert task and its correlation.
 */
import { rcaUsage } from '../llm/pricing.ts';
import { randomUUID } from 'node:crypto';
import type { Rng } from '../rng.ts';
import type { ChatSession, CorrelatedAlert, Incident, Store, User } from '../server/store.ts';
import { nowIso } from '../server/store.ts';
import type { CeleryQueue } from './queue.ts';
import type { RateCap } from './rate-cap.ts';

export interface RcaDuration {
  /** Median simulated ms of one RCA (default 3 simulated minutes). */
  medianMs: number;
  /** Lognormal spread. */
  sigma: number;
  /** Share of RCAs that end in auroraStatus "error" (default 0). */
  errorRate: number;
}
export const DEFAULT_RCA_DURATION: RcaDuration = { medianMs: 180_000, sigma: 0.3, errorRate: 0 };

/** Simulated durations of the smaller tasks. */
const GRAFANA_TASK_SIM_MS = 2_000;
const CHAT_TASK_SIM_MS = 30_000;
const SUMMARIZING_SIM_MS = 10_000;
/** AlertCorrelator's time window. */
export const CORRELATION_WINDOW_SIM_MS = 300_000;

export interface PipelineDeps {
  store: Store;
  queue: CeleryQueue;
  cap: RateCap;
  rng: Rng;
  duration: RcaDuration;
  /** The cost-spike factor in force (1 when healthy). */
  costSpike?: () => number;
  now: () => number;
  setSimTimeout: (fn: () => void, simMs: number) => void;
}

function crc32ish(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}

export class Pipeline {
  constructor(private readonly d: PipelineDeps) {}

  newIncident(
    user: User,
    p: {
      sourceType: string;
      title: string;
      service: string;
      severity: string;
      fingerprint: string | null;
      metadata: Record<string, unknown>;
    },
  ): Incident {
    const t = nowIso();
    const inc: Incident = {
      id: randomUUID(),
      userId: user.id,
      orgId: user.orgId,
      sourceType: p.sourceType,
      sourceAlertId: crc32ish(p.fingerprint ?? `${t}:${user.id}:${p.title}`),
      status: 'investigating',
      severity: p.severity,
      title: p.title,
      service: p.service || 'unknown',
      auroraStatus: null,
      summary: '',
      chatSessionId: null,
      startedAt: t,
      analyzedAt: null,
      resolvedAt: null,
      alertFiredAt: p.sourceType === 'grafana' ? t : null,
      createdAt: t,
      updatedAt: t,
      fingerprint: p.fingerprint,
      openedAtSim: this.d.now(),
      tokenUsage: null,
      correlatedAlerts: [],
      metadata: p.metadata,
    };
    this.d.store.addIncident(inc);
    return inc;
  }

  /** create_background_chat_session + run_background_chat.delay. */
  startRca(user: User, inc: Incident): ChatSession {
    const t = nowIso();
    const session: ChatSession = {
      id: randomUUID(),
      userId: user.id,
      orgId: user.orgId,
      title: `RCA: ${inc.title}`,
      messages: [{ sender: 'user', text: `Investigate: ${inc.title}`, timestamp: t }],
      uiState: { isBackground: true },
      status: 'in_progress',
      createdAt: t,
      updatedAt: t,
      incidentId: inc.id,
    };
    this.d.store.addSession(session);
    const { rng, duration } = this.d;
    this.d.queue.enqueue({
      name: 'chat.background.run_background_chat',
      durationSimMs: () => rng.lognormal(duration.medianMs, duration.sigma),
      onStart: () => {
        inc.auroraStatus = 'running';
        inc.chatSessionId = session.id;
        inc.updatedAt = nowIso();
      },
      onFinish: () => {
        const failed = duration.errorRate > 0 && rng.next() < duration.errorRate;
        const end = nowIso();
        inc.status = 'analyzed';
        inc.analyzedAt = end;
        inc.updatedAt = end;
        inc.auroraStatus = 'summarizing';
        inc.tokenUsage = rcaUsage({
          description: String(inc.metadata.user_description ?? inc.title),
          factor: this.d.costSpike?.() ?? 1,
        });
        session.status = failed ? 'failed' : 'completed';
        session.updatedAt = end;
        session.messages.push({
          sender: 'bot',
          text: failed
            ? 'The investigation failed.'
            : `Root cause analysis for ${inc.title}: a recent change to ${inc.service} is the most likely cause.`,
          timestamp: end,
        });
        this.d.setSimTimeout(() => {
          inc.auroraStatus = failed ? 'error' : 'complete';
          inc.summary = failed ? '' : `Likely root cause identified for ${inc.title}.`;
          inc.updatedAt = nowIso();
        }, SUMMARIZING_SIM_MS);
      },
    });
    return session;
  }

  /**
   * A user message on a session through Celery (POST .../messages, POST /api/incidents/{id}/chat).
   * Returns the new message's 0-based index, as Aurora's `jsonb_array_length(messages) - 1`.
   */
  chatTurn(session: ChatSession, text: string): number {
    const seq = session.messages.length;
    session.messages.push({ sender: 'user', text, timestamp: nowIso() });
    session.status = 'in_progress';
    session.updatedAt = nowIso();
    this.d.queue.enqueue({
      name: 'chat.background.run_background_chat',
      durationSimMs: () => this.d.rng.lognormal(CHAT_TASK_SIM_MS, 0.3),
      onFinish: () => {
        session.messages.push({ sender: 'bot', text: `Answer to: ${text.slice(0, 80)}`, timestamp: nowIso() });
        session.status = 'completed';
        session.updatedAt = nowIso();
      },
    });
    return seq;
  }

  /** grafana.process_alert, run on Celery like Aurora does. */
  enqueueGrafana(user: User, payload: Record<string, unknown>, skipRca: boolean): void {
    this.d.queue.enqueue({
      name: 'grafana.process_alert',
      durationSimMs: () => GRAFANA_TASK_SIM_MS,
      onFinish: () => this.processGrafana(user, payload, skipRca),
    });
  }

  private processGrafana(user: User, payload: Record<string, unknown>, skipRca: boolean): void {
    const { store } = this.d;
    store.addGrafanaAlert(user.orgId, payload);
    const alerts = Array.isArray(payload.alerts) ? payload.alerts : [];
    const labels = (payload.commonLabels ?? {}) as Record<string, unknown>;
    for (const raw of alerts) {
      if (!raw || typeof raw !== 'object') continue;
      const alert = raw as Record<string, unknown>;
      const fingerprint = typeof alert.fingerprint === 'string' ? alert.fingerprint : null;
      // tasks.py _merge_alert_into_payload: the alert's labels overlay commonLabels; its status/state
      // overlay the envelope's, and a resolved status (or state "ok") means resolved.
      const merged = { ...labels, ...((alert.labels ?? {}) as Record<string, unknown>) };
      const status = String(alert.status ?? payload.status ?? '').toLowerCase();
      const state = String(
        alert.state ?? (status === 'resolved' ? 'ok' : status === 'firing' ? 'alerting' : ''),
      ).toLowerCase();
      const resolved = state === 'ok' || status === 'resolved';
      const title = String(merged.alertname || payload.title || 'Unknown Alert');
      const service = String(merged.service || merged.job || merged.alertname || 'unknown').slice(0, 255);
      const labelled = String(merged.severity ?? '').toLowerCase();
      const severity = ['critical', 'high', 'medium', 'low'].includes(labelled)
        ? labelled
        : state === 'alerting'
          ? 'critical'
          : state === 'pending'
            ? 'high'
            : state === 'ok'
              ? 'low'
              : 'unknown';
      const open = fingerprint ? this.findByFingerprint(user, fingerprint) : undefined;
      if (resolved) {
        // Resolved alerts attach to the original incident; never an RCA.
        if (open)
          open.correlatedAlerts.push(this.correlated(title, service, severity, fingerprint, 'resolved_webhook', 1.0));
        continue;
      }
      if (skipRca) continue; // auto-connect webhook: stored, no incident
      if (open && open.status !== 'resolved' && this.d.now() - open.openedAtSim <= CORRELATION_WINDOW_SIM_MS) {
        open.correlatedAlerts.push(this.correlated(title, service, severity, fingerprint, 'time_window', 0.6));
        open.updatedAt = nowIso();
        continue; // correlated: no new RCA
      }
      const inc =
        open ??
        this.newIncident(user, {
          sourceType: 'grafana',
          title,
          service,
          severity,
          fingerprint,
          metadata: { fingerprint },
        });
      if (open) {
        inc.openedAtSim = this.d.now();
        inc.updatedAt = nowIso();
      }
      if (this.d.cap.allow(user.id)) this.startRca(user, inc);
    }
  }

  private findByFingerprint(user: User, fingerprint: string): Incident | undefined {
    for (const inc of this.d.store.incidentsByOrg.get(user.orgId) ?? []) {
      if (inc.userId === user.id && inc.sourceType === 'grafana' && inc.fingerprint === fingerprint) return inc;
    }
    return undefined;
  }

  private correlated(
    title: string,
    service: string,
    severity: string,
    fingerprint: string | null,
    strategy: string,
    score: number,
  ): CorrelatedAlert {
    return {
      id: randomUUID(),
      sourceType: 'grafana',
      alertTitle: title,
      alertService: service,
      alertSeverity: severity,
      correlationStrategy: strategy,
      correlationScore: score,
      correlationDetails: {},
      receivedAt: nowIso(),
      fingerprint,
    };
  }
}
