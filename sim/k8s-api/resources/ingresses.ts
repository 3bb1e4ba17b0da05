// networking.k8s.io/v1 Ingresses (Aurora's chatbot Ingress): discovery entry and `kubectl get ing`
// columns (NAME CLASS HOSTS ADDRESS PORTS AGE).
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface IngressShape {
  spec: { ingressClassName?: string; rules?: { host?: string }[]; tls?: unknown[] };
  status: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export const INGRESSES: ResourceDef = {
  resource: 'ingresses',
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  listKind: 'IngressList',
  singular: 'ingress',
  shortNames: ['ing'],
  subresources: ['status'],
  fieldLabels: [],
  columns: [
    NAME_COLUMN,
    column('Class', 'string', 'ingressClassName'),
    column('Hosts', 'string', 'Hosts of the rules'),
    column('Address', 'string', 'Address of the load balancer'),
    column('Ports', 'string', 'Ports of the load balancer'),
    AGE_COLUMN,
  ],
  row(object, nowMs) {
    const { spec, status } = object as unknown as IngressShape;
    const hosts = (spec.rules ?? []).map((r) => r.host ?? '*').join(',');
    const address = (status.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').join(',');
    return [
      object.metadata.name,
      spec.ingressClassName ?? '<none>',
      hosts || '*',
      address,
      spec.tls?.length ? '80, 443' : '80',
      age(object, nowMs),
    ];
  },
};
