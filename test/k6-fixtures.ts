// Where the real k6 outputs live: ../shared/fixtures/k6 beside the project (as on developer
// machines and in CI), or K6_FIXTURES_DIR. Missing fixtures fail the tests that need them, loudly.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const K6_FIXTURES_DIR = resolve(process.env.K6_FIXTURES_DIR ?? resolve(PROJECT_ROOT, '../shared/fixtures/k6'));

if (!existsSync(K6_FIXTURES_DIR)) {
  throw new Error(`k6 fixtures not found at ${K6_FIXTURES_DIR}: put shared/ beside the project or set K6_FIXTURES_DIR`);
}
