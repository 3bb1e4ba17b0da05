// Kubernetes during a run: the watcher of HPAs and Deployments (I/O) and the timeline it keeps
// (pure); before a run, the kubeconfig and the access the watcher needs (the preflight).
export * from './watcher.ts';
export * from './timeline.ts';
export * from './kubeconfig.ts';
export * from './access-check.ts';
export type { ApiAnswer, ApiRequest } from './api-request.ts';
