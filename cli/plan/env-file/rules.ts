// Cross-field rules of an env file, run after the schema has parsed it. Pure: a parsed file in,
// problems out (errors refuse the run, warnings are printed).
import { parseMetricKey, parseThresholdExpression } from '../../../lib/core/threshold-grammar.ts';
import type { EnvFile } from './schema.ts';
import { dotPath, type Problem } from './issues.ts';

export interface RuleResult {
  errors: Problem[];
  warnings: Problem[];
}

function checkThresholdMap(map: Record<string, string[]>, at: (string | number)[], errors: Problem[]): void {
  for (const [key, exprs] of Object.entries(map)) {
    const k = parseMetricKey(key);
    if (!k.ok)
      errors.push({
        path: dotPath([...at, key]),
        message: k.error,
        hint: 'write metric{tag:value}, e.g. http_req_duration{service:aurora-server}',
      });
    exprs.forEach((expr, i) => {
      const e = parseThresholdExpression(expr);
      if (!e.ok) errors.push({ path: dotPath([...at, key, i]), message: e.error });
    });
  }
}

export function checkRules(file: EnvFile): RuleResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];

  if (!file.target && !file.sim) {
    errors.push({
      path: 'target',
      message: 'no target',
      hint: 'add target.apiUrl and target.wsUrl, or a `sim:` section to run against the local simulator',
    });
  }
  if (file.target && file.sim) {
    warnings.push({
      path: 'target',
      message: 'ignored: this env has a `sim:` section, so the run targets the simulator it starts',
    });
  }

  checkThresholdMap(file.thresholds.all, ['thresholds', 'all'], errors);
  for (const [profile, map] of Object.entries(file.thresholds.perProfile)) {
    if (map) checkThresholdMap(map, ['thresholds', 'perProfile', profile], errors);
  }

  const watched = new Set(file.kubernetes?.hpas ?? (file.sim ? ['aurora-oss-server', 'aurora-oss-celery-worker'] : []));
  for (const [profile, list] of Object.entries(file.hpa.expectations)) {
    (list ?? []).forEach((exp, i) => {
      if (!file.kubernetes && !file.sim) {
        errors.push({
          path: dotPath(['hpa', 'expectations', profile, i]),
          message: 'an HPA expectation needs the Kubernetes watcher',
          hint: 'add a `kubernetes:` section (kubeconfig/context, namespace, hpas), or remove the expectation',
        });
      } else if (!watched.has(exp.hpa)) {
        errors.push({
          path: dotPath(['hpa', 'expectations', profile, i, 'hpa']),
          message: `"${exp.hpa}" is not watched`,
          hint: `add it to kubernetes.hpas (watched: ${[...watched].join(', ') || 'none'})`,
        });
      }
      if (exp.scaleDownWithinSeconds !== undefined && exp.scaleDownWithinSeconds < 300) {
        warnings.push({
          path: dotPath(['hpa', 'expectations', profile, i, 'scaleDownWithinSeconds']),
          message: `${exp.scaleDownWithinSeconds}s is inside the HPA's default 300 s scale-down stabilisation window; expect it to fail on a real cluster`,
        });
      }
    });
  }

  if (file.sim && file.kubernetes?.kubeconfig) {
    warnings.push({ path: 'kubernetes.kubeconfig', message: 'ignored: the simulator writes its own kubeconfig' });
  }
  return { errors, warnings };
}
