import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { FAULT_HELP } from '../../sim/faults/help.ts';
import { emptyFaults, faultsToSpecs, parseFaults } from '../../sim/faults/parse.ts';
import { FAULTS } from '../../sim/faults/registry.ts';
import { parseCliArgs } from '../../sim/cli-args.ts';

describe('fault specs parse into one config, with errors that name the spec and the fix', () => {
  test('every fault kind parses', () => {
    const r = parseFaults([
      'hpa-frozen',
      'sticky-off',
      'workers-stalled',
      'latency=GET /api/incidents:300',
      'error-rate=0.05',
      'leak=50',
      'chatbot-drop=0.1',
      'db-pool=4',
      'cost-spike=3',
      'crash=server',
      'oom=server',
      'redis-memory=50',
      'beat-replicas=3',
      'no-affinity',
      'no-requests=chatbot',
      'no-requests=aurora-oss-server',
      'no-pdb',
      'db-max-connections=20',
    ]);
    assert.ok(r.ok);
    assert.deepEqual(r.config, {
      hpaFrozen: true,
      stickyOff: true,
      workersStalled: true,
      latency: { 'GET /api/incidents': 300 },
      errorRate: 0.05,
      leakMsPer1000: 50,
      chatbotDrop: 0.1,
      dbPool: 4,
      oom: ['aurora-oss-server'],
      redisMiBPerMin: 50,
      beatReplicas: 3,
      noAffinity: true,
      noRequests: ['aurora-oss-chatbot', 'aurora-oss-server'],
      noPdb: true,
      dbMaxConnections: 20,
      costSpike: 3,
    });
    assert.deepEqual(r.actions, [{ kind: 'crash', target: 'server' }]);
  });

  test("no-requests names one of Aurora's Deployments, by full or short name", () => {
    const r = parseFaults(['no-requests=celery-worker']);
    assert.ok(r.ok);
    assert.deepEqual(r.config.noRequests, ['aurora-oss-celery-worker']);
    const bad = parseFaults(['no-requests=frontend']);
    assert.ok(!bad.ok);
    assert.match(
      bad.errors[0]!,
      /no-requests needs one of aurora-oss-server, aurora-oss-celery-worker, aurora-oss-chatbot/,
    );
  });

  test('specs round-trip through faultsToSpecs', () => {
    const r = parseFaults(['latency=GET /api/incidents/{id}:20', 'error-rate=0.5', 'hpa-frozen']);
    assert.ok(r.ok);
    const again = parseFaults(faultsToSpecs(r.config));
    assert.ok(again.ok);
    assert.deepEqual(again.config, r.config);
  });

  test('bad specs: every error is collected and says what to write instead', () => {
    const r = parseFaults([
      'error-rate=2',
      'latency=GET /nope:5',
      'latency=GET /api/incidents',
      'db-pool=1.5',
      'warp-drive',
      'leak',
      'hpa-frozen=yes',
      42,
    ]);
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 8);
    assert.match(r.errors[0], /error-rate must be a number from 0 to 1, e\.g\. --fault error-rate=0\.05/);
    assert.match(r.errors[1], /unknown route "GET \/nope"; use one of: GET \/health\/liveness/);
    assert.match(r.errors[2], /latency needs <METHOD \/route>:<ms>/);
    assert.match(r.errors[3], /db-pool must be a whole number/);
    assert.match(r.errors[4], /unknown fault "warp-drive"; known faults: hpa-frozen/);
    assert.match(r.errors[5], /leak needs a value/);
    assert.match(r.errors[6], /hpa-frozen is a switch/);
    assert.match(r.errors[7], /must be a string/);
  });

  test('a crash without a target names every valid target', () => {
    const r = parseFaults(['crash=']);
    assert.ok(!r.ok);
    assert.match(r.errors[0], /crash needs a pod name, "server", "chatbot" or "celery", e\.g\. --fault crash=server/);
  });

  test('an empty list is no faults', () => {
    const r = parseFaults([]);
    assert.ok(r.ok);
    assert.deepEqual(r.config, emptyFaults());
  });
});

