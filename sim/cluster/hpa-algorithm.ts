// The HorizontalPodAutoscaler algorithm, as pure functions.
//
// A TypeScript reading of kube-controller-manager's pkg/controller/podautoscaler
// (horizontal.go and replica_calculator.go, Kubernetes 1.27+ where the rate limits count both
// scale-up and scale-down events, and stabilization keeps both an upper and a lower bound).
// Function names follow the Go ones so a reader can put them side by side. Times are simulated
// milliseconds; windows and periods stay in seconds as in the API.
//
// Left out on purpose (the simulator never needs them): object/pods/external metrics,
// configurable per-direction tolerances (alpha in 1.33), container resource metrics,
// and the cpuInitializationPeriod rule that ignores a just-started pod's first samples
// (the simulator's pods have no metric until one scrape after they turn Ready, see cpu-meter.ts).
//
// One file per part, in the order the controller applies them:
//   hpa-behavior.ts     spec.behavior, its defaults and the controller's flags' defaults
//   hpa-replicas.ts     desired replicas from the pods' CPU (calcResourceReplicas)
//   hpa-rate-limits.ts  stabilization windows and policy rate limits (behavior set)
//   hpa-legacy.ts       the same when behavior is unset
// This file is their one entry point; hpa-controller.ts runs one sync with them.
export * from './hpa-behavior.ts';
export * from './hpa-legacy.ts';
export * from './hpa-rate-limits.ts';
export * from './hpa-replicas.ts';
