// The env file's `distributed:` section (added to EnvFileSchema): a run on grafana/k6-operator's
// TestRun instead of a local k6. Every field, its meaning and its default here, in the env-file
// schema's style: strict objects, so a misspelt key is an error naming its path.
import { z } from 'zod';
import { DEFAULT_RUNNER_IMAGE, runnerImageProblem } from './runner-image.ts';

const quantity = z.union([z.string().regex(/^[0-9.]+[a-zA-Z]*$/), z.number()]);

const ResourcesSchema = z
  .strictObject({
    requests: z.record(z.string(), quantity).optional().describe('e.g. { cpu: "1", memory: 1Gi }'),
    limits: z.record(z.string(), quantity).optional().describe('e.g. { memory: 2Gi }'),
  })
  .describe("Each runner pod's resources (Kubernetes ResourceRequirements)");

const TolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.int().optional(),
});

export const RunnerSchema = z
  .strictObject({
    image: z
      .string()
      .min(1)
      .default(DEFAULT_RUNNER_IMAGE)
      .superRefine((image, ctx) => {
        const problem = runnerImageProblem(image);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe(`The runners' k6 image, pinned to k6 1.6 or newer (default ${DEFAULT_RUNNER_IMAGE})`),
    resources: ResourcesSchema.optional(),
    nodeSelector: z.record(z.string(), z.string()).optional().describe('Nodes the runners may run on'),
    tolerations: z.array(TolerationSchema).optional().describe('Taints the runners tolerate'),
    serviceAccountName: z.string().min(1).optional().describe('Service account of the runner pods'),
  })
  .describe('The runner pods of the TestRun.');

export const DistributedSchema = z
  .strictObject({
    engine: z.literal('k6-operator').default('k6-operator').describe("The engine: grafana/k6-operator's TestRun"),
    parallelism: z.int().min(1).max(1000).default(2).describe('How many runners split the load (--runners overrides)'),
    namespace: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be a Kubernetes namespace name (DNS-1123 label)' })
      .optional()
      .describe('Namespace of the TestRun, its ConfigMap and Secret; default kubernetes.namespace'),
    runner: RunnerSchema.prefault({}),
    separate: z.boolean().default(false).describe('One runner per node (the TestRun spec.separate)'),
    cleanup: z
      .enum(['post', 'keep'])
      .default('post')
      .describe('post: the TestRun, ConfigMap and Secret are deleted when the run ends; keep: left for inspection'),
    startTimeoutSeconds: z
      .number()
      .positive()
      .default(300)
      .describe('How long the runners may take to start (image pull, scheduling) before the run gives up'),
  })
  .describe('Run the load on grafana/k6-operator (TestRun) with N runners; omit it, or --runners 1, for a local k6.');

export type DistributedFile = z.infer<typeof DistributedSchema>;
export type RunnerSpec = DistributedFile['runner'];
