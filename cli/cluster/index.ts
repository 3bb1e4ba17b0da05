// Cluster metrics of a run (Prometheus or the Kubernetes API) and the local Prometheus process.
export { startClusterRun, PROMETHEUS_LOG } from './cluster-run.ts';
export type { ClusterRun, ClusterRunOptions } from './cluster-run.ts';
export { ClusterSchema, PrometheusSchema, clusterGatesFor } from './env-schema.ts';
export type { ClusterFile, PrometheusFile } from './env-schema.ts';
export { resolvePrometheus, PROMETHEUS_INSTALL_HINT } from './prometheus/binary.ts';
export { startPrometheus } from './prometheus/process.ts';
export { queryInstant, queryRange } from './prometheus/query.ts';
export type { PromClient, MatrixSeries, VectorSample } from './prometheus/query.ts';
export type {
  ClusterGateSpec,
  ClusterMetrics,
  ClusterSeries,
  DeploymentHealth,
  ClusterPanel,
  SeriesPoint,
} from './types.ts';
export { prometheusHeaders, prometheusSecrets } from './prometheus/auth.ts';
export { DASHBOARD_UID, grafanaRunLink, k6RemoteWrite, runRemoteWrite } from './k6-output.ts';
export type { K6Output } from './k6-output.ts';
