// Kubernetes during a run: the watcher of HPAs and Deployments (I/O) and the timeline it keeps (pure).
export * from './watcher.ts';
export * from './timeline.ts';
