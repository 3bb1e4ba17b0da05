// The preflight of the run's own plumbing, before any load: the Kubernetes watcher's access
// (cli/k8s/access-check.ts) and the target's acceptance of the secret (target-check.ts), checked
// together. A remote run checks them before k6 starts, --dry-run runs the same checks, and
// --env local checks them once the simulator is up. Any problem stops the run with exit 2.
import type { RunPlan } from '../plan.ts';
import { checkKubeAccess, type KubeScope, type KubeTarget, type PlumbingProblem } from '../../k8s/index.ts';
import { probeTargetSecret, type TargetVerdict } from './target-check.ts';

export type { PlumbingProblem } from '../../k8s/index.ts';

export interface PlumbingInput {
  apiUrl: string;
  /** The secret's variable name, for messages. */
  secretEnvVar: string;
  /** Undefined when it is not set (a dry run): the target is then asked nothing. */
  secret?: string;
  /** Undefined when the run has no `kubernetes:` section. */
  kube?: KubeTarget & KubeScope;
  env: Record<string, string | undefined>;
}

export interface PlumbingReport {
  problems: PlumbingProblem[];
  /** What was checked and passed, or not checked, for the terminal. */
  notes: string[];
  /** The target did not answer at all: the run's own reachability gate reports that (exit 3). */
  unreachable?: string;
}

export interface PlumbingDeps {
  kube: typeof checkKubeAccess;
  target: (apiUrl: string, secret: string, envVar: string) => Promise<TargetVerdict>;
}

const IO: PlumbingDeps = { kube: checkKubeAccess, target: probeTargetSecret };

/** The watcher's access as the env file names it (kubeconfig, context, namespace, objects). */
export function kubeOfPlan(plan: RunPlan): PlumbingInput['kube'] {
  const k = plan.kubernetes;
  if (!k) return undefined;
  return {
    kubeconfig: k.kubeconfig,
    context: k.context,
    origin: `kubernetes.kubeconfig in ${plan.envFile}`,
    namespace: k.namespace,
    hpas: k.hpas,
    deployments: k.deployments,
  };
}

export async function checkPlumbing(input: PlumbingInput, deps: PlumbingDeps = IO): Promise<PlumbingReport> {
  const notes: string[] = [];
  const [kube, target] = await Promise.all([
    input.kube ? deps.kube(input.kube, input.kube, input.env) : undefined,
    input.secret === undefined ? undefined : deps.target(input.apiUrl, input.secret, input.secretEnvVar),
  ]);
  const problems = [...(kube?.problems ?? [])];
  if (!input.kube) notes.push('Kubernetes: no `kubernetes:` section, nothing to watch');
  else if (kube && !kube.problems.length && kube.checked) {
    const k = input.kube;
    notes.push(
      `Kubernetes: ${kube.checked.server} (context ${kube.checked.context}) lists and may watch ` +
        `${k.hpas.length} HPA(s) and ${k.deployments.length} Deployment(s) in ${k.namespace}`,
    );
  }
  let unreachable: string | undefined;
  if (!target) notes.push(`target: ${input.secretEnvVar} is not set, so the secret was not checked`);
  else if (target.kind === 'accepted')
    notes.push(`target: ${input.apiUrl} accepted the secret in ${input.secretEnvVar}`);
  else if (target.kind === 'problem') problems.push(target.problem);
  else if (target.kind === 'unclear') notes.push(`target: ${target.note}`);
  else unreachable = `target unreachable: ${target.reason}`;
  return { problems, notes, unreachable };
}

/** The lines a failed preflight prints: each problem with its fix. */
export function formatPlumbingProblems(problems: PlumbingProblem[], when: string): string[] {
  return [`preflight failed ${when} (exit 2):`, ...problems.flatMap((p) => [`  - ${p.message}`, `    fix: ${p.fix}`])];
}

/** --dry-run's "Preflight" section: what passed, what was not checked, and each problem with its fix. */
export function formatPreflightSection(report: PlumbingReport | 'after-simulator-start'): string {
  const out = ['', 'Preflight (the run’s own plumbing)'];
  if (report === 'after-simulator-start') {
    out.push('  the simulator’s kubeconfig, API and secret are checked once it is up (a dry run starts nothing)');
  } else {
    for (const n of report.notes) out.push(`  ok   ${n}`);
    // Not a preflight failure, as in a run (its reachability gate ends it with exit 3): a plan can be linted offline.
    if (report.unreachable) out.push(`  warn ${report.unreachable} (a run would stop there with exit 3)`);
    for (const p of report.problems) out.push(`  FAIL ${p.message}`, `       fix: ${p.fix}`);
  }
  return `${out.join('\n')}\n`;
}
