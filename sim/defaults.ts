/**
 * The simulator's published defaults, each written once: the local secret, its ports. No imports,
 * so the CLI and the env files' loader may use them too. SimOptions (options.ts) applies them.
 */

/** The documented local default for INTERNAL_API_SECRET when the environment has none. */
export const LOCAL_DEFAULT_SECRET = 'aurora-sim-local-secret';

/** The ingress port (REST and WebSocket): aurora-server's own port. */
export const DEFAULT_PORT = 5080;

/** The Kubernetes API port. */
export const DEFAULT_K8S_PORT = 16443;

/** The exporters' port (`GET /metrics`). */
export const DEFAULT_METRICS_PORT = 9464;
