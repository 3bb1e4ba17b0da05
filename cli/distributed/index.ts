// Distributed runs on grafana/k6-operator: the env file's `distributed:` section and --runners (env/),
// the ConfigMap, Secret and TestRun a run creates and their --dry-run YAML (submit/), following the
// TestRun and its runner pods (follow/), the runners' part of the verdict (results/) and the run's
// analysis read from Prometheus (analysis/).
export * from './env/schema.ts';
export * from './env/runner-image.ts';
export * from './env/plan.ts';
export * from './submit/names.ts';
export * from './submit/manifests.ts';
export * from './submit/runner-env.ts';
export * from './submit/dry-run-yaml.ts';
export * from './submit/kube-objects.ts';
export * from './follow/runner-pods.ts';
export * from './follow/follow-state.ts';
export * from './follow/follow.ts';
export * from './results/runner-outcome.ts';
export * from './results/runner-rates.ts';
export * from './results/stage-starts.ts';
export * from './results/metric-kinds.ts';
export * from './analysis/index.ts';
