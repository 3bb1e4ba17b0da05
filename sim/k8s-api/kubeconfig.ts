// A kubeconfig for the simulator's API server, accepted by kubectl and by
// @kubernetes/client-node's KubeConfig.loadFromFile. It holds a bearer token, so it is written 0600.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

export const KUBECONFIG_NAME = 'aurora-sim';

export interface KubeconfigOptions {
  /** e.g. http://127.0.0.1:6443 */
  server: string;
  token: string;
  namespace: string;
  /** PEM of the CA (or self-signed certificate) an https server presents; embedded as certificate-authority-data. */
  caPem?: string;
  /** More users of the same cluster, each in a context named `aurora-sim-<name>` (e.g. an RBAC-limited one). */
  extraUsers?: readonly { name: string; token: string }[];
}

/** The context of an extra user, e.g. aurora-sim-hpa-reader. */
export const contextFor = (user: string): string => `${KUBECONFIG_NAME}-${user}`;

export function kubeconfigYaml(opts: KubeconfigOptions): string {
  const cluster: Record<string, unknown> = { server: opts.server };
  // client-node refuses plain-http servers unless TLS verification is explicitly skipped
  // ("HTTP protocol is not allowed when skipTLSVerify is not set or false").
  if (opts.server.startsWith('http:')) cluster['insecure-skip-tls-verify'] = true;
  else if (opts.caPem) cluster['certificate-authority-data'] = Buffer.from(opts.caPem).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_NAME, cluster }],
    users: [
      { name: KUBECONFIG_NAME, user: { token: opts.token } },
      ...(opts.extraUsers ?? []).map((u) => ({ name: contextFor(u.name), user: { token: u.token } })),
    ],
    contexts: [
      {
        name: KUBECONFIG_NAME,
        context: { cluster: KUBECONFIG_NAME, user: KUBECONFIG_NAME, namespace: opts.namespace },
      },
      ...(opts.extraUsers ?? []).map((u) => ({
        name: contextFor(u.name),
        context: { cluster: KUBECONFIG_NAME, user: contextFor(u.name), namespace: opts.namespace },
      })),
    ],
    'current-context': KUBECONFIG_NAME,
    preferences: {},
  });
}

export function writeKubeconfig(path: string, opts: KubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigYaml(opts), { mode: 0o600 });
  // `mode` applies only when the file is created; an existing file is tightened too.
  chmodSync(path, 0o600);
}
