// The scaling-readiness preflight: Aurora's Scaling checklist, read from the cluster before load.
// items.ts declares the checklist; checks/ holds one pure function per item over what read-cluster.ts
// (and prometheus.ts) read; evaluate.ts and format.ts turn the results into gates and text.
export { PREFLIGHT_ITEM_IDS, ITEMS, type PreflightItemId } from './items.ts';
export { evaluateChecklist, failingMustHaves, preflightGates } from './evaluate.ts';
export { formatChecklist, checklistLine } from './format.ts';
export { runPreflight, PREFLIGHT_PROFILES, type PreflightOutcome } from './run-preflight.ts';
export { readCluster, loadKubeConfig, type KubeAccess } from './read-cluster.ts';
export type { ClusterSnapshot, Readout, Workload, Hpa, Pdb, Ingress } from './snapshot.ts';
export { parsePreflightArgs, type PreflightArgs } from './args.ts';
