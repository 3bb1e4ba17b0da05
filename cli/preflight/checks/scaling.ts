// Checklist items about autoscaling: an HPA for each stateless Deployment whose pods have CPU
// requests (hpa-present), and the plan's peak against the HPA maximums (capacity). Pure.
import type { PreflightEvidence, PreflightItem } from '../../verdict/index.ts';
import { type Hpa, itemsOf } from '../snapshot.ts';
import { type CheckInput, ev, result, unread } from './item.ts';

/** The HPA scaling a Deployment, if any. */
export function hpaFor(hpas: Hpa[], deployment: string): Hpa | undefined {
  return hpas.find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment);
}

export function hpaPresent({ snapshot, settings }: CheckInput): PreflightItem {
  if (!snapshot.hpas.ok) return unread('hpa-present', snapshot.hpas, snapshot.namespace);
  const hpas = snapshot.hpas.items;
  const deployments = itemsOf(snapshot.deployments);
  const evidence: PreflightEvidence[] = [];
  const problems: string[] = [];
  for (const name of settings.statelessDeployments) {
    const hpa = hpaFor(hpas, name);
    if (!hpa) {
      problems.push(`no HPA targets ${name}`);
      evidence.push(ev(`Deployment/${name}`, 'HorizontalPodAutoscaler', 'none targets it'));
      continue;
    }
    const obj = `HorizontalPodAutoscaler/${hpa.metadata.name}`;
    const min = hpa.spec.minReplicas ?? 1;
    evidence.push(ev(obj, 'spec.minReplicas/maxReplicas', `${min}/${hpa.spec.maxReplicas}`));
    if (!(min < hpa.spec.maxReplicas))
      problems.push(`${hpa.metadata.name}: minReplicas ${min} is not below maxReplicas ${hpa.spec.maxReplicas}`);
    const targets = (hpa.spec.metrics ?? [])
      .filter((m) => m.type === 'Resource' && (m.resource?.name === 'cpu' || m.resource?.name === 'memory'))
      .map((m) => m.resource!.name);
    evidence.push(ev(obj, 'spec.metrics', targets.length ? targets.join(', ') : 'no cpu or memory target'));
    if (targets.length === 0) problems.push(`${hpa.metadata.name}: no CPU or memory target`);
    const d = deployments?.find((x) => x.metadata.name === name);
    if (deployments && !d) problems.push(`${name}: the Deployment the HPA targets does not exist`);
    if (d && targets.includes('cpu')) {
      const without = d.spec.template.spec.containers.filter((c) => !c.resources?.requests?.cpu).map((c) => c.name);
      evidence.push(
        ev(
          `Deployment/${name}`,
          'spec.template.spec.containers[*].resources.requests.cpu',
          without.length ? `missing on ${without.join(', ')}` : 'set',
        ),
      );
      if (without.length)
        problems.push(`${name}: no CPU request on ${without.join(', ')} (the HPA cannot compute utilisation)`);
    }
  }
  if (problems.length) return result('hpa-present', 'fail', problems.join('; '), evidence);
  if (!deployments) {
    const r = unread('hpa-present', snapshot.deployments, snapshot.namespace);
    return { ...r, summary: `HPAs are fine; the targets' CPU requests are unknown (${r.summary})`, evidence };
  }
  return result(
    'hpa-present',
    'pass',
    `HPAs scale ${settings.statelessDeployments.join(', ')} on CPU requests`,
    evidence,
  );
}

export function capacity({ snapshot, settings, peakArrivalRate }: CheckInput): PreflightItem {
  if (peakArrivalRate === undefined) return result('capacity', 'skipped', 'no load plan to compare with');
  if (!snapshot.hpas.ok) return unread('capacity', snapshot.hpas, snapshot.namespace);
  const hpa = hpaFor(snapshot.hpas.items, settings.serverDeployment);
  if (!hpa)
    return result('capacity', 'unknown', `no HPA targets ${settings.serverDeployment}: no maximum to compare with`);
  if (settings.podCapacityRps === undefined)
    return result('capacity', 'unknown', 'no per-pod capacity known', [], {
      fix: 'set preflight.podCapacityRps in the env file (requests/s one aurora-server pod serves before it saturates)',
    });
  const max = hpa.spec.maxReplicas;
  const fits = max * settings.podCapacityRps;
  const evidence = [
    ev(`HorizontalPodAutoscaler/${hpa.metadata.name}`, 'spec.maxReplicas', String(max)),
    ev('env file', 'preflight.podCapacityRps', String(settings.podCapacityRps)),
    ev('plan', 'peak arrival rate', `${round(peakArrivalRate)}/s`),
  ];
  const numbers = `peak ${round(peakArrivalRate)}/s vs ${max} pods x ${settings.podCapacityRps}/s = ${round(fits)}/s`;
  if (peakArrivalRate <= fits) return result('capacity', 'pass', numbers, evidence);
  return result('capacity', 'warn', `${numbers}: the run would only measure saturation`, evidence);
}

const round = (n: number): number => Math.round(n * 100) / 100;
