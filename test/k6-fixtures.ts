// Where the real k6 outputs live: test/fixtures/k6 in this repository (recorded by unmodified k6
// v1.3.0 and v2.2.0 binaries; test/fixtures/k6/README.md says which command wrote each file).
import { fileURLToPath } from 'node:url';

export const K6_FIXTURES = fileURLToPath(new URL('./fixtures/k6', import.meta.url));
