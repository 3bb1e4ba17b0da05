// Specification of `npm run preflight` against the simulator: the healthy chart passes; each
// misconfiguration fault fails the item it breaks, naming it and its fix (exit 6 when the item is
// a must-have); the HPA-only user gets `unknown` items naming the missing permission, exit 0.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { ROOT } from '../cli/load-helpers.ts';
import type { PreflightItem } from '../../cli/verdict/index.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function preflight(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/preflight.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** The line of one item, its evidence and fix lines (the indented ones after it). */
function block(stdout: string, id: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\S+\\s+${id}\\s`).test(l));
  assert.ok(start >= 0, `no line for ${id} in:\n${stdout}`);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
  return lines.slice(start, end).join('\n');
}

describe('npm run preflight -- --env local', { concurrency: 2 }, () => {
  test('passes on the healthy simulator: every item but none fails, exit 0', async () => {
    const r = await preflight(['--env', 'local']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^preflight passed: no must-have failed \(10 pass, 0 warn, 0 fail, 0 unknown\)$/m);
    assert.match(block(r.stdout, 'celery-beat-single'), /Deployment\/aurora-oss-celery-beat spec\.replicas = 1/);
  });

  test('--json prints the checklist as data', async () => {
    const r = await preflight(['--env', 'local', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { passed: boolean; items: PreflightItem[] };
    assert.equal(out.passed, true);
    assert.equal(out.items.length, 10);
    assert.deepEqual(out.items.find((i) => i.id === 'ws-affinity')?.evidence[0], {
      object: 'Ingress/aurora-oss-chatbot',
      field: 'metadata.annotations["nginx.ingress.kubernetes.io/affinity"]',
      value: 'cookie',
    });
  });

  const faults: { fault: string; item: string; exit: number; fix: RegExp; evidence: RegExp }[] = [
    {
      fault: 'beat-replicas=2',
      item: 'celery-beat-single',
      exit: 6,
      fix: /fix: set celeryBeat\.replicas: 1/,
      evidence: /Deployment\/aurora-oss-celery-beat spec\.replicas = 2/,
    },
    {
      fault: 'no-affinity',
      item: 'ws-affinity',
      exit: 6,
      fix: /fix: annotate the chatbot Ingress nginx\.ingress\.kubernetes\.io\/affinity: "cookie"/,
      evidence:
        /Ingress\/aurora-oss-chatbot metadata\.annotations\["nginx\.ingress\.kubernetes\.io\/affinity"\] = <unset>/,
    },
    {
      fault: 'no-requests=aurora-oss-server',
      item: 'hpa-present',
      exit: 6,
      fix: /fix: .*resources\.requests\.cpu/,
      evidence:
        /Deployment\/aurora-oss-server spec\.template\.spec\.containers\[\*\]\.resources\.requests\.cpu = missing on aurora-server/,
    },
    {
      fault: 'no-pdb',
      item: 'pdb',
      exit: 0,
      fix: /fix: add a PodDisruptionBudget/,
      evidence: /Deployment\/aurora-oss-server PodDisruptionBudget = none selects its pods/,
    },
    {
      fault: 'db-max-connections=40',
      item: 'db-connection-budget',
      exit: 0,
      fix: /fix: put PgBouncer in front of postgres/,
      evidence: /StatefulSet\/aurora-oss-postgres spec\.template\.spec\.containers\[0\]\.args = max_connections=40/,
    },
  ];
  for (const f of faults) {
    test(`--sim-fault ${f.fault}: ${f.item} fails with its evidence and fix${f.exit ? ', exit 6 (a must-have)' : ' (not a must-have: exit 0)'}`, async () => {
      const r = await preflight(['--env', 'local', '--sim-fault', f.fault]);
      assert.equal(r.code, f.exit, r.stderr + r.stdout);
      const b = block(r.stdout, f.item);
      assert.match(b, new RegExp(`^FAIL\\s+${f.item}`));
      assert.match(b, f.evidence);
      assert.match(b, f.fix);
      if (f.exit) assert.match(r.stdout, new RegExp(`^preflight FAILED: must-have ${f.item} failed`, 'm'));
    });
  }

  test('as the HPA-only user: unknown items name the missing permission, exit 0', async () => {
    const r = await preflight(['--env', 'local', '--context', 'aurora-sim-hpa-reader']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(
      block(r.stdout, 'celery-beat-single'),
      /^unknown\s+celery-beat-single\s+\(must-have\)\s+forbidden: needs "list" on deployments\.apps/,
    );
    assert.match(block(r.stdout, 'ws-affinity'), /forbidden: needs "list" on ingresses\.networking\.k8s\.io/);
    assert.match(
      block(r.stdout, 'pdb'),
      /fix: grant the kubeconfig user "list" on poddisruptionbudgets \(apiGroup "policy"\)/,
    );
    assert.match(block(r.stdout, 'capacity'), /^pass/);
    assert.doesNotMatch(r.stdout, /^FAIL/m);
  });
});
