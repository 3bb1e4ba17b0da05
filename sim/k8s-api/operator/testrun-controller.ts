// One TestRun run as grafana/k6-operator runs it, with local k6 processes for pods:
//  1. initialization: the initializer job checks the script (the ConfigMap and its file) and the
//     arguments (k6 inspect's part); a problem fails the TestRun to stage `error` with the message;
//  2. initialized -> created: N runner jobs/pods, each a `k6 run --execution-segment... --paused
//     --address=127.0.0.1:<free port>` process with the runner's env (env, envFrom Secrets and
//     ConfigMaps), the script in a temp dir; a pod is Ready once its REST API answers, paused;
//  3. started: once every runner is Ready (and spec.paused is not "true") the starter job resumes
//     them all at once (PATCH /v1/status paused=false);
//  4. stopped -> finished when every runner ended (finished even if one failed: its pod tells),
//     the jobs and pods deleted then with `cleanup: post`.
// cancel() (the TestRun deleted, the simulator closing) stops the processes (SIGTERM, then SIGKILL)
// and removes the jobs, pods and temp files.
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../objects.ts';
import { rfc3339 } from '../objects.ts';
import type { ObjectStore } from '../store.ts';
import { isReady, resumeRunner, runnerStatus } from './k6-rest.ts';
import { type Owner, type PodState, type Role, renderJob, renderPod } from './render.ts';
import { freePort } from '../../../cli/processes/free-port.ts';
import { NO_K6_BINARY, decodedData, inspectTestRun } from './initializer.ts';
import { type TestRunSpec, runnerArgs, scriptFile } from './runner-command.ts';
import { runnerEnv } from './runner-env.ts';
import { type ProcessGuard, type RunnerProcess, startRunnerProcess } from './runner-process.ts';
import { type Running, type Stage, testRunStatus } from './testrun-status.ts';

export { NO_K6_BINARY };

export interface ControllerDeps {
  store: ObjectStore;
  nowMs: () => number;
  k6Binary: string | undefined;
  /** Where this TestRun's script and runner working directories go (removed on cancel). */
  workDir: string;
  guard: () => ProcessGuard;
  /** Real ms a stopped runner gets between SIGTERM and SIGKILL. */
  graceMs: number;
  /** Real ms the runners get to become Ready before the TestRun fails. */
  readyTimeoutMs: number;
}

const POLL_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const suffix = () =>
  randomUUID()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 5);

export class TestRunController {
  private readonly pods: PodState[] = [];
  private readonly procs = new Map<string, RunnerProcess>();
  private readonly textLogs = new Map<string, string>();
  private cancelled = false;
  private stage: Stage = 'initialization';
  private running: Running = 'Unknown';
  private readonly since: { running: string; created: string };
  private readonly owner: Owner;
  private readonly spec: TestRunSpec;

  constructor(
    private readonly deps: ControllerDeps,
    testrun: KubeObject,
  ) {
    this.owner = {
      name: testrun.metadata.name,
      namespace: testrun.metadata.namespace!,
      uid: String(testrun.metadata.uid),
    };
    this.spec = testrun.spec as TestRunSpec;
    const now = rfc3339(deps.nowMs());
    this.since = { running: now, created: now };
  }

  /** A pod's log (the process output, or what the initializer and starter did). */
  podLog(namespace: string, name: string): string | undefined {
    if (namespace !== this.owner.namespace) return undefined;
    return this.procs.get(name)?.log() ?? this.textLogs.get(name);
  }

  async run(): Promise<void> {
    if (this.cancelled) return;
    this.setStage('initialization', 'Unknown');
    const init = this.newPod('initializer', undefined, [
      'k6',
      'inspect',
      '--execution-requirements',
      `/test/${scriptFile(this.spec.script)}`,
    ]);
    init.startedMs = this.deps.nowMs();
    const { script, problem } = inspectTestRun(this.spec, this.deps.store, this.owner.namespace, this.deps.k6Binary);
    this.textLogs.set(
      init.name,
      problem
        ? `error: ${problem}\n`
        : `{"script":"${scriptFile(this.spec.script)}","parallelism":${this.spec.parallelism}}\n`,
    );
    this.endPod(init, problem ? 1 : 0);
    if (problem) return this.fail(problem);
    if (this.cancelled) return;
    this.setStage('initialized', 'Unknown');
    const file = join(this.deps.workDir, 'test', scriptFile(this.spec.script));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, script!);

    const n = this.spec.parallelism;
    const runners: PodState[] = [];
    for (let i = 1; i <= n; i++) {
      const address = `127.0.0.1:${await freePort()}`;
      runners.push(
        this.newPod('runner', i, ['k6', ...runnerArgs(this.spec, i, n, address, file, this.owner.name)], address),
      );
    }
    if (this.cancelled) return;
    this.setStage('created', 'Unknown');
    await Promise.all(runners.map((pod) => this.startRunner(pod)));
    if (this.cancelled) return;
    const notReady = await this.waitUntilReady(runners);
    if (this.cancelled) return;
    if (notReady) {
      await Promise.all(runners.map((p) => this.procs.get(p.name)?.stop(this.deps.graceMs)));
      return this.fail(notReady);
    }

    const starter = this.newPod('starter', undefined, ['curl', '-X', 'PATCH', '...', '/v1/status']);
    starter.startedMs = this.deps.nowMs();
    const answers = await Promise.all(
      runners.map((p) => resumeRunner(p.address!).catch((e: Error) => ({ code: 0, text: e.message }))),
    );
    this.textLogs.set(
      starter.name,
      answers.map((a, i) => `PATCH http://${runners[i]!.address}/v1/status -> ${a.code} ${a.text}\n`).join(''),
    );
    this.endPod(starter, answers.every((a) => a.code === 200) ? 0 : 1);
    if (this.cancelled) return;
    this.setStage('started', 'True');

