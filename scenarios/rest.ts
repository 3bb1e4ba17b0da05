// rest: aurora-server's REST API as the UI uses it, a weighted mix (env file `restWeights`), one call
// per iteration on an open-model (arrival-rate) executor shaped by the profile.
import { restAction } from '../lib/k6/flows/rest.ts';
import { weightTable } from '../lib/core/rest-mix.ts';
import { beginIteration, build, config, setupRun, target, vuUser, type SetupData } from '../lib/k6/run.ts';

export { handleSummary } from '../lib/k6/run.ts';

const built = build(['rest']);
const table = weightTable(config.restWeights);

export const options = built.options;

export function setup(): SetupData {
  return setupRun(built, ['rest']);
}

export function rest(data: SetupData): void {
  beginIteration(built);
  restAction(target, vuUser(data.users), table, config.contractSampleRate);
}
