// Specification of the preflight of a run's own plumbing: before any load, the kubeconfig loads, its
// context exists, the Kubernetes API answers and accepts the credentials, the named HPAs and
// Deployments exist and may be listed and watched, and the target accepts the secret. Each problem
// names the file, server or permission and the fix. Judged on fixed answers, then against the
// simulator's own Kubernetes API and REST API on 127.0.0.1.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkKubeAccess,
  judgeList,
  judgeWatchReview,
  loadKubeTarget,
  WATCHED_KINDS,
  type ApiAnswer,
} from '../../cli/k8s/index.ts';
import { checkPlumbing, judgeSecretAnswer, probeTargetSecret } from '../../cli/plan/plumbing/index.ts';
import type { RunningSim } from '../../sim/index.ts';
import { SECRET, startSim } from '../sim/helpers.ts';

const [HPA, DEPLOYMENT] = WATCHED_KINDS;
const ctx = {
  server: 'https://k8s.example:6443',
  context: 'staging',
  file: '/home/me/.kube/config',
  namespace: 'aurora',
};
const SCOPE = {
  namespace: 'aurora',
  hpas: ['aurora-oss-server', 'aurora-oss-celery-worker'],
  deployments: ['aurora-oss-server', 'aurora-oss-celery-worker', 'aurora-oss-chatbot'],
};

test('the target: a 403 means the secret is wrong; Aurora’s 401 for a missing user means it passed', () => {
  const api = 'https://api.staging.example.com/';
  const wrong = judgeSecretAnswer(
    api,
    { status: 403, body: '{"error":"Forbidden: invalid or missing X-Internal-Secret header"}' },
    'AURORA_STAGING_INTERNAL_API_SECRET',
  );
  assert.equal(wrong.kind, 'problem');
  if (wrong.kind === 'problem') {
    assert.match(wrong.problem.message, /refused the secret in AURORA_STAGING_INTERNAL_API_SECRET/);
    assert.match(
      wrong.problem.message,
      /GET https:\/\/api\.staging\.example\.com\/api\/incidents\?limit=1 answered 403/,
    );
    assert.match(wrong.problem.fix, /export AURORA_STAGING_INTERNAL_API_SECRET/);
  }
  assert.equal(judgeSecretAnswer(api, { status: 401, body: '{"error":"Unauthorized"}' }, 'S').kind, 'accepted');
  assert.equal(judgeSecretAnswer(api, { status: 200, body: '{"incidents":[]}' }, 'S').kind, 'accepted');
  assert.equal(judgeSecretAnswer(api, { status: 401, body: 'Basic realm' }, 'S').kind, 'problem', 'a proxy’s 401');
  assert.equal(judgeSecretAnswer(api, { status: 404, body: '<html>' }, 'S').kind, 'problem', 'not the API host');
  assert.equal(judgeSecretAnswer(api, { status: 503, body: '' }, 'S').kind, 'unclear');
  assert.equal(judgeSecretAnswer(api, { error: 'ECONNREFUSED' }, 'S').kind, 'unreachable');
  const echoed = judgeSecretAnswer(api, { status: 403, body: '{"error":"bad secret hunter2"}' }, 'S', 'hunter2');
  assert.ok(echoed.kind === 'problem' && !echoed.problem.message.includes('hunter2'), 'the secret is never repeated');
});

