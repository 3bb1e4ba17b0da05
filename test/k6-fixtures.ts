// Where the real k6 outputs live: test/fixtures/k6 in this repository (recorded by unmodified k6
// v1.3.0 and v2.2.0 binaries; test/fixtures/k6/README.md says which command wrote each file).
// K6_FIXTURES_DIR points the tests at another recording of the same layout.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IN_REPO = fileURLToPath(new URL('./fixtures/k6', import.meta.url));

export const K6_FIXTURES_DIR = resolve(process.env.K6_FIXTURES_DIR ?? IN_REPO);

if (!existsSync(K6_FIXTURES_DIR)) {
  throw new Error(
    `k6 fixtures not found at ${K6_FIXTURES_DIR} (K6_FIXTURES_DIR): it must hold a recording laid out as test/fixtures/k6`,
  );
}
