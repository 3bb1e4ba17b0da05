// The preflight of the run's own plumbing (kubeconfig, Kubernetes access, the target's secret).
export * from './preflight.ts';
export * from './target-check.ts';
