// Specification of a watcher that goes blind during a run: it says so in the terminal when it
// happens (with the server and path), and records when and why in `timeline.blind`, so HPA gates
// over that time are not judged as an autoscaling regression. One dropped watch is a reconnect, not
// blindness. Judged on the pure tracker, then on a watcher of the simulator's Kubernetes API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLIND_AFTER_FAILURES, closeBlindness, newBlindness, streamFailed, streamUp } from '../../cli/k8s/blindness.ts';
import { startWatcher } from '../../cli/k8s/index.ts';
import { startSim } from '../sim/helpers.ts';

test('one failure is a reconnect; failures past the retries make it blind from the first failure until sight is back', () => {
  const b = newBlindness(1000);
  assert.equal(streamFailed(b, 'hpas', 'https://k8s:6443/apis/...: ECONNREFUSED', 2000, false), null);
  assert.equal(streamUp(b, 'hpas', 2500), null, 'a reconnect, no span');
  for (let i = 1; i < BLIND_AFTER_FAILURES; i++)
    assert.equal(streamFailed(b, 'hpas', 'ECONNREFUSED', 3000 + i, false), null);
  const line = streamFailed(b, 'hpas', 'https://k8s:6443/apis/autoscaling/v2/...: ECONNREFUSED', 5000, false);
  assert.match(
    line ?? '',
    /WATCHER BLIND since \+2\.0s: https:\/\/k8s:6443\/apis\/autoscaling\/v2\/\.\.\.: ECONNREFUSED; HPA gates/,
  );
  streamFailed(b, 'deployments', 'ECONNREFUSED', 5100, false);
  assert.equal(streamUp(b, 'hpas', 6000), null, 'still blind while another stream fails');
  assert.match(streamUp(b, 'deployments', 7000) ?? '', /sees the cluster again after 4\.0 s blind/);
  assert.deepEqual(closeBlindness(b, 9000), [
    { from: 3001, to: 7000, reason: 'https://k8s:6443/apis/autoscaling/v2/...: ECONNREFUSED' },
  ]);
});

test('refused credentials make it blind at once, and a span still open at the end closes there', () => {
  const b = newBlindness(0);
  assert.match(streamFailed(b, 'hpas', 'https://k8s/apis/...: HTTP 401', 100, true) ?? '', /WATCHER BLIND/);
  assert.deepEqual(closeBlindness(b, 900), [{ from: 100, to: 900, reason: 'https://k8s/apis/...: HTTP 401' }]);
});

const waitFor = async (what: string, cond: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`${what} not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('the simulator’s API going down mid-run: the terminal says so at once and timeline.blind records it', async () => {
  const sim = await startSim({ timeScale: 50 });
  const lines: string[] = [];
  const watcher = startWatcher({
    kubeconfig: sim.kubeconfigPath,
    namespace: sim.namespace,
    hpas: ['aurora-oss-server'],
    deployments: ['aurora-oss-server'],
    print: (l) => lines.push(l),
    env: {},
  });
  try {
    await waitFor('the first replica line', () => lines.some((l) => l.includes('aurora-oss-server')), 10_000);
    const server = new URL(sim.k8sUrl).origin;
    await sim.close();
    await waitFor('the blind line', () => lines.some((l) => l.includes('WATCHER BLIND')), 15_000);
    const blind = lines.find((l) => l.includes('WATCHER BLIND'))!;
    assert.ok(blind.includes(server), `names the server: ${blind}`);
    assert.match(blind, /\/apis\/(autoscaling\/v2|apps\/v1)\/namespaces\/aurora\//, 'names the path');
  } finally {
    const timeline = await watcher.stop();
    assert.equal(timeline.blind?.length, 1, JSON.stringify(timeline.blind));
    const [span] = timeline.blind!;
    assert.ok(span.from <= span.to && span.to === timeline.endedAt);
    assert.ok(span.from >= timeline.startedAt);
  }
});

test('a healthy watch has no blind span; a refused token or a missing kubeconfig is blind for the whole run', async () => {
  const sim = await startSim({ timeScale: 50 });
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-blind-'));
  try {
    const healthyLines: string[] = [];
    const healthy = startWatcher({
      kubeconfig: sim.kubeconfigPath,
      namespace: sim.namespace,
      hpas: ['aurora-oss-server'],
      deployments: [],
      print: (l) => healthyLines.push(l),
      env: {},
    });
    await waitFor('a replica line', () => healthyLines.length > 0, 10_000);
    assert.deepEqual((await healthy.stop()).blind, []);

    const badToken = join(dir, 'kc.yaml');
    writeFileSync(badToken, readFileSync(sim.kubeconfigPath, 'utf8').replace(/token: .*/, 'token: wrong'));
    const lines: string[] = [];
    const refused = startWatcher({
      kubeconfig: badToken,
      namespace: sim.namespace,
      hpas: ['aurora-oss-server'],
      deployments: [],
      print: (l) => lines.push(l),
      env: {},
    });
    await waitFor('the blind line', () => lines.some((l) => l.includes('WATCHER BLIND')), 10_000);
    assert.match(lines.join('\n'), /HTTP 401/);
    const t = await refused.stop();
    assert.match(t.blind?.[0]?.reason ?? '', /HTTP 401/);

    const printed: string[] = [];
    const none = startWatcher({
      kubeconfig: join(dir, 'missing.yaml'),
      namespace: 'aurora',
      hpas: [],
      deployments: [],
      print: (l) => printed.push(l),
      env: {},
    });
    assert.match(printed.join('\n'), /WATCHER BLIND: watcher not started: kubeconfig .*missing\.yaml does not exist/);
    const t2 = await none.stop();
    assert.equal(t2.blind?.[0]?.from, t2.startedAt);
    assert.equal(t2.blind?.[0]?.to, t2.endedAt);
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