describe('the fault registry: every fault declares its parse, effect, help and way back to a spec', () => {
  for (const fault of FAULTS) {
    test(`${fault.name}: its example parses, has an effect, and comes back as the same spec`, () => {
      const r = parseFaults([fault.example]);
      assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
      if (fault.kind === 'state') {
        assert.notDeepEqual(r.config, emptyFaults(), 'the example changes the active state');
        assert.deepEqual(fault.toSpecs(r.config), [fault.example]);
        assert.deepEqual(fault.toSpecs(emptyFaults()), [], 'no spec while the fault is off');
        assert.deepEqual(faultsToSpecs(r.config), [fault.example], 'GET /__sim/faults shows it');
      } else {
        assert.deepEqual(r.config, emptyFaults(), 'an action leaves no state');
        assert.equal(r.actions.length, 1);
        assert.equal(fault.toSpec(r.actions[0]!), fault.example);
        assert.deepEqual(faultsToSpecs(r.config), [], 'GET /__sim/faults shows no action');
      }
    });
  }

  test("every field of the fault state is set by some fault's example", () => {
    const all = parseFaults(FAULTS.map((f) => f.example));
    assert.ok(all.ok);
    const empty = emptyFaults();
    for (const key of Object.keys(empty) as (keyof typeof empty)[]) {
      assert.notDeepEqual(all.config[key], empty[key], `no fault sets ${key}: declare one in sim/faults/registry.ts`);
    }
  });

  test('the help has one line per fault, with its usage and an example', () => {
    assert.equal(FAULT_HELP.length, FAULTS.length);
    FAULTS.forEach((f, i) => {
      assert.ok(FAULT_HELP[i]!.startsWith(f.usage), FAULT_HELP[i]);
      assert.ok(FAULT_HELP[i]!.includes(f.example), FAULT_HELP[i]);
      assert.doesNotMatch(FAULT_HELP[i]!, /undefined/);
    });
    assert.ok(
      FAULT_HELP.some((l) => l.startsWith('crash=<pod|server|chatbot|celery>')),
      'crash lists celery',
    );
  });

  test('sim/README.md has a row for every fault', () => {
    const readme = readFileSync(new URL('../../sim/README.md', import.meta.url), 'utf8');
    for (const f of FAULTS) assert.match(readme, new RegExp(`^\\| \`${f.name}[=\`]`, 'm'), `no row for ${f.name}`);
  });
});

describe('npm run sim flags', () => {
  test('flags map to SimOptions; --fault repeats', () => {
    const r = parseCliArgs([
      '--port',
      '0',
      '--k8s-port=0',
      '--time-scale',
      '20',
      '--seed',
      '3',
      '--fault',
      'hpa-frozen',
      '--fault',
      'error-rate=0.1',
      '--kubeconfig',
      '/tmp/k',
    ]);
    assert.deepEqual(r, {
      ok: true,
      help: false,
      options: {
        port: 0,
        k8sPort: 0,
        timeScale: 20,
        seed: 3,
        faults: ['hpa-frozen', 'error-rate=0.1'],
        kubeconfigPath: '/tmp/k',
      },
    });
  });
  test('bad flags name the flag and the fix', () => {
    const r = parseCliArgs(['--port', 'x', '--time-scale', '0', '--bogus', '--fault']);
    assert.ok(!r.ok);
    assert.match(r.errors.join('\n'), /--port must be an integer 0\.\.65535, got "x"/);
    assert.match(r.errors.join('\n'), /--time-scale must be a number > 0/);
    assert.match(r.errors.join('\n'), /unknown argument "--bogus"/);
    assert.match(r.errors.join('\n'), /--fault needs a value/);
  });
});

test('--print-env takes an optional path: alone (or before another flag) it means stdout', () => {
  const at = (argv: string[]) => {
    const r = parseCliArgs(argv);
    return r.ok ? r.printEnv : r.errors.join();
  };
  assert.equal(at(['--print-env']), '-');
  assert.equal(at(['--print-env', '--time-scale', '20']), '-');
  assert.equal(at(['--print-env', 'envs/sim-shared.yaml', '--port', '0']), 'envs/sim-shared.yaml');
  assert.equal(at(['--print-env=/tmp/x.yaml']), '/tmp/x.yaml');
  assert.equal(at(['--port', '0']), undefined);
});
