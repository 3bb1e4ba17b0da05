// Samples response contracts at `contractSampleRate`: a sampled body is checked against its guard
// (lib/core/aurora/contracts.ts); the result goes into aurora_contract_violations, and each kind of violation is
// logged once per VU so a broken contract is visible without flooding the log.
import { violation, type ContractName } from '../../core/aurora/contracts.ts';
import { contractViolations } from '../metrics.ts';
import { logWarn } from '../log.ts';

const logged = new Set<string>();

/**
 * Checks `body` against contract `name` on a sample of calls; returns the problem when one was found.
 * `body` may be a function that parses it: then only sampled calls pay for the parse.
 */
export function sampleContract(
  name: ContractName,
  body: unknown,
  sampleRate: number,
  routeName: string,
): string | null {
  if (sampleRate <= 0 || Math.random() >= sampleRate) return null;
  const problem = violation(name, typeof body === 'function' ? body() : body);
  contractViolations.add(problem !== null, { name: routeName, contract: name });
  if (problem !== null) {
    const kind = `${name}: ${problem.replace(/\[\d+\]/g, '[]')}`;
    if (!logged.has(kind)) {
      logged.add(kind);
      logWarn(`contract violation (${routeName}) ${kind}`);
    }
  }
  return problem;
}
