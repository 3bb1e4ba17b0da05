/**
 * What `crash=` may name, checkable before the simulator runs: an alias (`server`, `chatbot`,
 * `celery`, `celery-worker`: the first ready pod of that Deployment) or the shape of one of its pod
 * names (`<deployment>-<10 safe chars>-<5 safe chars>`). Whether such a pod exists is only known
 * when the crash fires. Pure.
 */
import { AURORA_DEPLOYMENT_NAMES } from '../cluster/names.ts';

export const CRASH_ALIASES: readonly string[] = ['server', 'chatbot', 'celery', 'celery-worker'];

/** Kubernetes' "safe" alphabet (pod-names.ts): no vowels, no 0/1/3. */
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_NAME = new RegExp(`^(${AURORA_DEPLOYMENT_NAMES.join('|')})-${SAFE}{10}-${SAFE}{5}$`);

/** Undefined when `target` can name a pod; else what is wrong and the valid values. */
export function crashTargetProblem(target: string): string | undefined {
  if (CRASH_ALIASES.includes(target) || POD_NAME.test(target)) return undefined;
  return (
    `crash=${target}: not a pod; use ${CRASH_ALIASES.join(', ')} ` +
    `or a pod name <deployment>-<hash>-<suffix> of ${AURORA_DEPLOYMENT_NAMES.join(', ')} (kubectl get pods)`
  );
}
