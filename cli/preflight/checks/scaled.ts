// Which Deployments scale: an HPA targets them or they run more than one replica (the stateless
// Deployments the env file names, and any other). Pure.
import { itemsOf, type Readout, type Workload } from '../snapshot.ts';
import type { CheckInput } from './item.ts';

export type Scaled = { ok: true; deployments: Workload[] } | { ok: false; readout: Readout<unknown> };

export function scaledDeployments({ snapshot, settings }: CheckInput): Scaled {
  if (!snapshot.deployments.ok) return { ok: false, readout: snapshot.deployments };
  const hpaTargets = new Set((itemsOf(snapshot.hpas) ?? []).map((h) => h.spec.scaleTargetRef.name));
  const named = new Set(settings.statelessDeployments);
  return {
    ok: true,
    deployments: snapshot.deployments.items
      .filter((d) => named.has(d.metadata.name) || hpaTargets.has(d.metadata.name) || (d.spec.replicas ?? 1) > 1)
      .filter((d) => d.metadata.name !== settings.celeryBeat),
  };
}
