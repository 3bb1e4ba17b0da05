// `npm run sim -- --k6-bin <path>`: the k6 the simulated k6-operator runs, checked at start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs } from '../../sim/cli-args.ts';
import { resolveOptions } from '../../sim/options.ts';
import { DOUBLE_K6 } from '../k6-double/pick-k6.ts';

test('--k6-bin names the runners k6; a path with no file stops the simulator before it starts', () => {
  const parsed = parseCliArgs(['--k6-bin', DOUBLE_K6, '--port', '0']);
  assert.ok(parsed.ok);
  assert.equal(parsed.options.k6Binary, DOUBLE_K6);
  assert.equal(resolveOptions(parsed.options, {}).k6Binary, DOUBLE_K6);
  assert.equal(resolveOptions({}, {}).k6Binary, undefined);
  assert.throws(() => resolveOptions({ k6Binary: '/nonexistent/k6' }, {}), /k6Binary: no file at \/nonexistent\/k6/);
  const missing = parseCliArgs(['--k6-bin']);
  assert.ok(!missing.ok);
  assert.match(missing.errors.join(), /--k6-bin needs a value/);
});
