// A runner's environment as the kubelet builds a container's: `envFrom` (Secrets and ConfigMaps,
// with an optional prefix, in order), then `env` (values, and valueFrom secretKeyRef /
// configMapKeyRef), later entries winning. A missing source that is not optional is the kubelet's
// CreateContainerConfigError ('secret "x" not found'). Error messages name keys and objects, never
// values. Pure: the objects are looked up through `lookup`.

export interface EnvSourceRef {
  name?: string;
  optional?: boolean;
}

export interface KeyRef extends EnvSourceRef {
  key?: string;
}

export interface RunnerEnvSpec {
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef } }[];
  envFrom?: { prefix?: string; secretRef?: EnvSourceRef; configMapRef?: EnvSourceRef }[];
}

export interface EnvLookup {
  /** The decoded data of a Secret, or undefined if there is none. */
  secret(name: string): Record<string, string> | undefined;
  configMap(name: string): Record<string, string> | undefined;
}

export type RunnerEnv = { ok: true; env: Record<string, string> } | { ok: false; reason: string; message: string };

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function runnerEnv(spec: RunnerEnvSpec, lookup: EnvLookup): RunnerEnv {
  const env: Record<string, string> = {};
  const fail = (message: string): RunnerEnv => ({ ok: false, reason: 'CreateContainerConfigError', message });
  for (const from of spec.envFrom ?? []) {
    const ref = from.secretRef ?? from.configMapRef;
    const kind = from.secretRef ? 'secret' : 'configmap';
    if (!ref?.name) continue;
    const data = kind === 'secret' ? lookup.secret(ref.name) : lookup.configMap(ref.name);
    if (!data) {
      if (ref.optional) continue;
      return fail(`${kind} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(data)) {
      const name = `${from.prefix ?? ''}${key}`;
      if (ENV_NAME.test(name)) env[name] = value;
    }
  }
  for (const e of spec.env ?? []) {
    if (e.value !== undefined || !e.valueFrom) {
      env[e.name] = e.value ?? '';
      continue;
    }
    const ref = e.valueFrom.secretKeyRef ?? e.valueFrom.configMapKeyRef;
    const kind = e.valueFrom.secretKeyRef ? 'secret' : 'configmap';
    if (!ref?.name || !ref.key) continue;
    const data = kind === 'secret' ? lookup.secret(ref.name) : lookup.configMap(ref.name);
    if (!data) {
      if (ref.optional) continue;
      return fail(`${kind} "${ref.name}" not found`);
    }
    if (!(ref.key in data)) {
      if (ref.optional) continue;
      return fail(`couldn't find key ${ref.key} in ${kind === 'secret' ? 'Secret' : 'ConfigMap'} ${ref.name}`);
    }
    env[e.name] = data[ref.key]!;
  }
  return { ok: true, env };
}