    await Promise.all(runners.map((p) => this.procs.get(p.name)?.exited));
    if (this.cancelled) return;
    this.setStage('stopped', 'False');
    this.setStage('finished', 'False');
    if (this.spec.cleanup === 'post') this.removePods();
  }

  /** Stops every process, removes the jobs, pods and temp files. Idempotent. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await Promise.all([...this.procs.values()].map((p) => p.stop(this.deps.graceMs)));
    this.removePods();
    rmSync(this.deps.workDir, { recursive: true, force: true });
  }

  private async startRunner(pod: PodState): Promise<void> {
    const lookup = {
      secret: (name: string) => {
        const s = this.deps.store.get('secrets', this.owner.namespace, name);
        return s && decodedData(s.data);
      },
      configMap: (name: string) => {
        const c = this.deps.store.get('configmaps', this.owner.namespace, name);
        return c && { ...(c.data as Record<string, string>), ...decodedData(c.binaryData) };
      },
    };
    // The kubelet retries a container whose config is missing until it appears.
    let env = runnerEnv((this.spec.runner ?? {}) as never, lookup);
    while (!env.ok && !this.cancelled) {
      if (pod.waiting?.message !== env.message) {
        pod.waiting = { reason: env.reason, message: env.message };
        this.publish();
      }
      await sleep(POLL_MS * 5);
      env = runnerEnv((this.spec.runner ?? {}) as never, lookup);
    }
    if (this.cancelled || !env.ok) return;
    const cwd = join(this.deps.workDir, pod.name);
    mkdirSync(cwd, { recursive: true });
    const base = { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: cwd };
    const proc = startRunnerProcess({
      bin: this.deps.k6Binary!,
      args: pod.command.slice(1),
      env: { ...base, ...env.env },
      cwd,
      guard: this.deps.guard(),
    });
    this.procs.set(pod.name, proc);
    pod.waiting = undefined;
    pod.startedMs = this.deps.nowMs();
    this.publish();
    void proc.exited.then((code) => this.endPod(pod, code));
  }

  /** Polls every runner's REST API until all are Ready; returns why not if one ended or time ran out. */
  private async waitUntilReady(runners: PodState[]): Promise<string | undefined> {
    const deadline = Date.now() + this.deps.readyTimeoutMs;
    for (;;) {
      if (this.cancelled) return undefined;
      const ended = runners.find((p) => p.exitCode !== undefined);
      if (ended) return `runner ${ended.name} exited with code ${ended.exitCode} before the test started (see its log)`;
      await Promise.all(
        runners
          .filter((p) => p.readyMs === undefined && this.procs.has(p.name))
          .map(async (p) => {
            if (isReady(await runnerStatus(p.address!)) && p.exitCode === undefined) {
              p.readyMs = this.deps.nowMs();
              this.publish();
            }
          }),
      );
      const paused = this.currentSpec()?.paused;
      if (runners.every((p) => p.readyMs !== undefined) && paused !== true && paused !== 'true') return undefined;
      if (Date.now() > deadline) {
        const late = runners
          .filter((p) => p.readyMs === undefined)
          .map((p) => (p.waiting ? `${p.name} (${p.waiting.reason}: ${p.waiting.message})` : p.name));
        if (late.length > 0) return `runners not ready within ${this.deps.readyTimeoutMs / 1000} s: ${late.join(', ')}`;
      }
      await sleep(POLL_MS);
    }
  }

  private currentSpec(): TestRunSpec | undefined {
    return this.deps.store.get('testruns', this.owner.namespace, this.owner.name)?.spec as TestRunSpec | undefined;
  }

  private newPod(role: Role, index: number | undefined, command: string[], address?: string): PodState {
    const job = role === 'runner' ? `${this.owner.name}-${index}` : `${this.owner.name}-${role}`;
    const pod: PodState = {
      name: `${job}-${suffix()}`,
      job,
      role,
      index,
      uid: randomUUID(),
      jobUid: randomUUID(),
      command,
      createdMs: this.deps.nowMs(),
      address,
    };
    this.pods.push(pod);
    this.publish();
    return pod;
  }

  private endPod(pod: PodState, exitCode: number): void {
    pod.exitCode = exitCode;
    pod.finishedMs = this.deps.nowMs();
    pod.startedMs ??= pod.finishedMs;
    this.publish();
  }

  private fail(message: string): void {
    this.setStage('error', 'False', message);
  }

  private setStage(stage: Stage, running: Running, message = ''): void {
    if (this.cancelled) return;
    if (running !== this.running) this.since.running = rfc3339(this.deps.nowMs());
    this.stage = stage;
    this.running = running;
    const current = this.deps.store.get('testruns', this.owner.namespace, this.owner.name);
    if (!current || current.metadata.uid !== this.owner.uid) return;
    this.deps.store.upsert('testruns', {
      ...current,
      status: testRunStatus(this.stage, this.running, this.since, message),
    });
  }

  private podSpecOf(role: Role): Record<string, unknown> {
    return ((role === 'runner' ? this.spec.runner : (this.spec as unknown as Record<string, unknown>)[role]) ??
      {}) as Record<string, unknown>;
  }

  private publish(): void {
    if (this.cancelled) return;
    for (const pod of this.pods) {
      this.deps.store.upsert('jobs', renderJob(this.owner, this.podSpecOf(pod.role), pod));
      this.deps.store.upsert('pods', renderPod(this.owner, this.podSpecOf(pod.role), pod));
    }
  }

  private removePods(): void {
    for (const pod of this.pods) {
      this.deps.store.remove('pods', this.owner.namespace, pod.name);
      this.deps.store.remove('jobs', this.owner.namespace, pod.job);
    }
  }
}