test('Kubernetes: unreachable, refused credentials, no permission and missing objects are named with the fix', () => {
  const down = judgeList(HPA, SCOPE.hpas, { error: 'ECONNREFUSED' }, ctx);
  assert.equal(down.stop, true);
  assert.match(
    down.problem!.message,
    /Kubernetes API https:\/\/k8s\.example:6443 unreachable \(ECONNREFUSED\); context staging of \/home\/me\/\.kube\/config/,
  );
  const refused = judgeList(HPA, SCOPE.hpas, { status: 401, body: {} }, ctx);
  assert.equal(refused.stop, true);
  assert.match(refused.problem!.message, /refused the credentials of context staging .*401/);
  const forbidden = judgeList(DEPLOYMENT, SCOPE.deployments, { status: 403, body: {} }, ctx);
  assert.match(forbidden.problem!.message, /may not list deployments\.apps in namespace aurora .*403/);
  assert.match(
    forbidden.problem!.fix,
    /get, list and watch on horizontalpodautoscalers \(autoscaling\) and deployments \(apps\)/,
  );
  const items = (...names: string[]) => ({
    status: 200,
    body: { items: names.map((name) => ({ metadata: { name } })) },
  });
  const missing = judgeList(HPA, SCOPE.hpas, items('aurora-oss-server'), ctx);
  assert.match(
    missing.problem!.message,
    /HPA aurora-oss-celery-worker not found in namespace aurora .*found: aurora-oss-server/,
  );
  assert.match(missing.problem!.fix, /kubernetes\.hpas/);
  assert.equal(judgeList(HPA, SCOPE.hpas, items(...SCOPE.hpas, 'other'), ctx).problem, null);
  const noWatch = judgeWatchReview(HPA, { status: 201, body: { status: { allowed: false } } }, ctx);
  assert.match(noWatch!.message, /may not watch horizontalpodautoscalers\.autoscaling in namespace aurora/);
  assert.equal(judgeWatchReview(HPA, { status: 201, body: { status: { allowed: true } } }, ctx), null);
  assert.equal(judgeWatchReview(HPA, { status: 404, body: {} }, ctx), null, 'no access reviews: cannot tell');
});

test('the kubeconfig: a missing file, a missing context and a broken file are named with where they came from', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aurora-load-kubeconfig-'));
  try {
    const missing = loadKubeTarget(
      { kubeconfig: join(dir, 'nope.yaml'), origin: 'kubernetes.kubeconfig in envs/staging.yaml' },
      {},
    );
    assert.ok(!missing.ok);
    if (!missing.ok) {
      assert.match(
        missing.problem.message,
        /kubeconfig .*nope\.yaml does not exist \(kubernetes\.kubeconfig in envs\/staging\.yaml\)/,
      );
      assert.match(missing.problem.fix, /point kubernetes\.kubeconfig in envs\/staging\.yaml at a readable kubeconfig/);
    }
    const viaEnv = loadKubeTarget({}, { KUBECONFIG: join(dir, 'gone.yaml'), HOME: dir });
    assert.ok(!viaEnv.ok && /gone\.yaml does not exist \(\$KUBECONFIG\)/.test(viaEnv.problem.message));
    const noHome = loadKubeTarget({}, { HOME: dir });
    assert.ok(
      !noHome.ok && /\.kube\/config does not exist \(the default ~\/\.kube\/config\)/.test(noHome.problem.message),
    );
    const file = join(dir, 'kubeconfig.yaml');
    writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\n' +
        'users: [{name: u, user: {token: t}}]\ncontexts: [{name: dev, context: {cluster: c, user: u}}]\ncurrent-context: dev\n',
    );
    const noContext = loadKubeTarget({ kubeconfig: file, context: 'staging' }, {});
    assert.ok(!noContext.ok && /has no context "staging" \(contexts: dev\)/.test(noContext.problem.message));
    writeFileSync(join(dir, 'broken.yaml'), 'clusters: [unclosed');
    const broken = loadKubeTarget({ kubeconfig: join(dir, 'broken.yaml') }, {});
    assert.ok(!broken.ok && /is not a valid kubeconfig/.test(broken.problem.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a 403 on the list stops neither the other kind nor hides it; a denied watch is found by an access review', async (t) => {
  const kcDir = mkdtempSync(join(tmpdir(), 'aurora-load-kc-'));
  t.after(() => rmSync(kcDir, { recursive: true, force: true }));
  const file = join(kcDir, 'kc.yaml');
  writeFileSync(
    file,
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]\n' +
      'users: [{name: u, user: {token: t}}]\ncontexts: [{name: ci, context: {cluster: c, user: u}}]\ncurrent-context: ci\n',
  );
  const answers: Record<string, ApiAnswer> = {
    'GET /apis/autoscaling/v2/namespaces/aurora/horizontalpodautoscalers': { status: 403, body: {} },
    'GET /apis/apps/v1/namespaces/aurora/deployments': {
      status: 200,
      body: { items: SCOPE.deployments.map((name) => ({ metadata: { name } })) },
    },
    'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews': {
      status: 201,
      body: { status: { allowed: false } },
    },
  };
  const asked: string[] = [];
  const r = await checkKubeAccess({ kubeconfig: file }, SCOPE, {}, () => async (method, path) => {
    asked.push(`${method} ${path}`);
    return answers[`${method} ${path}`] ?? { status: 500, body: {} };
  });
  assert.equal(r.problems.length, 2, r.problems.map((p) => p.message).join('\n'));
  assert.match(r.problems[0].message, /context ci may not list horizontalpodautoscalers\.autoscaling .*10\.0\.0\.1/);
  assert.match(r.problems[1].message, /may not watch deployments\.apps/);
  assert.equal(asked.length, 3, 'no access review for a kind that cannot even be listed');
});

