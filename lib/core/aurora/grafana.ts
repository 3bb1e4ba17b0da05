// Grafana alert webhook bodies (docs/aurora-contract.md §1.4; fields read by server/routes/grafana/tasks.py) and
// trigger-rca bodies. Every submission gets its own fingerprint, title and service, so Aurora's
// upsert on crc32(fingerprint) and its AlertCorrelator (300 s window, similarity >= 0.6) never fold
// two submissions into one incident. Pure.

const COMPONENTS = [
  'checkout',
  'payments',
  'search',
  'inventory',
  'gateway',
  'billing',
  'ledger',
  'catalog',
  'shipping',
  'auth',
  'notifier',
  'reports',
];
const SYMPTOMS = [
  'p99 latency above SLO',
  'error ratio rising',
  'pods crash-looping',
  'queue backlog growing',
  'memory saturation',
  'disk pressure',
  'connection pool exhausted',
  'certificate expiring',
];
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export interface Submission {
  /** Unique per run and submission: `<runId>-<n>`. */
  key: string;
  /** `[load <key>]`, carried in the title so the incident can be found from the webhook's answer. */
  tag: string;
  title: string;
  service: string;
  severity: (typeof SEVERITIES)[number];
  fingerprint: string;
}

/** The n-th submission of a run: words picked so consecutive submissions differ in title and service. */
export function submission(runId: string, n: number): Submission {
  const key = `${runId}-${n}`;
  const component = COMPONENTS[n % COMPONENTS.length];
  const symptom = SYMPTOMS[Math.floor(n / COMPONENTS.length) % SYMPTOMS.length];
  const tag = `[load ${key}]`;
  return {
    key,
    tag,
    title: `${component} ${symptom} ${tag}`,
    service: `${component}-${key}`,
    severity: SEVERITIES[n % SEVERITIES.length],
    fingerprint: `aurora-load-${key}`,
  };
}

/** A firing Grafana alert for one submission. */
export function grafanaAlert(s: Submission, nowIso: string): Record<string, unknown> {
  const labels = { alertname: s.title, severity: s.severity, service: s.service };
  const annotations = {
    summary: `${s.title} (synthetic load-test alert)`,
    description: `aurora-load submission ${s.key}`,
  };
  return {
    title: `[FIRING:1] ${s.title}`,
    state: 'alerting',
    status: 'firing',
    ruleName: s.title,
    commonLabels: labels,
    commonAnnotations: annotations,
    alerts: [
      {
        status: 'firing',
        fingerprint: s.fingerprint,
        labels,
        annotations,
        startsAt: nowIso,
        ruleUID: `load-${s.key}`,
        values: { A: 1 },
        generatorURL: 'http://grafana.invalid/alerting',
      },
    ],
  };
}

/**
 * The first call per user auto-connects Grafana and is stored with skip_rca=True (docs/aurora-contract.md §1.4).
 * Its `alerts` is empty, so even for an already-connected existing user it creates no incident.
 */
export function grafanaConnectCall(runId: string): Record<string, unknown> {
  return {
    title: `aurora-load connect ${runId}`,
    state: 'ok',
    status: 'resolved',
    ruleName: 'aurora-load connect',
    commonLabels: {},
    commonAnnotations: {},
    alerts: [],
  };
}

export function triggerRcaBody(s: Submission): Record<string, unknown> {
  return {
    issue_description: `${s.title}: synthetic incident from the aurora-load suite (submission ${s.key}); investigate the ${s.service} service.`,
    title: s.title,
    service: s.service,
    severity: s.severity,
  };
}
