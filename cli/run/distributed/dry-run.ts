// `--dry-run` of a distributed run: the Secret, ConfigMap and TestRun it would create, as YAML a user
// can `kubectl apply` (script abbreviated to its size, secret values redacted). Builds the bundle to
// know its size; creates nothing. For --env local the simulator's URLs and its Prometheus are not
// known before it starts: placeholders stand for them.
import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { stop as stopEsbuild } from 'esbuild';
import { buildScenarios } from '../../../build.mjs';
import { runRemoteWrite } from '../../cluster/index.ts';
import { ownedTempDir } from '../../processes/index.ts';
import { buildSubmission, runnerEnv, submissionYaml } from '../../distributed/index.ts';
import { withTarget, type RunPlan } from '../../plan/index.ts';

const LOCAL_PLACEHOLDER = {
  apiUrl: 'http://127.0.0.1:<simulator port>',
  wsUrl: 'ws://127.0.0.1:<simulator port>',
  prometheusUrl: 'http://127.0.0.1:<local prometheus port>',
};

export async function distributedDryRun(
  plan: RunPlan,
  runId: string,
  env: Record<string, string | undefined>,
): Promise<string> {
  if (!plan.distributed) return '';
  const dir = ownedTempDir('aurora-load-dry-');
  try {
    const [bundle] = await buildScenarios({ names: [plan.scenario], outdir: dir });
    await stopEsbuild();
    const urls = plan.target.kind === 'remote' ? plan.target : LOCAL_PLACEHOLDER;
    const rw = runRemoteWrite({
      prometheus: plan.sim ? undefined : plan.prometheus,
      localPrometheusUrl: plan.sim ? LOCAL_PLACEHOLDER.prometheusUrl : undefined,
      runId,
      env,
      keepTags: { profile: plan.runConfig.profile, env: plan.runConfig.env },
    }) ?? { args: [], env: {} };
    const secret = env[plan.secret.envVar] || '<unset>';
    const bypass = plan.rateLimitBypass ? env[plan.rateLimitBypass.envVar] || '<unset>' : undefined;
    const submission = buildSubmission({
      runId,
      namespace: plan.distributed.namespace,
      runners: plan.distributed.runners,
      runner: plan.distributed.runner,
      separate: plan.distributed.separate,
      script: { file: basename(bundle.path), content: readFileSync(bundle.path, 'utf8') },
      ...runnerEnv({
        runConfig: { ...withTarget(plan.runConfig, urls), runId },
        secret,
        rateLimitBypass: bypass,
        remoteWrite: rw,
      }),
    });
    return [
      '',
      `Distributed on k6-operator: ${plan.distributed.runners} runners (${plan.distributed.runnersFrom}), namespace ${plan.distributed.namespace}, cleanup ${plan.distributed.cleanup}`,
      `# kubectl apply -f - <<'EOF'   (secret values redacted; the ConfigMap's script abbreviated)`,
      submissionYaml(submission),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
