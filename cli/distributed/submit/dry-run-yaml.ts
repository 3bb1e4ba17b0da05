// `--dry-run` of a distributed run: the objects it would create, as YAML a user can `kubectl apply`
// (the yaml package), with the script abbreviated to its size and every secret value redacted.
// Pure: nothing is created.
import { stringify } from 'yaml';
import type { KubeObject, Submission } from './manifests.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function abbreviatedConfigMap(cm: KubeObject): KubeObject {
  const data = cm.data as Record<string, string>;
  const short = Object.fromEntries(
    Object.entries(data).map(([file, text]) => [
      file,
      `<${file}: ${kib(Buffer.byteLength(text, 'utf8'))} bundle, not shown; kubectl create configmap ${cm.metadata.name} --from-file=dist/${file}>`,
    ]),
  );
  return { ...cm, data: short };
}

function redactedSecret(secret: KubeObject): KubeObject {
  const values = secret.stringData as Record<string, string>;
  return { ...secret, stringData: Object.fromEntries(Object.keys(values).map((k) => [k, '<redacted>'])) };
}

export function submissionYaml(s: Submission): string {
  const docs = [redactedSecret(s.secret), abbreviatedConfigMap(s.configMap), s.testRun];
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}
