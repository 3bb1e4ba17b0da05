// The Kubernetes names of a distributed run, from its run id: the TestRun, its ConfigMap (the
// script) and its Secret (the runners' secret environment). DNS-1123: lowercase letters, digits and
// '-', starting and ending with an alphanumeric. The operator names its Jobs `<testrun>-initializer`,
// `<testrun>-starter` and `<testrun>-<i>` (Job names, and the `job-name` label on their pods, must
// fit in 63 characters), so the TestRun's name stays within 48. Pure.
import { createHash } from 'node:crypto';

export const MAX_TESTRUN_NAME = 48;

export interface RunObjectNames {
  testRun: string;
  configMap: string;
  secret: string;
}

/** "2026-11-29T03-03-23Z-local-rest-load" -> "aurora-load-2026-11-29t03-03-23z-local-rest-load" (shortened with a hash when long). */
export function testRunName(runId: string): string {
  const cleaned = `aurora-load-${runId}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned.length <= MAX_TESTRUN_NAME) return cleaned;
  const hash = createHash('sha256').update(runId).digest('hex').slice(0, 6);
  return `${cleaned.slice(0, MAX_TESTRUN_NAME - 7).replace(/-+$/, '')}-${hash}`;
}

export function runObjectNames(runId: string): RunObjectNames {
  const testRun = testRunName(runId);
  return { testRun, configMap: `${testRun}-script`, secret: `${testRun}-env` };
}

/** A DNS-1123 label (what a runner pod's and Job's names must be). */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
