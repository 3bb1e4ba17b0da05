// The names of Aurora's Kubernetes objects, written once: the Helm release `aurora-oss` in the
// namespace `aurora` (deploy/helm/aurora). No imports, so any part of the repository may use them.

export const RELEASE = 'aurora-oss';

/** The namespace the chart is installed into. */
export const AURORA_NAMESPACE = 'aurora';

export const AURORA_DEPLOYMENTS = {
  server: `${RELEASE}-server`,
  celeryWorker: `${RELEASE}-celery-worker`,
  chatbot: `${RELEASE}-chatbot`,
} as const;

/** The chart's HPAs; each scales the Deployment of the same name (the chatbot has none). */
export const AURORA_HPAS = {
  server: AURORA_DEPLOYMENTS.server,
  celeryWorker: AURORA_DEPLOYMENTS.celeryWorker,
} as const;

/** Every HPA, e.g. the ones a load run watches by default. */
export const AURORA_HPA_NAMES: readonly string[] = Object.values(AURORA_HPAS);
/** Every Deployment, e.g. the ones a load run watches by default. */
export const AURORA_DEPLOYMENT_NAMES: readonly string[] = Object.values(AURORA_DEPLOYMENTS);