let sim: RunningSim;
let dir: string;
before(async () => {
  sim = await startSim({ timeScale: 50 });
  dir = mkdtempSync(join(tmpdir(), 'aurora-load-preflight-'));
});
after(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

test('against the simulator: its kubeconfig passes, a wrong token and a closed port do not', async () => {
  const ok = await checkKubeAccess({ kubeconfig: sim.kubeconfigPath, context: 'aurora-sim' }, SCOPE, {});
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.checked?.context, 'aurora-sim');

  const typo = await checkKubeAccess({ kubeconfig: sim.kubeconfigPath }, { ...SCOPE, hpas: ['aurora-oss-sever'] }, {});
  assert.match(typo.problems[0]?.message ?? '', /HPA aurora-oss-sever not found in namespace aurora/);

  const text = readFileSync(sim.kubeconfigPath, 'utf8');
  const badToken = join(dir, 'bad-token.yaml');
  writeFileSync(badToken, text.replace(/token: .*/, 'token: not-the-token'));
  const refused = await checkKubeAccess({ kubeconfig: badToken }, SCOPE, {});
  assert.match(refused.problems[0]?.message ?? '', /refused the credentials of context aurora-sim .*401/);

  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const closed = join(dir, 'closed.yaml');
  writeFileSync(closed, text.replace(/server: .*/, `server: https://127.0.0.1:${port}`));
  const down = await checkKubeAccess({ kubeconfig: closed }, SCOPE, {});
  assert.match(
    down.problems[0]?.message ?? '',
    new RegExp(`Kubernetes API https://127\\.0\\.0\\.1:${port} unreachable \\(ECONNREFUSED\\)`),
  );
});

test('against the simulator: the right secret is accepted, a wrong one is a problem naming the variable', async () => {
  assert.equal((await probeTargetSecret(sim.url, SECRET, 'INTERNAL_API_SECRET')).kind, 'accepted');
  const report = await checkPlumbing({
    apiUrl: sim.url,
    secretEnvVar: 'MY_SECRET',
    secret: 'wrong-secret-value',
    kube: { kubeconfig: sim.kubeconfigPath, ...SCOPE },
    env: {},
  });
  assert.equal(report.problems.length, 1);
  assert.match(
    report.problems[0].message,
    /the target refused the secret in MY_SECRET: GET http:\/\/127\.0\.0\.1:\d+\/api\/incidents\?limit=1 answered 403/,
  );
  assert.ok(!JSON.stringify(report).includes('wrong-secret-value'));
  assert.match(report.notes.join('\n'), /lists and may watch 2 HPA\(s\) and 3 Deployment\(s\) in aurora/);
});
