// The scaling-readiness checklist, declared once: each item's id (used in env files and output),
// title, whether it is a must-have, and the fix to print when it does not pass. From the checklist
// Aurora's Scaling guide asks for before scaling to production, read from the cluster. The ids
// themselves live with the env-file schema (preflight.skip names them).
import { PREFLIGHT_ITEMS } from '../plan/index.ts';

export const PREFLIGHT_ITEM_IDS = PREFLIGHT_ITEMS;

export type PreflightItemId = (typeof PREFLIGHT_ITEM_IDS)[number];

export interface ItemDefinition {
  title: string;
  /** A failing must-have stops a stress run (exit 6). ws-affinity is one only when the chatbot scales. */
  mustHave: boolean;
  fix: string;
}

export const ITEMS: Record<PreflightItemId, ItemDefinition> = {
  'celery-beat-single': {
    title: 'celery-beat runs exactly 1 replica',
    mustHave: true,
    fix: 'set celeryBeat.replicas: 1 in the Helm values (never scale celery-beat or give it an HPA: each replica schedules every task again)',
  },
  'hpa-present': {
    title: 'an HPA scales each stateless Deployment, on CPU requests',
    mustHave: true,
    fix: 'set autoscaling.enabled: true with minReplicas < maxReplicas and targetCPUUtilizationPercentage for the Deployment, and resources.requests.cpu on its containers (without it the HPA cannot compute utilisation)',
  },
  'requests-limits': {
    title: 'every container has CPU and memory requests and a memory limit',
    mustHave: false,
    fix: 'set resources.requests.cpu, resources.requests.memory and resources.limits.memory for the container in the Helm values',
  },
  'ws-affinity': {
    title: "the chatbot's Ingress has cookie affinity",
    mustHave: true,
    fix: 'annotate the chatbot Ingress nginx.ingress.kubernetes.io/affinity: "cookie", nginx.ingress.kubernetes.io/affinity-mode: "persistent", nginx.ingress.kubernetes.io/session-cookie-name: "aurora-ws-affinity" (AWS ALB: alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true)',
  },
  'db-connection-budget': {
    title: "the database connections at max replicas fit postgres' max_connections",
    mustHave: false,
    fix: "put PgBouncer in front of postgres, or raise postgres' max_connections (-c max_connections=<n>) above the budget, or lower the HPAs' maxReplicas",
  },
  'redis-maxmemory': {
    title: 'Redis has maxmemory and an eviction policy',
    mustHave: false,
    fix: 'run redis-server with --maxmemory <size> --maxmemory-policy allkeys-lru (or set them in redis.conf)',
  },
  pdb: {
    title: 'a PodDisruptionBudget covers each scaled Deployment',
    mustHave: false,
    fix: "add a PodDisruptionBudget (podDisruptionBudget.enabled: true, minAvailable: 1) selecting the Deployment's pods",
  },
  spread: {
    title: 'scaled Deployments spread their pods',
    mustHave: false,
    fix: "set topologySpreadConstraints (topologyKey: topology.kubernetes.io/zone or kubernetes.io/hostname) or a podAntiAffinity on the Deployment's pod template",
  },
  capacity: {
    title: "the plan's peak fits under the HPA maximums",
    mustHave: false,
    fix: "raise aurora-server's autoscaling.maxReplicas, or lower the plan's peak (--scale or load.rates); set preflight.podCapacityRps to what one pod serves",
  },
  monitoring: {
    title: 'metrics-server (and Prometheus, when configured) answers',
    mustHave: false,
    fix: 'install metrics-server (the HPAs read CPU from metrics.k8s.io); check preflight.prometheusUrl',
  },
};
