// ws-affinity: the Ingress routing the chatbot pins a browser to one chatbot pod with a cookie
// (ingress-nginx annotations, or the AWS ALB's stickiness attribute). A must-have as soon as the
// chatbot runs more than one replica or has an HPA (or when that cannot be read). Pure.
import type { PreflightItem } from '../../verdict/index.ts';
import { type Ingress, itemsOf } from '../snapshot.ts';
import { type CheckInput, ev, result, unread } from './item.ts';
import { hpaFor } from './scaling.ts';

const NGINX_AFFINITY = 'nginx.ingress.kubernetes.io/affinity';
const ALB_ATTRIBUTES = 'alb.ingress.kubernetes.io/target-group-attributes';

function routesTo(ingress: Ingress, service: string): boolean {
  if (ingress.spec.defaultBackend?.service?.name === service) return true;
  return (ingress.spec.rules ?? []).some((r) =>
    (r.http?.paths ?? []).some((p) => p.backend?.service?.name === service),
  );
}

export function wsAffinity({ snapshot, settings }: CheckInput): PreflightItem {
  const chatbot = settings.chatbotDeployment;
  const deployment = itemsOf(snapshot.deployments)?.find((d) => d.metadata.name === chatbot);
  const hpa = itemsOf(snapshot.hpas) && hpaFor(snapshot.hpas.ok ? snapshot.hpas.items : [], chatbot);
  const replicas = deployment?.spec.replicas;
  const scales = !snapshot.deployments.ok || !snapshot.hpas.ok || (replicas ?? 1) > 1 || hpa !== undefined;
  if (!snapshot.ingresses.ok) return unread('ws-affinity', snapshot.ingresses, snapshot.namespace, scales);
  const scaleEvidence = [
    ev(`Deployment/${chatbot}`, 'spec.replicas', replicas === undefined ? '<unknown>' : String(replicas)),
    ...(hpa
      ? [ev(`HorizontalPodAutoscaler/${hpa.metadata.name}`, 'spec.maxReplicas', String(hpa.spec.maxReplicas))]
      : []),
  ];
  const ingress = snapshot.ingresses.items.find((i) => routesTo(i, chatbot));
  if (!ingress)
    return result('ws-affinity', 'fail', `no Ingress routes to the ${chatbot} Service`, scaleEvidence, {
      mustHave: scales,
    });
  const a = ingress.metadata.annotations ?? {};
  const obj = `Ingress/${ingress.metadata.name}`;
  if (a[NGINX_AFFINITY] === 'cookie')
    return result(
      'ws-affinity',
      'pass',
      `${obj}: ingress-nginx cookie affinity`,
      [ev(obj, `metadata.annotations["${NGINX_AFFINITY}"]`, a[NGINX_AFFINITY]), ...scaleEvidence],
      { mustHave: scales },
    );
  if (/stickiness\.enabled=true/.test(a[ALB_ATTRIBUTES] ?? ''))
    return result(
      'ws-affinity',
      'pass',
      `${obj}: ALB stickiness`,
      [ev(obj, `metadata.annotations["${ALB_ATTRIBUTES}"]`, a[ALB_ATTRIBUTES]), ...scaleEvidence],
      { mustHave: scales },
    );
  const status = scales ? 'fail' : 'warn';
  return result(
    'ws-affinity',
    status,
    `${obj} has no cookie affinity${scales ? ': chat sessions break as soon as the chatbot runs on more than one pod' : ''}`,
    [ev(obj, `metadata.annotations["${NGINX_AFFINITY}"]`, a[NGINX_AFFINITY]), ...scaleEvidence],
    { mustHave: scales },
  );
}
