// Checklist items read from Deployments and StatefulSets alone (celery-beat-single, requests-limits)
// and with PodDisruptionBudgets (pdb) or the pod template's placement (spread). Pure.
import type { PreflightEvidence, PreflightItem } from '../../verdict/index.ts';
import { itemsOf, type Workload } from '../snapshot.ts';
import { type CheckInput, ev, result, selects, unread } from './item.ts';
import { scaledDeployments } from './scaled.ts';

export function celeryBeatSingle({ snapshot, settings }: CheckInput): PreflightItem {
  const name = settings.celeryBeat;
  const found = [snapshot.deployments, snapshot.statefulsets]
    .flatMap((r) => itemsOf(r) ?? [])
    .find((w) => w.metadata.name === name);
  if (!found) {
    const unreadList = [snapshot.deployments, snapshot.statefulsets].find((r) => !r.ok);
    if (unreadList) return unread('celery-beat-single', unreadList, snapshot.namespace);
    return result('celery-beat-single', 'warn', `no Deployment or StatefulSet named ${name}`, [], {
      fix: 'name the celery-beat workload in preflight.celeryBeat of the env file',
    });
  }
  const replicas = found.spec.replicas ?? 1;
  const evidence = [ev(`${found.kind}/${name}`, 'spec.replicas', String(replicas))];
  if (replicas === 1) return result('celery-beat-single', 'pass', `${found.kind}/${name} runs 1 replica`, evidence);
  const why = replicas === 0 ? 'scheduled tasks never run' : 'every scheduled task runs once per replica';
  return result('celery-beat-single', 'fail', `${found.kind}/${name} runs ${replicas} replicas: ${why}`, evidence);
}

/** What a container lacks of cpu/memory requests and a memory limit. */
function missingResources(c: Workload['spec']['template']['spec']['containers'][number]): string[] {
  const r = c.resources ?? {};
  return [
    ...(r.requests?.cpu ? [] : ['requests.cpu']),
    ...(r.requests?.memory ? [] : ['requests.memory']),
    ...(r.limits?.memory ? [] : ['limits.memory']),
  ];
}

export function requestsLimits({ snapshot }: CheckInput): PreflightItem {
  const workloads = [snapshot.deployments, snapshot.statefulsets].flatMap((r) => itemsOf(r) ?? []);
  if (!snapshot.deployments.ok) return unread('requests-limits', snapshot.deployments, snapshot.namespace);
  const evidence: PreflightEvidence[] = [];
  for (const w of workloads) {
    w.spec.template.spec.containers.forEach((c, i) => {
      const missing = missingResources(c);
      if (missing.length)
        evidence.push(
          ev(
            `${w.kind}/${w.metadata.name}`,
            `spec.template.spec.containers[${i}].resources`,
            `${c.name}: no ${missing.join(', ')}`,
          ),
        );
    });
  }
  if (evidence.length === 0)
    return result(
      'requests-limits',
      'pass',
      `${workloads.length} workloads: every container has requests and a memory limit`,
    );
  return result(
    'requests-limits',
    'fail',
    `${evidence.length} container(s) without requests or a memory limit: ${evidence.map((e) => e.object).join(', ')}`,
    evidence,
  );
}

export function pdbCoverage(input: CheckInput): PreflightItem {
  const { snapshot } = input;
  if (!snapshot.pdbs.ok) return unread('pdb', snapshot.pdbs, snapshot.namespace);
  const scaled = scaledDeployments(input);
  if (!scaled.ok) return unread('pdb', scaled.readout, snapshot.namespace);
  const pdbs = snapshot.pdbs.items;
  const evidence: PreflightEvidence[] = [];
  const uncovered: string[] = [];
  for (const d of scaled.deployments) {
    const pdb = pdbs.find((p) => selects(p.spec.selector?.matchLabels, d.spec.template.metadata?.labels));
    if (pdb)
      evidence.push(
        ev(`PodDisruptionBudget/${pdb.metadata.name}`, 'spec.selector', `selects Deployment/${d.metadata.name}`),
      );
    else {
      uncovered.push(d.metadata.name);
      evidence.push(ev(`Deployment/${d.metadata.name}`, 'PodDisruptionBudget', 'none selects its pods'));
    }
  }
  if (uncovered.length === 0)
    return result('pdb', 'pass', `${scaled.deployments.length} scaled Deployments covered`, evidence);
  return result('pdb', 'fail', `no PodDisruptionBudget for ${uncovered.join(', ')}`, evidence);
}

export function spread(input: CheckInput): PreflightItem {
  const scaled = scaledDeployments(input);
  if (!scaled.ok) return unread('spread', scaled.readout, input.snapshot.namespace);
  const evidence: PreflightEvidence[] = [];
  const unspread: string[] = [];
  for (const d of scaled.deployments) {
    const spec = d.spec.template.spec;
    const how = spec.topologySpreadConstraints?.length
      ? 'topologySpreadConstraints'
      : spec.affinity?.podAntiAffinity
        ? 'affinity.podAntiAffinity'
        : undefined;
    if (!how) unspread.push(d.metadata.name);
    evidence.push(
      ev(
        `Deployment/${d.metadata.name}`,
        'spec.template.spec',
        how ?? 'no topologySpreadConstraints, no podAntiAffinity',
      ),
    );
  }
  if (unspread.length === 0)
    return result('spread', 'pass', `${scaled.deployments.length} scaled Deployments spread`, evidence);
  return result('spread', 'warn', `pods of ${unspread.join(', ')} may all land on one node`, evidence);
}
