// Whether a run is distributed, and how: the env file's `distributed:` section and `--runners N`
// (which overrides its parallelism) resolved into the plan's `distributed` part, or the problems
// that refuse it, each with its env-file path and fix. `--runners 1`, or neither, keeps today's
// local k6. Against the local simulator `--runners N` needs no section: the simulator plays the
// operator, and the default pinned runner image is still written into the TestRun. Pure.
import { MAX_LOCAL_RUNNERS } from '../../../sim/k8s-api/operator/initializer.ts';
import { DistributedSchema, type DistributedFile, type RunnerSpec } from './schema.ts';

export interface DistributedPlan {
  engine: 'k6-operator';
  runners: number;
  /** Where the count came from. */
  runnersFrom: '--runners' | 'distributed.parallelism';
  /** The TestRun's namespace (the simulator's own namespace for --env local). */
  namespace: string;
  runner: RunnerSpec;
  separate: boolean;
  cleanup: 'post' | 'keep';
  startTimeoutSeconds: number;
}

/** A problem in the env-file loader's shape (cli/plan/env-file/issues.ts). */
export interface DistributedProblem {
  path: string;
  message: string;
  hint?: string;
}

export interface DistributedInput {
  section?: DistributedFile;
  /** --runners N */
  runnersFlag?: number;
  /** The run targets the local simulator the CLI starts. */
  simulator: boolean;
  kubernetes?: { namespace: string };
  prometheus?: { queryUrl?: string; remoteWriteUrl?: string };
}

export function resolveDistributed(i: DistributedInput): { plan?: DistributedPlan; errors: DistributedProblem[] } {
  const runners = i.runnersFlag ?? i.section?.parallelism;
  if (runners === undefined || i.runnersFlag === 1) return { errors: [] };
  const errors: DistributedProblem[] = [];
  if (!i.section && !i.simulator) {
    errors.push({
      path: '--runners',
      message: `${runners} runners need a \`distributed:\` section in this env file (k6-operator, namespace, runner image)`,
      hint: 'add `distributed: { engine: k6-operator, parallelism: 4, runner: { image: grafana/k6:<1.6 or newer> } }`, or drop --runners for a local k6',
    });
  }
  if (i.simulator && runners > MAX_LOCAL_RUNNERS) {
    errors.push({
      path: i.runnersFlag === undefined ? 'distributed.parallelism' : '--runners',
      message: `${runners} runners: the simulator runs at most ${MAX_LOCAL_RUNNERS}, all on this machine`,
      hint: `use --runners 2 to ${MAX_LOCAL_RUNNERS} against the simulator; more runners need a cluster with the k6-operator`,
    });
  }
  if (!i.simulator) {
    if (!i.kubernetes)
      errors.push({
        path: 'kubernetes',
        message:
          'a distributed run creates its TestRun through the Kubernetes API: the env file has no `kubernetes:` section',
        hint: 'add kubernetes.context (and kubeconfig) of the cluster that runs the k6-operator',
      });
    if (!i.prometheus?.queryUrl)
      errors.push({
        path: 'prometheus.queryUrl',
        message: 'a distributed run judges its thresholds over all runners from Prometheus, and none is set',
        hint: 'set prometheus.queryUrl to the Prometheus (or Thanos/Mimir) the runners remote-write to',
      });
    if (!i.prometheus?.remoteWriteUrl)
      errors.push({
        path: 'prometheus.remoteWriteUrl',
        message: 'the runners write their results to Prometheus (-o experimental-prometheus-rw), and no URL is set',
        hint: 'set prometheus.remoteWriteUrl, e.g. https://prometheus.example.com/api/v1/write (the receiver must be on: --web.enable-remote-write-receiver)',
      });
  }
  if (errors.length) return { errors };
  const section = i.section ?? DistributedSchema.parse({});
  return {
    errors: [],
    plan: {
      engine: 'k6-operator',
      runners,
      runnersFrom: i.runnersFlag === undefined ? 'distributed.parallelism' : '--runners',
      namespace: section.namespace ?? i.kubernetes?.namespace ?? 'aurora',
      runner: section.runner,
      separate: section.separate,
      cleanup: section.cleanup,
      startTimeoutSeconds: section.startTimeoutSeconds,
    },
  };
}
