// Aurora's Helm chart (deploy/helm/aurora, release `aurora-oss`) with autoscaling enabled:
// values.yaml `autoscaling`, `resources`, and the behavior block of templates/hpa.yaml
// (docs/aurora-contract.md §4). Chatbot has no HPA and runs 2 replicas. The objects' names are in names.ts.
import { AURORA_DEPLOYMENTS, AURORA_HPAS, RELEASE } from './names.ts';
import type { DeploymentSpec, HpaSpec } from './types.ts';

function labels(component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': `aurora-${component}`,
    'app.kubernetes.io/instance': RELEASE,
  };
}

export function helmDefaults(): { deployments: DeploymentSpec[]; hpas: HpaSpec[] } {
  const deployments: DeploymentSpec[] = [
    {
      name: AURORA_DEPLOYMENTS.server,
      replicas: 2, // `replicas:` is omitted when the HPA is enabled; the HPA holds it at minReplicas
      cpuRequestMillicores: 200,
      memoryRequest: '512Mi',
      cpuLimitMillicores: 2000,
      memoryLimit: '2Gi',
      container: 'aurora-server',
      image: 'aurora-sim/aurora-server:sim',
      labels: labels('server'),
    },
    {
      name: AURORA_DEPLOYMENTS.celeryWorker,
      replicas: 2,
      cpuRequestMillicores: 100,
      memoryRequest: '1Gi',
      cpuLimitMillicores: 1000,
      memoryLimit: '4Gi',
      container: 'celery-worker',
      image: 'aurora-sim/aurora-server:sim',
      labels: labels('celery-worker'),
    },
    {
      name: AURORA_DEPLOYMENTS.chatbot,
      replicas: 2,
      cpuRequestMillicores: 100,
      memoryRequest: '256Mi',
      cpuLimitMillicores: 500,
      memoryLimit: '1Gi',
      container: 'chatbot',
      image: 'aurora-sim/aurora-server:sim',
      labels: labels('chatbot'),
    },
  ];
  const scaleDown = {
    stabilizationWindowSeconds: 300,
    policies: [{ type: 'Pods' as const, value: 1, periodSeconds: 120 }],
  };
  const hpas: HpaSpec[] = [
    {
      name: AURORA_HPAS.server,
      targetDeployment: AURORA_DEPLOYMENTS.server,
      minReplicas: 2,
      maxReplicas: 6,
      targetCpuUtilization: 70,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
        scaleDown,
      },
    },
    {
      name: AURORA_HPAS.celeryWorker,
      targetDeployment: AURORA_DEPLOYMENTS.celeryWorker,
      minReplicas: 2,
      maxReplicas: 6,
      targetCpuUtilization: 70,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        scaleDown: { ...scaleDown, policies: [...scaleDown.policies] },
      },
    },
  ];
  return { deployments, hpas };
}
