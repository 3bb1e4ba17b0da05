// The RCA flow, one submission per iteration (docs/aurora-contract.md §1.4, §3): a Grafana alert webhook or a
// trigger-rca call from the next user of the pool (round-robin, pool sized for the per-user cap),
// then back-off polling of GET /api/incidents/<id>, tagged `phase:poll` with its own `name`, until
// auroraStatus is complete or error, or maxWaitSeconds pass; under `followUntil: 'running'` (smoke)
// only until a worker has picked it up (outcome `started`).
import { check, sleep } from 'k6';
import { sampleContract } from '../aurora/contract-check.ts';
import { grafanaAlert, submission, triggerRcaBody } from '../../core/aurora/grafana.ts';
import { call, jsonOf, type Res } from '../aurora/http.ts';
import { PATH, ROUTE } from '../../core/aurora/routes.ts';
import type { AuroraUser, AuroraTarget } from '../../core/aurora/target.ts';
import { rcaAcceptLatency, rcaFailed, rcaTimeToComplete, rcaTimeToRunning } from '../metrics.ts';
import { maxWaitRealSeconds, pollDelaySeconds, rcaPhase, type PollTiming } from '../../core/rca-poll.ts';
import { viaWebhook } from '../../core/rca-rules.ts';
import { rcaUsageOf } from '../../core/aurora/llm-usage.ts';
import { recordSpend } from '../spend.ts';

export interface RcaFlowConfig extends PollTiming {
  contractSampleRate: number;
  /** Share of submissions sent through the Grafana webhook; the rest use trigger-rca. */
  webhookShare: number;
  /** Follow an RCA to complete/error (default), or only until a worker has it (smoke). */
  followUntil?: 'running' | 'complete';
}

const CELERY = { service: 'celery' } as const;

interface IncidentLite {
  id?: unknown;
  auroraStatus?: unknown;
  alert?: { title?: unknown };
  tokenUsage?: unknown;
}

/**
 * One submission: `n` names it (exec.scenario.iterationInTest, unique across runners) and picks the
 * route; `slot` picks the user from `users` round-robin (default `n`).
 */
export function rcaSubmission(
  target: AuroraTarget,
  users: readonly AuroraUser[],
  n: number,
  runId: string,
  cfg: RcaFlowConfig,
  slot = n,
): void {
  const user = users[slot % users.length];
  const s = submission(runId, n);
  const webhook = viaWebhook(n, cfg.webhookShare);
  const submittedAt = Date.now();
  const deadline = submittedAt + maxWaitRealSeconds(cfg) * 1000;
  let incidentId: string | undefined;
  let res: Res;
  if (webhook) {
    res = call(
      target,
      'POST',
      PATH.grafanaWebhook(user.id),
      { name: ROUTE.grafanaWebhook },
      { body: grafanaAlert(s, new Date().toISOString()) },
    );
    const body = jsonOf(res);
    if (
      !check(
        res,
        {
          'grafana webhook accepted (200 received)': (r) =>
            r.status === 200 && (body as { received?: unknown })?.received === true,
        },
        CELERY,
      )
    )
      return;
    sampleContract('grafanaWebhook', body, cfg.contractSampleRate, ROUTE.grafanaWebhook);
  } else {
    res = call(target, 'POST', PATH.triggerRca(), { name: ROUTE.triggerRca }, { user, body: triggerRcaBody(s) });
    const body = jsonOf(res) as { incident_id?: unknown } | undefined;
    if (
      !check(
        res,
        {
          'trigger-rca accepted (200 with incident_id)': (r) =>
            r.status === 200 && typeof body?.incident_id === 'string',
        },
        CELERY,
      )
    )
      return;
    sampleContract('triggerRca', body, cfg.contractSampleRate, ROUTE.triggerRca);
    incidentId = body?.incident_id as string;
  }
  rcaAcceptLatency.add(res.timings.duration, { ...CELERY, via: webhook ? 'webhook' : 'trigger-rca' });

  let attempt = 0;
  let running = false;
  const tags = { ...CELERY, via: webhook ? 'webhook' : 'trigger-rca' };
  for (;;) {
    const remaining = (deadline - Date.now()) / 1000;
    if (remaining <= 0) break;
    sleep(pollDelaySeconds(cfg, attempt++, remaining));
    let inc: IncidentLite | undefined;
    if (incidentId === undefined) {
      // The webhook answers before Celery creates the incident: find it by the unique tag in its title.
      const list = call(target, 'GET', PATH.incidentList(20), { name: ROUTE.rcaPollList, phase: 'poll' }, { user });
      const incidents = (jsonOf(list) as { incidents?: IncidentLite[] } | undefined)?.incidents;
      inc = Array.isArray(incidents) ? incidents.find((i) => String(i?.alert?.title ?? '').includes(s.tag)) : undefined;
      if (inc && typeof inc.id === 'string') incidentId = inc.id;
    } else {
      const detail = call(
        target,
        'GET',
        PATH.incidentDetail(incidentId),
        { name: ROUTE.rcaPollDetail, phase: 'poll' },
        { user },
      );
      inc = (jsonOf(detail) as { incident?: IncidentLite } | undefined)?.incident;
    }
    if (!inc) continue;
    const phase = rcaPhase(inc.auroraStatus);
    if (phase !== 'waiting' && !running) {
      running = true;
      rcaTimeToRunning.add(Date.now() - submittedAt, tags);
    }
    if (phase === 'complete') {
      rcaTimeToComplete.add(Date.now() - submittedAt, tags);
      rcaFailed.add(false, { ...tags, outcome: 'complete' });
      recordSpend('rca', rcaUsageOf(inc.tokenUsage ?? readTokenUsage(target, user, incidentId)));
      return;
    }
    if (phase === 'error') {
      rcaFailed.add(true, { ...tags, outcome: 'error' });
      recordSpend('rca', rcaUsageOf(inc.tokenUsage ?? readTokenUsage(target, user, incidentId)));
      return;
    }
    if (running && cfg.followUntil === 'running') {
      rcaFailed.add(false, { ...tags, outcome: 'started' });
      return;
    }
  }
  rcaFailed.add(true, { ...tags, outcome: 'timeout' });
}

/**
 * The incident's tokenUsage, read once when the RCA is done: the list poll (webhook RCAs) does not
 * carry it, the detail does. The call is a poll (`phase:poll`), outside the REST budgets.
 */
function readTokenUsage(target: AuroraTarget, user: AuroraUser, incidentId: string | undefined): unknown {
  if (incidentId === undefined) return undefined;
  const detail = call(
    target,
    'GET',
    PATH.incidentDetail(incidentId),
    { name: ROUTE.rcaPollDetail, phase: 'poll' },
    { user },
  );
  return (jsonOf(detail) as { incident?: IncidentLite } | undefined)?.incident?.tokenUsage;
}
